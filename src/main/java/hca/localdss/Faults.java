package hca.localdss;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault switches for client tests, off by default. A spec is a comma-separated list of settings:
 *
 * <pre>
 *   blob-error=RATE[:STATUS]   a fraction of blob GETs answer STATUS (default 503) + Retry-After
 *   blob-drop=RATE             a fraction of blob GETs drop the connection halfway through the body
 *   api-error=RATE[:STATUS]    a fraction of API requests answer STATUS (default 503); 429 allowed
 *   retry-after=SECONDS        the Retry-After sent with injected errors and checkout redirects (default 1)
 *   checkout=N                 GET /files answers N "checkout in progress" 301s before its 302
 *   seed=N                     seed of the random choices (default 1), for repeatable runs
 * </pre>
 *
 * For example {@code blob-error=0.2:503,blob-drop=0.1,checkout=2,retry-after=1}. Counters of what
 * was injected are kept for tests to read.
 */
public final class Faults {

  /** One parsed fault spec. */
  public record Spec(
      double blobErrorRate,
      int blobErrorStatus,
      double blobDropRate,
      double apiErrorRate,
      int apiErrorStatus,
      int retryAfterSeconds,
      int checkoutRedirects,
      long seed) {

    public static final Spec NONE = new Spec(0, 503, 0, 0, 503, 1, 0, 1);

    public boolean any() {
      return blobErrorRate > 0 || blobDropRate > 0 || apiErrorRate > 0 || checkoutRedirects > 0;
    }

    /**
     * Parses a spec; throws {@link IllegalArgumentException} naming the bad setting.
     */
    public static Spec parse(String text) {
      Spec s = NONE;
      if (text == null || text.isBlank() || text.equals("none")) {
        return s;
      }
      double blobErr = 0, blobDrop = 0, apiErr = 0;
      int blobStatus = 503, apiStatus = 503, retryAfter = 1, checkout = 0;
      long seed = 1;
      for (String part : text.split(",")) {
        String[] kv = part.trim().split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("fault setting '" + part + "' is not NAME=VALUE");
        }
        String name = kv[0].trim().toLowerCase(Locale.ROOT);
        String value = kv[1].trim();
        try {
          switch (name) {
            case "blob-error" -> {
              String[] rs = value.split(":", 2);
              blobErr = rate(rs[0]);
              blobStatus = rs.length > 1 ? status(rs[1]) : 503;
            }
            case "blob-drop" -> blobDrop = rate(value);
            case "api-error" -> {
              String[] rs = value.split(":", 2);
              apiErr = rate(rs[0]);
              apiStatus = rs.length > 1 ? status(rs[1]) : 503;
            }
            case "retry-after" -> retryAfter = nonNegative(value);
            case "checkout" -> checkout = nonNegative(value);
            case "seed" -> seed = Long.parseLong(value);
            default -> throw new IllegalArgumentException("unknown fault setting '" + name + "'");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "fault setting '" + name + "' has a bad value '" + value + "'");
        }
      }
      return new Spec(blobErr, blobStatus, blobDrop, apiErr, apiStatus, retryAfter, checkout, seed);
    }

    private static double rate(String v) {
      double r = Double.parseDouble(v);
      if (r < 0 || r > 1) {
        throw new NumberFormatException(v);
      }
      return r;
    }

    private static int status(String v) {
      int s = Integer.parseInt(v);
      if (s != 429 && (s < 500 || s > 599)) {
        throw new NumberFormatException(v);
      }
      return s;
    }

    private static int nonNegative(String v) {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException(v);
      }
      return n;
    }

    @Override
    public String toString() {
      return "blob-error=" + blobErrorRate + ":" + blobErrorStatus
          + ",blob-drop=" + blobDropRate
          + ",api-error=" + apiErrorRate + ":" + apiErrorStatus
          + ",retry-after=" + retryAfterSeconds
          + ",checkout=" + checkoutRedirects
          + ",seed=" + seed;
    }
  }

  /** What to do with one request. */
  public enum Action {
    PASS,
    ERROR,
    DROP
  }

  private volatile Spec spec = Spec.NONE;
  private SplittableRandom random = new SplittableRandom(1);
  private final AtomicLong blobRequests = new AtomicLong();
  private final AtomicLong blobErrors = new AtomicLong();
  private final AtomicLong blobDrops = new AtomicLong();
  private final AtomicLong apiRequests = new AtomicLong();
  private final AtomicLong apiErrors = new AtomicLong();
  private final AtomicLong checkoutRedirects = new AtomicLong();

  public Spec spec() {
    return spec;
  }

  /** Replaces the spec and resets the counters and the random sequence. */
  public synchronized void set(Spec s) {
    spec = s;
    random = new SplittableRandom(s.seed());
    blobRequests.set(0);
    blobErrors.set(0);
    blobDrops.set(0);
    apiRequests.set(0);
    apiErrors.set(0);
    checkoutRedirects.set(0);
  }

  private synchronized double next() {
    return random.nextDouble();
  }

  /** Decides the fate of one blob GET. */
  public Action onBlobGet() {
    blobRequests.incrementAndGet();
    Spec s = spec;
    if (s.blobErrorRate() > 0 && next() < s.blobErrorRate()) {
      blobErrors.incrementAndGet();
      return Action.ERROR;
    }
    if (s.blobDropRate() > 0 && next() < s.blobDropRate()) {
      blobDrops.incrementAndGet();
      return Action.DROP;
    }
    return Action.PASS;
  }

  /** Decides the fate of one API request. */
  public Action onApiRequest() {
    apiRequests.incrementAndGet();
    Spec s = spec;
    if (s.apiErrorRate() > 0 && next() < s.apiErrorRate()) {
      apiErrors.incrementAndGet();
      return Action.ERROR;
    }
    return Action.PASS;
  }

  /** Counts one checkout redirect served. */
  public void countCheckoutRedirect() {
    checkoutRedirects.incrementAndGet();
  }

  /** The counters, for the admin endpoint and tests. */
  public Map<String, Object> counters() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", spec.toString());
    m.put("blob_requests", blobRequests.get());
    m.put("blob_errors", blobErrors.get());
    m.put("blob_drops", blobDrops.get());
    m.put("api_requests", apiRequests.get());
    m.put("api_errors", apiErrors.get());
    m.put("checkout_redirects", checkoutRedirects.get());
    return m;
  }
}
