package hca.localdss.cloud;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Object content on its way in: a temporary file, with the length, CRC-32C and MD5 of what has
 * been appended so far. Appends may come in several requests (resumable uploads); each counts only
 * the bytes that reached the file, so an interrupted request leaves a consistent prefix.
 */
final class UploadSpool implements Closeable {

  private static final int BUFFER = 1 << 20;

  private final Path file;
  private final CRC32C crc = new CRC32C();
  private final MessageDigest md5;
  private long length;

  UploadSpool() throws IOException {
    file = Files.createTempFile("hca-gcs-upload-", ".part");
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }

  /**
   * Appends from {@code in}: first skips {@code skip} bytes the spool already has, then appends
   * up to {@code max} bytes (-1: to the end of the stream).
   *
   * @return the number of bytes appended
   */
  long append(InputStream in, long skip, long max) throws IOException {
    long skipped = 0;
    byte[] buf = new byte[BUFFER];
    while (skipped < skip) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, skip - skipped));
      if (n < 0) {
        throw new EOFException("body ended within bytes already received");
      }
      skipped += n;
    }
    long appended = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      while (max < 0 || appended < max) {
        int want = max < 0 ? buf.length : (int) Math.min(buf.length, max - appended);
        int n = in.readNBytes(buf, 0, want);
        if (n <= 0) {
          break;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        crc.update(buf, 0, n);
        md5.update(buf, 0, n);
        length += n;
        appended += n;
        if (n < want) {
          break;
        }
      }
    }
    return appended;
  }

  long length() {
    return length;
  }

  String crc32cHex() {
    return String.format("%08x", crc.getValue());
  }

  String crc32cBase64() {
    return GcsResources.crc32cBase64(crc.getValue());
  }

  String md5Base64() {
    try {
      MessageDigest copy = (MessageDigest) md5.clone();
      return Base64.getEncoder().encodeToString(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("MD5 digest cannot be cloned", e);
    }
  }

  /**
   * Checks checksums a client declared (base64, as in a resource or an {@code x-goog-hash}
   * header; null: not declared) against the content received; 400 on a mismatch.
   */
  void verify(String crc32c, String md5Hash) {
    if (crc32c != null && !crc32c.equals(crc32cBase64())) {
      throw GcsException.badRequest("Provided CRC32C \"" + crc32c
          + "\" doesn't match calculated CRC32C \"" + crc32cBase64() + "\".");
    }
    if (md5Hash != null && !md5Hash.equals(md5Base64())) {
      throw GcsException.badRequest("Provided MD5 hash \"" + md5Hash
          + "\" doesn't match calculated MD5 hash \"" + md5Base64() + "\".");
    }
  }

  /** Checks the checksums of an {@code x-goog-hash} header ("crc32c=..,md5=.."), if any. */
  void verifyHashHeader(String header) {
    if (header == null) {
      return;
    }
    String crc = null;
    String md5Hash = null;
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("crc32c=")) {
        crc = p.substring(7);
      } else if (p.startsWith("md5=")) {
        md5Hash = p.substring(4);
      }
    }
    verify(crc, md5Hash);
  }

  InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
