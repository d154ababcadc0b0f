package hca.localdss.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.LocalSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A Google-style service-account key file ({@code type: service_account}, {@code client_email},
 * {@code private_key_id}, PKCS#8 {@code private_key}): what the server trusts, and what a client
 * signs its JWTs with.
 */
public record ServiceAccountKey(
    String clientEmail, String keyId, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Generates a new key for {@code clientEmail} and writes it to {@code file} (mode 0600). */
  public static ServiceAccountKey generate(Path file, String clientEmail, String projectId)
      throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, new SecureRandom());
      KeyPair kp = g.generateKeyPair();
      byte[] id = new byte[20];
      new SecureRandom().nextBytes(id);
      String keyId = HexFormat.of().formatHex(id);
      ObjectNode n = JSON.createObjectNode();
      n.put("type", "service_account");
      n.put("project_id", projectId);
      n.put("private_key_id", keyId);
      n.put("private_key", pem(kp.getPrivate().getEncoded()));
      n.put("client_email", clientEmail);
      n.put("client_id", new BigInteger(1, id).toString());
      n.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
      n.put("token_uri", "https://oauth2.googleapis.com/token");
      LocalSettings.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
      return read(file);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /** Reads a key file; throws {@link IOException} naming the file when it is not one. */
  public static ServiceAccountKey read(Path file) throws IOException {
    JsonNode n = JSON.readTree(Files.readAllBytes(file));
    String email = n.path("client_email").asText(null);
    String keyId = n.path("private_key_id").asText(null);
    String pem = n.path("private_key").asText(null);
    if (email == null || keyId == null || pem == null) {
      throw new IOException(
          file + ": not a service-account key file (needs client_email, private_key_id, private_key)");
    }
    try {
      String b64 =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      KeyFactory kf = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey priv =
          (RSAPrivateCrtKey) kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
      RSAPublicKey pub =
          (RSAPublicKey)
              kf.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
      return new ServiceAccountKey(email, keyId, priv, pub);
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IOException(file + ": private_key is not an RSA PKCS#8 key", e);
    }
  }

  private static String pem(byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }
}
