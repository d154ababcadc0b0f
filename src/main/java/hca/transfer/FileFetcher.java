package hca.transfer;

import hca.dss.DssHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches DSS files into a {@link FileStore}: {@code GET /files/{uuid}} through the DSS's
 * redirects to the blob, always with a {@code Range} from the last byte held, so that a broken
 * connection, or a run killed half-way, resumes where it stopped. The sha256 (and the CRC-32C when
 * known) is computed while the bytes are written to a part file; only a verified part is moved into
 * the store. Fetches of the same content are serialized: within this JVM by waiting for the one in
 * flight, between processes by a lock on the part file. Thread-safe.
 */
public final class FileFetcher {

  // The part files being written by this JVM: one fetch per part file, across every fetcher, since
  // a file lock held by one thread of a JVM does not keep out the others.
  private static final ConcurrentHashMap<Path, InFlight> IN_FLIGHT = new ConcurrentHashMap<>();

  /** A fetch under way, and the fetcher that runs it. */
  private record InFlight(FileFetcher fetcher, CompletableFuture<FetchResult> done) {}

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

  /**
   * Fetches one file into the store, unless it is there already; blocks until done.
   *
   * @throws DiskFullException when the file system is full: the file's part is removed (so that
   *     a report can still be written), and every other file would fail the same way
   * @throws UncheckedIOException with a {@link LinkOutOfFolderException} when a store folder is a
   *     link out of the download folder
   */
  public FetchResult fetch(FetchRequest r) {
    FetchResult result;
    try {
      result = fetchChecked(r);
    } catch (IOException | RuntimeException e) {
      if (DiskFullException.is(e)) {
        FetchResult full = PartDownload.failed(0, 0, "no space left on device in " + store.partialFolder());
        listener.finished(r, full);
        throw new DiskFullException(full.error(), DiskFullException.io(e));
      }
      if (e instanceof LinkOutOfFolderException link) {
        throw new UncheckedIOException(link); // the whole run stops on it, not just this file
      }
      result = PartDownload.failed(0, 0,
          e instanceof IOException ? "local file error: " + PartDownload.describe(e) : PartDownload.describe(e));
    }
    listener.finished(r, result);
    return result;
  }

  private FetchResult fetchChecked(FetchRequest r) throws IOException {
    String sha;
    try {
      sha = FileStore.normalize(r.sha256());
    } catch (IllegalArgumentException e) {
      return PartDownload.failed(0, 0, e.getMessage());
    }
    if (r.size() < 0) {
      return PartDownload.failed(0, 0, "bad size " + r.size());
    }
    Path part = store.partOf(sha);
    while (true) {
      if (store.has(sha, r.size())) {
        return new FetchResult(FetchResult.Status.PRESENT, 0, 0, null);
      }
      InFlight mine = new InFlight(this, new CompletableFuture<>());
      InFlight other = IN_FLIGHT.putIfAbsent(part, mine);
      if (other != null) {
        FetchResult theirs;
        try {
          theirs = other.done().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return PartDownload.failed(0, 0, "interrupted");
        } catch (ExecutionException e) {
          continue; // it ended without a result; look at the store again
        }
        if (!theirs.ok() && other.fetcher() == this) {
          // the same content just failed here: trying it again at once would only double the load
          return new FetchResult(theirs.status(), 0, 0, theirs.error());
        }
        continue;
      }
      FetchResult result = null;
      try {
        result = fetchLocked(r, sha, part);
        return result;
      } finally {
        IN_FLIGHT.remove(part, mine);
        if (result != null) {
          mine.done().complete(result);
        } else {
          mine.done().completeExceptionally(new IllegalStateException("fetch ended without a result"));
        }
      }
    }
  }

  private FetchResult fetchLocked(FetchRequest r, String sha, Path part) throws IOException {
    store.makeFolder(part.getParent());
    while (true) {
      if (Files.isSymbolicLink(part)) {
        Files.delete(part); // a part is a plain file of ours; a link there leads somewhere else
      }
      try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        Object opened = fileKey(part);
        try (FileLock lock = waitForLock(ch, sha, r.size())) {
          if (lock == null || store.has(sha, r.size())) {
            // another process stored it while we waited for its lock; drop the part we may have made
            if (lock != null && opened != null && opened.equals(fileKey(part))) {
              Files.deleteIfExists(part);
            }
            return new FetchResult(FetchResult.Status.PRESENT, 0, 0, null);
          }
          if (opened == null || !opened.equals(fileKey(part))) {
            continue; // the part we opened was committed or removed meanwhile
          }
          try {
            return new PartDownload(this, r, sha, part, ch).run();
          } catch (IOException e) {
            if (DiskFullException.is(e)) {
              // the bytes held are what filled the disk; freeing them lets the run write its report
              ch.truncate(0);
              Files.deleteIfExists(part);
            }
            throw e;
          }
        }
      }
    }
  }

  /**
   * The part's lock, or null once the store holds the file. Polled rather than blocked on: POSIX
   * locks belong to a process, so two processes each fetching many files on many threads look to
   * the kernel like a deadlock, and a blocking lock fails with "Resource deadlock avoided".
   */
  private FileLock waitForLock(FileChannel ch, String sha, long size) throws IOException {
    long wait = 5;
    while (true) {
      try {
        FileLock lock = ch.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException sameJvm) {
        // held by another fetcher of this JVM that reached the folder by another path
      }
      if (store.has(sha, size)) {
        return null;
      }
      try {
        Thread.sleep(wait + ThreadLocalRandom.current().nextLong(wait));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting for another download of " + sha);
      }
      wait = Math.min(wait * 2, 250);
    }
  }

  private static Object fileKey(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  DssHttp http() {
    return http;
  }

  FileStore store() {
    return store;
  }

  FetchLimits limits() {
    return limits;
  }

  TransferListener listener() {
    return listener;
  }

  boolean durable() {
    return durable;
  }

  Duration stallTimeout() {
    return stallTimeout;
  }

  /** Sets how long a body may send nothing before it is cut off (tests shorten it). */
  FileFetcher stallTimeout(Duration d) {
    this.stallTimeout = d;
    return this;
  }

  URI uri(FetchRequest r) {
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

  boolean takeRetry() {
    return retriesLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  /** The wait before retry {@code n} (1 for the first): the server's, else backoff with jitter. */
  Duration backoff(int n, Optional<Duration> serverWait) {
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
}
