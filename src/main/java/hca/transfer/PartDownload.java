package hca.transfer;

import hca.dss.DssException;
import hca.dss.DssUnreachableException;
import hca.dss.HttpCall;
import hca.dss.HttpReply;
import hca.dss.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file's download into its locked part file: the bytes already held go through the digests
 * first, then GETs with a Range from the last byte held fill in the rest, each body streamed to
 * the part while its sha256 (and CRC-32C when known) is computed. What a reply means (206 at our
 * offset, 200 from the start, 416, an error status) is decided here; the shared limits live in
 * the {@link FileFetcher} that made it.
 */
final class PartDownload {

  private static final Logger LOG = LoggerFactory.getLogger(FileFetcher.class);
  private static final int BUFFER = 1 << 20;
  // One buffer per fetching thread, not one per file: a new buffer for each small file was most of
  // what a download of many small files allocated.
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

  private final FileFetcher owner;
  private final FetchRequest r;
  private final String sha;
  private final String crc32c;
  private final Path part;
  private final FileChannel ch;
  private final byte[] buf;
  private final MessageDigest sha256 = Digests.sha256();
  private final CRC32C crc;
  private long have;
  private long transferred;
  private int attempts;
  private String lastError;
  private Optional<Duration> retryAfter = Optional.empty();

  PartDownload(FileFetcher owner, FetchRequest r, String sha, Path part, FileChannel ch) {
    this.owner = owner;
    this.r = r;
    this.sha = sha;
    this.crc32c = r.crc32cOrNull() == null ? null : r.crc32cOrNull().toLowerCase(Locale.ROOT);
    this.crc = crc32c == null ? null : new CRC32C();
    this.part = part;
    this.ch = ch;
    this.buf = BUFFERS.get();
  }

  /** Fetches what the part lacks, verifies it, and commits it to the store; the part is locked. */
  FetchResult run() throws IOException {
    resumeFromPart();
    boolean restarted = false;
    while (true) {
      if (have == r.size()) {
        String mismatch = verify();
        if (mismatch == null) {
          if (owner.durable()) {
            ch.force(false);
          }
          owner.store().commit(part, sha);
          return new FetchResult(FetchResult.Status.FETCHED, transferred, attempts, null);
        }
        LOG.warn("File {}: checksum mismatch: {}", r.fileUuid(), mismatch);
        if (restarted || attempts >= owner.limits().attemptsPerFile()) {
          return mismatch(mismatch);
        }
        // The part may hold bytes of an earlier, broken run: one more try from the first byte.
        restarted = true;
        lastError = mismatch;
        restart();
        continue;
      }
      if (attempts >= owner.limits().attemptsPerFile()) {
        return failed(transferred, attempts, lastError + " (after " + attempts + " attempts)");
      }
      if (attempts > 0) {
        if (!owner.takeRetry()) {
          return failed(transferred, attempts, lastError + " (run retry budget used up)");
        }
        if (!sleep(owner.backoff(attempts, retryAfter))) {
          return failed(transferred, attempts, "interrupted");
        }
      }
      attempts++;
      retryAfter = Optional.empty();
      FetchResult end = attempt();
      if (end != null) {
        return end;
      }
    }
  }

  /** One GET; null when the loop should go on (more to fetch, or a retry), else the end. */
  private FetchResult attempt() throws IOException {
    HttpCall call = new HttpCall("GET", owner.uri(r), Map.of("Range", "bytes=" + have + "-"), null);
    HttpReply reply;
    try {
      reply = owner.http().openStream(call, owner.stallTimeout());
    } catch (DssUnreachableException e) {
      lastError = e.getMessage();
      return null;
    } catch (DssException e) {
      return failed(transferred, attempts, e.getMessage());
    }
    try (reply) {
      int status = reply.status();
      long[] range = contentRange(reply.header("Content-Range"));
      if (status == 206) {
        if (range == null) {
          lastError = "206 reply without a readable Content-Range";
          restart();
          return null;
        }
        if (range[2] >= 0 && range[2] != r.size()) {
          return sizeMismatch(range[2]);
        }
        if (range[0] != have) {
          lastError = "the server resumed at byte " + range[0] + " instead of " + have;
          restart();
          return null;
        }
      } else if (status == 200) {
        long length = contentLength(reply);
        if (length >= 0 && length != r.size()) {
          return sizeMismatch(length);
        }
        if (have > 0) {
          LOG.debug("File {}: the server ignored the Range; starting again", r.fileUuid());
          restart();
        }
      } else if (status == 416) {
        // asked for bytes=have- with have < size: the blob is shorter than expected
        if (range != null && range[2] >= 0 && range[2] != r.size()) {
          return sizeMismatch(range[2]);
        }
        lastError = "range not satisfiable at byte " + have + " (HTTP 416)";
        restart();
        return null;
      } else if (status == 429 || status >= 500) {
        retryAfter = RetryPolicy.parseRetryAfter(reply.header("Retry-After"), Instant.now());
        lastError = reply.error().getMessage();
        return null;
      } else {
        return failed(transferred, attempts, reply.error().getMessage());
      }
      return pump(reply.body());
    }
  }

  /** Streams a body into the part; null to go on (complete, or broken off), else the end. */
  private FetchResult pump(InputStream in) throws IOException {
    ch.position(have);
    while (true) {
      int fill = 0;
      IOException broke = null;
      boolean eof = false;
      try {
        while (fill < buf.length) {
          int n = in.read(buf, fill, buf.length - fill);
          if (n < 0) {
            eof = true;
            break;
          }
          fill += n;
        }
      } catch (IOException e) {
        broke = e;
      }
      if (have + fill > r.size()) {
        return mismatch("the server sent more than the expected " + r.size() + " bytes");
      }
      append(fill);
      if (broke != null) {
        lastError = "connection broke at byte " + have + " of " + r.size() + ": "
            + (broke instanceof SocketTimeoutException ? "no data for " + owner.stallTimeout().toSeconds() + " s" : describe(broke));
        LOG.debug("File {}: {}", r.fileUuid(), lastError);
        return null;
      }
      if (eof) {
        if (have < r.size()) {
          lastError = "connection broke at byte " + have + " of " + r.size() + ": the body ended early";
        }
        return null;
      }
    }
  }

  private void append(int n) throws IOException {
    if (n == 0) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
    while (b.hasRemaining()) {
      ch.write(b);
    }
    sha256.update(buf, 0, n);
    if (crc != null) {
      crc.update(buf, 0, n);
    }
    have += n;
    transferred += n;
    owner.listener().bytes(n);
  }

  /** Takes up a part left by an earlier attempt or run: its bytes go through the digests first. */
  private void resumeFromPart() throws IOException {
    long len = ch.size();
    if (len > r.size()) {
      ch.truncate(0);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(buf);
    long pos = 0;
    while (pos < len) {
      b.clear();
      b.limit((int) Math.min(buf.length, len - pos));
      int n = ch.read(b, pos);
      if (n < 0) {
        break;
      }
      sha256.update(buf, 0, n);
      if (crc != null) {
        crc.update(buf, 0, n);
      }
      pos += n;
    }
    have = pos;
    if (have > 0) {
      LOG.debug("File {}: resuming at byte {} of {}", r.fileUuid(), have, r.size());
    }
  }

  private void restart() throws IOException {
    ch.truncate(0);
    sha256.reset();
    if (crc != null) {
      crc.reset();
    }
    have = 0;
  }

  /** Null when the bytes are right, else what is wrong. */
  private String verify() {
    String got = HEX.formatHex(sha256.digest());
    if (!got.equals(sha)) {
      return "expected sha256 " + sha + ", received " + got;
    }
    if (crc != null) {
      String gotCrc = String.format("%08x", crc.getValue());
      if (!gotCrc.equals(crc32c)) {
        return "expected crc32c " + crc32c + ", received " + gotCrc;
      }
    }
    return null;
  }

  private FetchResult sizeMismatch(long actual) throws IOException {
    return mismatch("the blob has " + actual + " bytes, expected " + r.size());
  }

  private FetchResult mismatch(String why) throws IOException {
    ch.truncate(0);
    Files.deleteIfExists(part);
    return new FetchResult(FetchResult.Status.CHECKSUM_MISMATCH, transferred, attempts, why);
  }

  /** {start, end, total} of a Content-Range ({@code -1} for {@code *}), or null when unreadable. */
  static long[] contentRange(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = CONTENT_RANGE.matcher(header.trim());
    if (!m.matches()) {
      return null;
    }
    try {
      long start = m.group(1) == null ? -1 : Long.parseLong(m.group(1));
      long end = m.group(2) == null ? -1 : Long.parseLong(m.group(2));
      long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
      return new long[] {start, end, total};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long contentLength(HttpReply reply) {
    String v = reply.header("Content-Length");
    try {
      return v == null ? -1 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return true;
    }
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static FetchResult failed(long bytes, int attempts, String error) {
    return new FetchResult(FetchResult.Status.FAILED, bytes, attempts, error == null ? "failed" : oneLine(error));
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
