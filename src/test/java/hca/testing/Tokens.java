package hca.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.auth.ServiceAccountKey;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;

/** Mints RS256 JWTs the way the DSS's own tests did: from a service-account key. */
public final class Tokens {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Tokens() {}

  /** A token with the standard claims (group hca, an hour of validity). */
  public static String mint(ServiceAccountKey key) {
    return mint(key, c -> {});
  }

  /** A token whose claims {@code edit} may change before signing. */
  public static String mint(ServiceAccountKey key, Consumer<ObjectNode> edit) {
    try {
      ObjectNode header = JSON.createObjectNode();
      header.put("alg", "RS256");
      header.put("typ", "JWT");
      header.put("kid", key.keyId());
      long now = Instant.now().getEpochSecond();
      ObjectNode c = JSON.createObjectNode();
      c.put("iss", key.clientEmail());
      c.put("sub", key.clientEmail());
      c.put("aud", "https://dev.data.humancellatlas.org/");
      c.put("iat", now);
      c.put("exp", now + 3600);
      c.putArray("scope").add("email").add("openid").add("offline_access");
      c.put("email", key.clientEmail());
      c.put("https://auth.data.humancellatlas.org/email", key.clientEmail());
      c.put("https://auth.data.humancellatlas.org/group", "hca");
      edit.accept(c);
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signed =
          b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(c));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key.privateKey());
      s.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + b64.encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
