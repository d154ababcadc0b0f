import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The least a JVM client has to do to download verified files, for bench/download.sh to show
 * what any Java tool can reach on the machine it runs on: GET each URL with the JDK's
 * HttpURLConnection (following one redirect by hand, so that connections are kept alive), compute
 * the sha256 while writing to a part file, check it, rename. No framework, no report, no resume,
 * no retries.
 *
 * <p>Usage: {@code java -cp DIR FetchFloor LIST PARALLEL OUT}, where each line of LIST is a URL, a
 * tab, and the expected sha256.
 */
public final class FetchFloor {

  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[1 << 20]);

  public static void main(String[] args) throws Exception {
    System.setProperty("http.maxConnections", "128");
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      if (!line.isBlank()) {
        rows.add(line.split("\t"));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(args[1]));
    Path out = Files.createDirectories(Path.of(args[2]));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String[] row : rows) {
        done.add(pool.submit(() -> fetch(row[0], row[1], out)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow(); // a failed file ends the run instead of leaving the pool's threads alive
    }
  }

  private static Void fetch(String url, String sha256, Path out) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setInstanceFollowRedirects(false);
    int status = c.getResponseCode();
    if (status / 100 == 3) {
      String next = c.getHeaderField("Location");
      try (InputStream drained = c.getInputStream()) {
        drained.readAllBytes();
      }
      c = (HttpURLConnection) new URL(new URL(url), next).openConnection();
      status = c.getResponseCode();
    }
    if (status != 200) {
      throw new IllegalStateException(url + ": HTTP " + status);
    }
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = BUFFERS.get();
    Path part = out.resolve(sha256 + ".part");
    try (InputStream in = c.getInputStream();
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        md.update(buf, 0, n);
      }
    }
    if (!HexFormat.of().formatHex(md.digest()).equals(sha256)) {
      throw new IllegalStateException(url + ": sha256 mismatch");
    }
    Files.move(part, out.resolve(sha256), StandardCopyOption.ATOMIC_MOVE);
    return null;
  }
}
