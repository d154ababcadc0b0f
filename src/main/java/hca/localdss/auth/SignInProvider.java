package hca.localdss.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local DSS as an OAuth 2.0 sign-in provider for installed apps: one public client, loopback
 * redirects (RFC 8252), authorization codes bound to a PKCE S256 challenge, refresh tokens that
 * are rotated on use and revocable (RFC 7009). Its access tokens are RS256 JWTs signed with a key
 * made at start and trusted by the API's {@link JwtVerifier}; codes and refresh tokens live in
 * memory, so a restart signs everyone out.
 */
public final class SignInProvider {

  /** The one client this provider knows: the {@code hca} CLI. */
  public static final String CLIENT_ID = "hca-cli";

  /** The issuer of its tokens, and the key name the verifier trusts them under. */
  public static final String ISSUER = "local-dss-sign-in@hca-local";

  private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A refused token request: the OAuth {@code error} code and a description. */
  public static final class OAuthError extends RuntimeException {
    private final String error;

    public OAuthError(String error, String description) {
      super(description);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }

  /** What the token endpoint answers. */
  public record Tokens(String accessToken, String refreshToken, long expiresIn, String scope) {}

  private record Code(
      String redirectUri, String challenge, String email, String scope, long expiresAt) {}

  private record Session(String email, String scope) {}

  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private final Map<String, Session> refreshTokens = new ConcurrentHashMap<>();
  private final ServiceAccountKey signer;
  private final String audience;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param audience the {@code aud} of its tokens, one the API accepts
   * @param lifetime how long an access token lives (at most an hour: the API refuses longer)
   */
  public SignInProvider(String audience, Duration lifetime, Clock clock) {
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("token lifetime must be between 1 s and 1 h: " + lifetime);
    }
    this.signer = newKey();
    this.audience = audience;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** The key its tokens are signed with, for the verifier to trust. */
  public ServiceAccountKey signingKey() {
    return signer;
  }

  /** Whether {@code uri} is a loopback redirect an installed app may use: http, 127.0.0.1/[::1]/localhost, any port. */
  public static boolean isLoopbackRedirect(String uri) {
    try {
      URI u = new URI(uri);
      String host = u.getHost();
      return "http".equals(u.getScheme())
          && u.getRawQuery() == null
          && u.getRawFragment() == null
          && u.getRawUserInfo() == null
          && ("127.0.0.1".equals(host) || "[::1]".equals(host) || "localhost".equals(host));
    } catch (Exception e) {
      return false;
    }
  }

  /** Records the user's consent and returns the one-use code for the redirect. */
  public String issueCode(String redirectUri, String challenge, String email, String scope) {
    String code = randomToken();
    long expires = clock.instant().plus(CODE_LIFETIME).getEpochSecond();
    codes.put(code, new Code(redirectUri, challenge, email, scope, expires));
    return code;
  }

  /** The {@code authorization_code} grant: the code once, with the redirect and verifier it was issued for. */
  public Tokens exchange(String code, String redirectUri, String verifier) {
    Code c = code == null ? null : codes.remove(code);
    if (c == null || c.expiresAt() < clock.instant().getEpochSecond()) {
      throw new OAuthError("invalid_grant", "the authorization code is unknown, used or expired");
    }
    if (!c.redirectUri().equals(redirectUri)) {
      throw new OAuthError("invalid_grant", "redirect_uri differs from the authorization request's");
    }
    if (verifier == null || !c.challenge().equals(challengeOf(verifier))) {
      throw new OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
    }
    return issue(new Session(c.email(), c.scope()));
  }

  /** The {@code refresh_token} grant: the old refresh token is spent and a new one issued. */
  public Tokens refresh(String refreshToken) {
    Session s = refreshToken == null ? null : refreshTokens.remove(refreshToken);
    if (s == null) {
      throw new OAuthError("invalid_grant", "the refresh token is unknown, used or revoked");
    }
    return issue(s);
  }

  /** RFC 7009: a refresh token is made unusable; anything else is ignored. */
  public void revoke(String token) {
    if (token != null) {
      refreshTokens.remove(token);
    }
  }

  /** The S256 code challenge of a verifier. */
  public static String challengeOf(String verifier) {
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private Tokens issue(Session s) {
    String refresh = randomToken();
    refreshTokens.put(refresh, s);
    return new Tokens(accessToken(s), refresh, lifetime.toSeconds(), s.scope());
  }

  private String accessToken(Session s) {
    long now = clock.instant().getEpochSecond();
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("kid", signer.keyId());
    ObjectNode c = JSON.createObjectNode();
    c.put("iss", ISSUER);
    c.put("sub", s.email());
    c.put("aud", audience);
    c.put("iat", now);
    c.put("exp", now + lifetime.toSeconds());
    c.put("scope", s.scope());
    c.put("email", s.email());
    c.put(JwtVerifier.EMAIL_CLAIM, s.email());
    c.put(JwtVerifier.GROUP_CLAIM, "hca");
    try {
      String signed =
          B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + B64.encodeToString(JSON.writeValueAsBytes(c));
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initSign(signer.privateKey());
      sig.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + B64.encodeToString(sig.sign());
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }

  private static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  private static ServiceAccountKey newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, RANDOM);
      var kp = g.generateKeyPair();
      byte[] id = new byte[20];
      RANDOM.nextBytes(id);
      return new ServiceAccountKey(
          ISSUER, HexFormat.of().formatHex(id), (RSAPrivateCrtKey) kp.getPrivate(),
          (RSAPublicKey) kp.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }
}
