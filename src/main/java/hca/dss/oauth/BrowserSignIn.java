package hca.dss.oauth;

import hca.config.StoredToken;
import hca.dss.CredentialsException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The OAuth 2.0 authorization-code flow of an installed app (RFC 8252) with PKCE S256 (RFC 7636):
 * a loopback redirect, the authorization URL handed to a browser opener, the redirect's state
 * checked, the code exchanged with its verifier.
 */
public final class BrowserSignIn {

  /** The scopes the original client asked for. */
  public static final String SCOPE = "openid email offline_access";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final ClientSecrets client;
  private final TokenEndpoint tokens;

  public BrowserSignIn(ClientSecrets client, TokenEndpoint tokens) {
    this.client = client;
    this.tokens = tokens;
  }

  /**
   * Runs the flow.
   *
   * @param open shows the authorization URL to the user (opens a browser, or prints it)
   * @param timeout how long to wait for the redirect
   * @throws CredentialsException when consent is refused, the state differs, no code comes in time
   *     or the code is refused
   */
  public StoredToken run(Consumer<URI> open, Duration timeout) throws IOException, InterruptedException {
    String verifier = random();
    String state = random();
    try (LoopbackReceiver receiver = LoopbackReceiver.start()) {
      URI url = authorizationUrl(receiver.redirectUri(), state, challenge(verifier));
      open.accept(url);
      Optional<LoopbackReceiver.Redirect> got = receiver.await(timeout);
      if (got.isEmpty()) {
        throw new CredentialsException(
            "Sign-in timed out: no answer from the browser within " + timeout.toSeconds() + " s");
      }
      LoopbackReceiver.Redirect r = got.get();
      if (!state.equals(r.get("state").orElse(null))) {
        throw new CredentialsException(
            "Sign-in failed: the redirect's state does not match this login's (a stale or forged redirect)");
      }
      if (r.get("error").isPresent()) {
        throw new CredentialsException("Sign-in was refused: " + oneLine(r.get("error").get()));
      }
      String code = r.get("code").orElse("");
      if (code.isEmpty()) {
        throw new CredentialsException("Sign-in failed: the redirect carried no code");
      }
      return tokens.exchange(code, receiver.redirectUri(), verifier);
    }
  }

  URI authorizationUrl(String redirectUri, String state, String challenge) {
    String base = client.authUri().toString();
    String q =
        "client_id=" + TokenEndpoint.enc(client.clientId())
            + "&redirect_uri=" + TokenEndpoint.enc(redirectUri)
            + "&response_type=code"
            + "&scope=" + TokenEndpoint.enc(SCOPE).replace("+", "%20")
            + "&state=" + state
            + "&code_challenge=" + challenge
            + "&code_challenge_method=S256"
            + "&access_type=offline";
    return URI.create(base + (base.contains("?") ? "&" : "?") + q);
  }

  static String challenge(String verifier) {
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** An error code from the redirect, kept printable and short. */
  private static String oneLine(String s) {
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 100 ? t.substring(0, 100) + "..." : t;
  }
}
