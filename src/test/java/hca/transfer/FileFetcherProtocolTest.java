package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hca.dss.DssHttp;
import hca.dss.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the fetcher copes with servers that misbehave in ways the local DSS never does: a body that
 * goes silent, a Range that is ignored or answered from the wrong byte, a body longer than
 * announced. A small JDK HTTP server plays the blob store.
 */
class FileFetcherProtocolTest {

  static final byte[] CONTENT = content(3 << 20);
  static final Checksums SUMS = Checksummer.of(CONTENT);
  static final FetchRequest REQUEST =
      new FetchRequest("0b1ffb5a-7b3b-4a4b-8c1e-2f9cfc1d3a10", null, "aws", SUMS.sha256(), CONTENT.length, SUMS.crc32c());
  static final FetchLimits FAST = new FetchLimits(5, 100, Duration.ofMillis(1), Duration.ofMillis(5));

  /** Answers request number {@code n} (from 0). */
  interface Handler {
    void handle(HttpExchange x, int n) throws Exception;
  }

  @TempDir Path dir;
  final List<String> ranges = new CopyOnWriteArrayList<>();
  final CountDownLatch released = new CountDownLatch(1);
  HttpServer server;
  ExecutorService pool;

  static byte[] content(int size) {
    byte[] b = new byte[size];
    new Random(11).nextBytes(b);
    return b;
  }

  @AfterEach
  void stop() {
    released.countDown();
    if (server != null) {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  private String serve(Handler h) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newCachedThreadPool();
    server.setExecutor(pool);
    AtomicInteger count = new AtomicInteger();
    server.createContext("/", x -> {
      ranges.add(String.valueOf(x.getRequestHeaders().getFirst("Range")));
      try {
        h.handle(x, count.getAndIncrement());
      } catch (Exception e) {
        // the connection just ends
      } finally {
        x.close();
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private static long rangeStart(HttpExchange x) {
    String r = x.getRequestHeaders().getFirst("Range");
    return Long.parseLong(r.substring("bytes=".length(), r.indexOf('-')));
  }

  /** Answers a Range request properly. */
  private static void partial(HttpExchange x, byte[] body) throws IOException {
    int from = (int) rangeStart(x);
    x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
    x.sendResponseHeaders(206, body.length - from);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body, from, body.length - from);
    }
  }

  private FileFetcher fetcher(String base) {
    DssHttp http = DssHttp.builder().retryPolicy(RetryPolicy.none()).build();
    return new FileFetcher(http, base, new FileStore(dir), FAST, TransferListener.NONE);
  }

  private FileStore store() {
    return new FileStore(dir);
  }

  @Test
  void aBodyThatGoesSilentIsCutOffAndResumedFromTheLastByteHeld() throws Exception {
    int half = CONTENT.length / 2;
    String base = serve((x, n) -> {
      if (n == 0) {
        x.sendResponseHeaders(200, CONTENT.length);
        OutputStream out = x.getResponseBody();
        out.write(CONTENT, 0, half);
        out.flush();
        released.await(60, TimeUnit.SECONDS);
      } else {
        partial(x, CONTENT);
      }
    });

    FetchResult r = fetcher(base).stallTimeout(Duration.ofMillis(700)).fetch(REQUEST);

    assertThat(r.status()).as(String.valueOf(r)).isEqualTo(FetchResult.Status.FETCHED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.bytesTransferred()).isEqualTo(CONTENT.length);
    assertThat(ranges).containsExactly("bytes=0-", "bytes=" + half + "-");
    assertThat(store().pathOf(SUMS.sha256())).hasBinaryContent(CONTENT);
  }

  @Test
  void aServerThatIgnoresTheRangeIsReadFromTheStart() throws Exception {
    Path part = store().partOf(SUMS.sha256());
    Files.createDirectories(part.getParent());
    Files.write(part, Arrays.copyOf(CONTENT, 1000));
    String base = serve((x, n) -> {
      x.sendResponseHeaders(200, CONTENT.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(CONTENT);
      }
    });

    FetchResult r = fetcher(base).fetch(REQUEST);

    assertThat(r).isEqualTo(new FetchResult(FetchResult.Status.FETCHED, CONTENT.length, 1, null));
    assertThat(ranges).containsExactly("bytes=1000-");
    assertThat(store().pathOf(SUMS.sha256())).hasBinaryContent(CONTENT);
  }

  @Test
  void aRangeAnsweredFromAnotherByteStartsAgainFromTheFirst() throws Exception {
    Path part = store().partOf(SUMS.sha256());
    Files.createDirectories(part.getParent());
    Files.write(part, Arrays.copyOf(CONTENT, 5000));
    String base = serve((x, n) -> {
      if (n == 0) {
        x.getResponseHeaders().set("Content-Range", "bytes 4000-" + (CONTENT.length - 1) + "/" + CONTENT.length);
        x.sendResponseHeaders(206, CONTENT.length - 4000);
        try (OutputStream out = x.getResponseBody()) {
          out.write(CONTENT, 4000, CONTENT.length - 4000);
        }
      } else {
        partial(x, CONTENT);
      }
    });

    FetchResult r = fetcher(base).fetch(REQUEST);

    assertThat(r.status()).isEqualTo(FetchResult.Status.FETCHED);
    assertThat(ranges).containsExactly("bytes=5000-", "bytes=0-");
    assertThat(store().pathOf(SUMS.sha256())).hasBinaryContent(CONTENT);
  }

  @Test
  void serverErrorsLeftByTheHttpClientAreRetriedAfterTheirRetryAfter() throws Exception {
    String base = serve((x, n) -> {
      if (n < 2) {
        x.getResponseHeaders().set("Retry-After", "0");
        x.getResponseHeaders().set("Content-Type", "application/json");
        byte[] body = "{\"code\":\"service_unavailable\",\"title\":\"busy\"}".getBytes();
        x.sendResponseHeaders(503, body.length);
        x.getResponseBody().write(body);
      } else {
        partial(x, CONTENT);
      }
    });

    FetchResult r = fetcher(base).fetch(REQUEST);

    assertThat(r).isEqualTo(new FetchResult(FetchResult.Status.FETCHED, CONTENT.length, 3, null));
    assertThat(ranges).containsExactly("bytes=0-", "bytes=0-", "bytes=0-");
  }

  @Test
  void serverErrorsUntilTheAttemptLimitFailWithTheLastError() throws Exception {
    String base = serve((x, n) -> {
      x.getResponseHeaders().set("Retry-After", "0");
      x.sendResponseHeaders(503, -1);
    });

    FetchResult r = fetcher(base).fetch(REQUEST);

    assertThat(r.status()).isEqualTo(FetchResult.Status.FAILED);
    assertThat(r.attempts()).isEqualTo(FAST.attemptsPerFile());
    assertThat(r.error()).isEqualTo("error: no details (HTTP 503) (after 5 attempts)");
    assertThat(ranges).hasSize(5);
  }

  @Test
  void aBodyLongerThanExpectedIsAMismatchAndReadingStops() throws Exception {
    String base = serve((x, n) -> {
      x.sendResponseHeaders(200, 0); // chunked: no length announced
      try (OutputStream out = x.getResponseBody()) {
        out.write(CONTENT);
        out.write(CONTENT);
      }
    });

    FetchResult r = fetcher(base).fetch(REQUEST);

    assertThat(r.status()).isEqualTo(FetchResult.Status.CHECKSUM_MISMATCH);
    assertThat(r.error()).isEqualTo("the server sent more than the expected " + CONTENT.length + " bytes");
    assertThat(store().pathOf(SUMS.sha256())).doesNotExist();
    assertThat(store().partOf(SUMS.sha256())).doesNotExist();
  }

  @Test
  void aBlobShorterThanExpectedIsAMismatchWhenTheRangeCannotBeSatisfied() throws Exception {
    Path part = store().partOf(SUMS.sha256());
    Files.createDirectories(part.getParent());
    Files.write(part, Arrays.copyOf(CONTENT, 2 << 20));
    String base = serve((x, n) -> {
      x.getResponseHeaders().set("Content-Range", "bytes */" + (1 << 20));
      x.sendResponseHeaders(416, -1);
    });

    FetchResult r = fetcher(base).fetch(REQUEST);

    assertThat(r.status()).isEqualTo(FetchResult.Status.CHECKSUM_MISMATCH);
    assertThat(r.error()).isEqualTo("the blob has 1048576 bytes, expected " + CONTENT.length);
    assertThat(part).doesNotExist();
  }

  @Test
  void contentRangeHeadersAreRead() {
    assertThat(PartDownload.contentRange("bytes 5-9/10")).containsExactly(5, 9, 10);
    assertThat(PartDownload.contentRange("bytes 0-9/*")).containsExactly(0, 9, -1);
    assertThat(PartDownload.contentRange("bytes */10")).containsExactly(-1, -1, 10);
    assertThat(PartDownload.contentRange("items 1-2/3")).isNull();
    assertThat(PartDownload.contentRange(null)).isNull();
  }
}
