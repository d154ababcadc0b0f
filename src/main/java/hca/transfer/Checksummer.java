package hca.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Computes sha256, sha1, s3_etag and crc32c in one pass over the bytes. Not thread-safe; one
 * instance per stream.
 */
public final class Checksummer {

  private static final long MIB = 1024L * 1024L;

  /** Objects above this size are uploaded, and get their ETag, in parts. */
  public static final long MULTIPART_THRESHOLD = 64 * MIB;

  private static final long MAX_PARTS = 10_000;
  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest sha256 = digest("SHA-256");
  private final MessageDigest sha1 = digest("SHA-1");
  private final MessageDigest partMd5 = digest("MD5");
  private final MessageDigest md5OfParts = digest("MD5");
  private final CRC32C crc32c = new CRC32C();
  private final long partSize;
  private long partFill;
  private long total;
  private int parts;
  private byte[] lastPartDigest;

  /**
   * @param expectedSize the size of the content when known (it decides the part size of very large
   *     objects), or -1
   */
  public Checksummer(long expectedSize) {
    this.partSize = partSize(expectedSize);
  }

  /**
   * The part size of the DSS's multipart rule: 64 MiB, or for objects that would need more than
   * 10,000 such parts, size/10,000 rounded up to a whole MiB.
   */
  public static long partSize(long size) {
    if (size <= MAX_PARTS * MULTIPART_THRESHOLD) {
      return MULTIPART_THRESHOLD;
    }
    long raw = (size + MAX_PARTS - 1) / MAX_PARTS;
    return ((raw + MIB - 1) / MIB) * MIB;
  }

  public void update(byte[] b, int off, int len) {
    sha256.update(b, off, len);
    sha1.update(b, off, len);
    crc32c.update(b, off, len);
    total += len;
    while (len > 0) {
      int n = (int) Math.min(len, partSize - partFill);
      partMd5.update(b, off, n);
      partFill += n;
      off += n;
      len -= n;
      if (partFill == partSize) {
        closePart();
      }
    }
  }

  public void update(ByteBuffer buf) {
    while (buf.hasRemaining()) {
      int n = (int) Math.min(buf.remaining(), partSize - partFill);
      ByteBuffer slice = buf.slice(buf.position(), n);
      sha256.update(slice.duplicate());
      sha1.update(slice.duplicate());
      crc32c.update(slice.duplicate());
      partMd5.update(slice);
      buf.position(buf.position() + n);
      total += n;
      partFill += n;
      if (partFill == partSize) {
        closePart();
      }
    }
  }

  private void closePart() {
    lastPartDigest = partMd5.digest();
    md5OfParts.update(lastPartDigest);
    parts++;
    partFill = 0;
  }

  /** Bytes seen so far. */
  public long size() {
    return total;
  }

  /** Finishes the computation; the instance must not be used afterwards. */
  public Checksums finish() {
    String etag;
    if (total <= MULTIPART_THRESHOLD) {
      // One part: the ETag is its plain MD5 (the part was already closed at exactly 64 MiB).
      etag = HEX.formatHex(parts == 1 ? lastPartDigest : partMd5.digest());
    } else {
      if (partFill > 0) {
        closePart();
      }
      etag = HEX.formatHex(md5OfParts.digest()) + "-" + parts;
    }
    return new Checksums(
        HEX.formatHex(sha256.digest()),
        HEX.formatHex(sha1.digest()),
        etag,
        String.format("%08x", crc32c.getValue()));
  }

  /** Checksums of a whole file, read with large sequential reads. */
  public static Checksums of(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Checksummer c = new Checksummer(ch.size());
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      while (ch.read(buf) >= 0) {
        buf.flip();
        c.update(buf);
        buf.clear();
      }
      return c.finish();
    }
  }

  /** Checksums of an in-memory byte array. */
  public static Checksums of(byte[] content) {
    Checksummer c = new Checksummer(content.length);
    c.update(content, 0, content.length);
    return c.finish();
  }

  /** Checksums of a stream, read to its end (the stream is not closed). */
  public static Checksums of(InputStream in, long expectedSize) throws IOException {
    Checksummer c = new Checksummer(expectedSize);
    byte[] buf = new byte[1 << 20];
    int n;
    while ((n = in.read(buf)) >= 0) {
      c.update(buf, 0, n);
    }
    return c.finish();
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is not available in this JVM", e);
    }
  }
}
