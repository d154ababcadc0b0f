package hca.transfer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Small shared pieces of checksum handling. */
final class Digests {

  /** The sha256 of no bytes at all. */
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private Digests() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
