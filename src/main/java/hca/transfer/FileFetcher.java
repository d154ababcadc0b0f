package hca.transfer;

import hca.dss.DssException;
import hca.dss.DssHttp;
import hca.dss.DssUnreachableException;
import hca.dss.HttpCall;
import hca.dss.HttpReply;
import hca.dss.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches DSS files into a {@link FileStore}: {@code GET /files/{uuid}} through the DSS's
 * redirects to the blob, always with a {@code Range} from the last byte held, so that a broken
 * connection, or a run killed half-way, resumes where it stopped. The sha256 (and the CRC-32C when
 * known) is computed while the bytes are written to a part file; only a verified part is moved into
 * the store. Fetches of the same content are serialized: within this JVM by waiting for the one in
 * flight, between processes by a lock on the part file. Thread-safe.
 */
public final class FileFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(FileFetcher.class);
  private static final int BUFFER = 1 << 20;
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

  // The part files being written by this JVM: one fetch per part file, across every fetcher, since
  // a file lock held by one thread of a JVM does not keep out the others.
  private static final ConcurrentHashMap<Path, CompletableFuture<Void>> IN_FLIGHT = new ConcurrentHashMap<>();

  private final DssHttp http;
  private final String base;
  private final FileStore store;
  private final FetchLimits limits;
  private final TransferListener listener;
  private final AtomicInteger retriesLeft;
  private final boolean durable;
  private volatile Duration stallTimeout = STALL_TIMEOUT;

  /** A body that sends nothing for this long is cut off and resumed by a new request. */
  static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  /**
   * A fetcher that flushes each file to disk before it enters the store.
   *
   * @param http the HTTP client; its own retries (of errors before a body starts) stay on
   * @param baseUrl the DSS API base, e.g. {@code http://127.0.0.1:5000/v1}
   */
  public FileFetcher(DssHttp http, String baseUrl, FileStore store, FetchLimits limits, TransferListener listener) {
    this(http, baseUrl, store, limits, listener, true);
  }

  /**
   * @param durable whether each file is flushed to disk before it enters the store, so that even a
   *     power cut cannot leave a stored file with unwritten bytes; without it a download that fits
   *     in the page cache is faster, and a crash of the machine (not of this process) may leave
   *     a stored file that is short or holds zeros
   */
  public FileFetcher(
      DssHttp http, String baseUrl, FileStore store, FetchLimits limits, TransferListener listener, boolean durable) {
    this.durable = durable;
    this.http = Objects.requireNonNull(http, "http");
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.listener = listener == null ? TransferListener.NONE : listener;
    this.retriesLeft = new AtomicInteger(limits.runRetryBudget());
  }

  /** How many retries are left in this fetcher's run-wide budget. */
  public int retriesLeft() {
    return retriesLeft.get();
  }

  /** Fetches one file into the store, unless it is there already; blocks until done. */
  public FetchResult fetch(FetchRequest r) {
    FetchResult result;
    try {
      result = fetchChecked(r);
    } catch (IOException e) {
      result = failed(0, 0, "local file error: " + describe(e));
    } catch (RuntimeException e) {
      result = failed(0, 0, describe(e));
    }
    listener.finished(r, result);
    return result;
  }

  private FetchResult fetchChecked(FetchRequest r) throws IOException {
    String sha;
    try {
      sha = FileStore.normalize(r.sha256());
    } catch (IllegalArgumentException e) {
      return failed(0, 0, e.getMessage());
    }
    if (r.size() < 0) {
      return failed(0, 0, "bad size " + r.size());
    }
    Path part = store.partOf(sha);
    while (true) {
      if (store.has(sha, r.size())) {
        return new FetchResult(FetchResult.Status.PRESENT, 0, 0, null);
      }
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> other = IN_FLIGHT.putIfAbsent(part, mine);
      if (other != null) {
        try {
          other.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return failed(0, 0, "interrupted");
        } catch (ExecutionException ignored) {
          // the other fetch ended; look at the store again
        }
        continue;
      }
      try {
        return fetchLocked(r, sha, part);
      } finally {
        IN_FLIGHT.remove(part, mine);
        mine.complete(null);
      }
    }
  }

  private FetchResult fetchLocked(FetchRequest r, String sha, Path part) throws IOException {
    Files.createDirectories(part.getParent());
    while (true) {
      try (FileChannel ch =
          FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        Object opened = fileKey(part);
        try (FileLock lock = ch.lock()) {
          if (store.has(sha, r.size())) {
            // another process stored it while we waited for its lock
            return new FetchResult(FetchResult.Status.PRESENT, 0, 0, null);
          }
          if (opened == null || !opened.equals(fileKey(part))) {
            continue; // the part we opened was committed or removed meanwhile
          }
          return new Transfer(r, sha, part, ch).run();
        }
      }
    }
  }

  private static Object fileKey(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The state of one file's download: the part file, its length, and the digests over it. */
  private final class Transfer {
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

    Transfer(FetchRequest r, String sha, Path part, FileChannel ch) {
      this.r = r;
      this.sha = sha;
      this.crc32c = r.crc32cOrNull() == null ? null : r.crc32cOrNull().toLowerCase(Locale.ROOT);
      this.crc = crc32c == null ? null : new CRC32C();
      this.part = part;
      this.ch = ch;
      this.buf = new byte[(int) Math.min(BUFFER, Math.max(r.size(), 64 * 1024))];
    }

    FetchResult run() throws IOException {
      resumeFromPart();
      boolean restarted = false;
      while (true) {
        if (have == r.size()) {
          String mismatch = verify();
          if (mismatch == null) {
            if (durable) {
              ch.force(false);
            }
            store.commit(part, sha);
            return new FetchResult(FetchResult.Status.FETCHED, transferred, attempts, null);
          }
          LOG.warn("File {}: checksum mismatch: {}", r.fileUuid(), mismatch);
          if (restarted || attempts >= limits.attemptsPerFile()) {
            return mismatch(mismatch);
          }
          // The part may hold bytes of an earlier, broken run: one more try from the first byte.
          restarted = true;
          lastError = mismatch;
          restart();
          continue;
        }
        if (attempts >= limits.attemptsPerFile()) {
          return failed(transferred, attempts, lastError + " (after " + attempts + " attempts)");
        }
        if (attempts > 0) {
          if (!takeRetry()) {
            return failed(transferred, attempts, lastError + " (run retry budget used up)");
          }
          if (!sleep(backoff(attempts, retryAfter))) {
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
      HttpCall call = new HttpCall("GET", uri(r), Map.of("Range", "bytes=" + have + "-"), null);
      HttpReply reply;
      try {
        reply = http.open(call);
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
      StallWatch watch = StallWatch.start(in, stallTimeout);
      try {
        return pump(in, watch);
      } finally {
        watch.stop();
      }
    }

    private FetchResult pump(InputStream in, StallWatch watch) throws IOException {
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
            watch.touch();
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
              + (watch.stalled() ? "no data for " + stallTimeout.toSeconds() + " s" : describe(broke));
          LOG.debug("File {}: {}", r.fileUuid(), lastError);
          return null;
        }
        if (eof) {
          if (have < r.size()) {
            lastError = "the body ended at byte " + have + " of " + r.size();
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
      listener.bytes(n);
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
  }

  /** Sets how long a body may send nothing before it is cut off (tests shorten it). */
  FileFetcher stallTimeout(Duration d) {
    this.stallTimeout = d;
    return this;
  }

  private URI uri(FetchRequest r) {
    StringBuilder b =
        new StringBuilder(base).append("/files/").append(enc(r.fileUuid())).append("?replica=").append(enc(r.replica()));
    if (r.fileVersion() != null && !r.fileVersion().isEmpty()) {
      b.append("&version=").append(enc(r.fileVersion()));
    }
    return URI.create(b.toString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(String.valueOf(s), StandardCharsets.UTF_8);
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

  private boolean takeRetry() {
    return retriesLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** The wait before retry {@code n} (1 for the first): the server's, else backoff with jitter. */
  private Duration backoff(int n, Optional<Duration> serverWait) {
    if (serverWait.isPresent()) {
      return http.retryPolicy().capRetryAfter(serverWait.get());
    }
    long baseMs = limits.baseDelay().toMillis();
    long maxMs = limits.maxDelay().toMillis();
    long exp = n >= 31 ? maxMs : Math.min(maxMs, baseMs << Math.max(0, n - 1));
    if (exp < 0) {
      exp = maxMs;
    }
    // half fixed, half random: polite to the server, and parallel fetches do not retry in step
    long half = exp / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(exp - half + 1));
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

  private static FetchResult failed(long bytes, int attempts, String error) {
    return new FetchResult(FetchResult.Status.FAILED, bytes, attempts, error == null ? "failed" : oneLine(error));
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
