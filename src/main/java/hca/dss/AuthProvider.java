package hca.dss;

/**
 * Supplies the {@code Authorization} header for operations that need credentials. Called for each
 * such request, so an implementation may renew a token that is about to expire.
 */
@FunctionalInterface
public interface AuthProvider {

  /**
   * The value of the {@code Authorization} header, for example {@code Bearer eyJ...}.
   *
   * @throws CredentialsException when there are no usable credentials
   */
  String authorization();

  /** Credentials that are never there: every authenticated operation fails with the login message. */
  static AuthProvider none() {
    return () -> {
      throw new CredentialsException(Credentials.LOGIN_MESSAGE);
    };
  }

  /** A fixed bearer token. */
  static AuthProvider bearer(String token) {
    String header = "Bearer " + token;
    return new AuthProvider() {
      @Override
      public String authorization() {
        return header;
      }

      @Override
      public String toString() {
        return "AuthProvider[bearer token]";
      }
    };
  }
}
