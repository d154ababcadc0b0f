package hca.dss;

import hca.config.HcaConfig;
import hca.config.StoredToken;
import hca.dss.oauth.ClientSecrets;
import hca.dss.oauth.TokenEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's credentials, looked up for each authenticated request, in order: (a) the
 * service-account key file named by {@code GOOGLE_APPLICATION_CREDENTIALS}, from which self-signed
 * JWTs are made; (b) the token stored by {@code hca dss login}, refreshed with its refresh token
 * when it expires within a minute; (c) none, which fails
 * with {@link #LOGIN_MESSAGE} before anything is sent. Neither tokens nor key material appear in
 * messages or {@link #toString()}.
 */
public final class Credentials implements AuthProvider {

  /** The variable naming a service-account key file. */
  public static final String KEY_FILE_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";

  /** The audience of service-account tokens, as the original client set it. */
  public static final String DEFAULT_AUDIENCE = "https://dev.data.humancellatlas.org/";

  /** What an authenticated operation says when there are no credentials. */
  public static final String LOGIN_MESSAGE =
      "Please log in: run \"hca dss login\" (or \"hca dss login --access-token TOKEN\") or set "
          + KEY_FILE_VARIABLE
          + " to a service-account key file";

  /** Where the credentials of a request come from. */
  public enum Source {
    SERVICE_ACCOUNT,
    STORED_TOKEN,
    NONE
  }

  /** A stored token is refreshed when it expires within this. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

  private static final String APPLICATION_SECRETS = "application_secrets";

  private final HcaConfig config;
  private final Map<String, String> env;
  private final String audience;
  private final Clock clock;
  private ServiceAccountJwt serviceAccount;

  /**
   * Credentials from {@code config} and an environment.
   *
   * @param config where the stored token is read from (may be null: no stored token)
   * @param env the environment variables ({@code GOOGLE_APPLICATION_CREDENTIALS} is read)
   * @param audience the {@code aud} of service-account tokens
   * @param clock the clock tokens are dated by
   */
  public Credentials(HcaConfig config, Map<String, String> env, String audience, Clock clock) {
    this.config = config;
    this.env = Map.copyOf(env);
    this.audience = Objects.requireNonNull(audience, "audience");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Credentials from a configuration and its environment ({@link HcaConfig#environment()}). */
  public static Credentials of(HcaConfig config) {
    return new Credentials(config, config.environment().env(), DEFAULT_AUDIENCE, Clock.systemUTC());
  }

  /** Where the next request's credentials would come from; reads no key file. */
  public Source source() {
    if (keyFile().isPresent()) {
      return Source.SERVICE_ACCOUNT;
    }
    return storedToken().isPresent() ? Source.STORED_TOKEN : Source.NONE;
  }

  /**
   * {@inheritDoc}
   *
   * @throws CredentialsException with {@link #LOGIN_MESSAGE} when there are none, naming the key
   *     file when it is bad, or when the stored token has expired
   */
  @Override
  public String authorization() {
    Optional<Path> keyFile = keyFile();
    if (keyFile.isPresent()) {
      return "Bearer " + serviceAccount(keyFile.get()).token();
    }
    Optional<StoredToken> stored = storedToken();
    if (stored.isPresent()) {
      StoredToken t = renewed(stored.get());
      if (t.expiresWithin(Duration.ZERO, clock.instant())) {
        throw new CredentialsException(
            "The stored access token has expired; " + LOGIN_MESSAGE.substring(0, 1).toLowerCase()
                + LOGIN_MESSAGE.substring(1));
      }
      return t.tokenType() + " " + t.accessToken();
    }
    throw new CredentialsException(LOGIN_MESSAGE);
  }

  /**
   * A stored token that expires within a minute is refreshed at the token endpoint of the stored
   * {@code application_secrets}, and the new pair is stored (the provider may rotate the refresh
   * token). Without a refresh token or client configuration the token is returned as it is.
   */
  private synchronized StoredToken renewed(StoredToken t) {
    if (!t.expiresWithin(RENEW_BEFORE, clock.instant()) || t.refreshToken() == null) {
      return t;
    }
    StoredToken current = storedToken().orElse(t); // another thread may have refreshed it
    if (!current.expiresWithin(RENEW_BEFORE, clock.instant()) || current.refreshToken() == null) {
      return current;
    }
    Optional<ClientSecrets> secrets =
        config.get(APPLICATION_SECRETS)
            .map(n -> ClientSecrets.fromJson(n, "the configuration's " + APPLICATION_SECRETS));
    if (secrets.isEmpty()) {
      return current;
    }
    StoredToken fresh;
    try {
      fresh =
          new TokenEndpoint(secrets.get(), config.allowInsecureHttp(), clock)
              .refresh(current.refreshToken());
    } catch (CredentialsException e) {
      throw new CredentialsException(
          e.getMessage() + "; " + LOGIN_MESSAGE.substring(0, 1).toLowerCase() + LOGIN_MESSAGE.substring(1), e);
    }
    config.storeToken(fresh);
    return fresh;
  }

  private Optional<Path> keyFile() {
    String v = env.get(KEY_FILE_VARIABLE);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
  }

  private Optional<StoredToken> storedToken() {
    return config == null ? Optional.empty() : config.token();
  }

  private synchronized ServiceAccountJwt serviceAccount(Path file) {
    if (serviceAccount == null || !serviceAccount.file().equals(file)) {
      serviceAccount = ServiceAccountJwt.load(file, audience, clock);
    }
    return serviceAccount;
  }

  @Override
  public String toString() {
    return "Credentials[" + source() + "]";
  }
}
