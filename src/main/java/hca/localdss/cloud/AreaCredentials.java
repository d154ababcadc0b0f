package hca.localdss.cloud;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived S3 credentials, each limited to one prefix of one bucket: what the Upload Service
 * hands out for an upload area and what the S3 endpoint checks a request's key, token, expiry and
 * object key against.
 */
public final class AreaCredentials {

  /** One issued set, as the holder sees it and as the endpoint checks it. */
  public record Issued(
      String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, String bucket,
      String prefix) {

    /** Whether these credentials let their holder touch this key of this bucket. */
    public boolean covers(String bucketName, String key) {
      return bucket.equals(bucketName) && key != null && key.startsWith(prefix);
    }

    public boolean expiredAt(Instant now) {
      return !now.isBefore(expiration);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Issued> byKeyId = new ConcurrentHashMap<>();
  private final Clock clock;

  public AreaCredentials() {
    this(Clock.systemUTC());
  }

  public AreaCredentials(Clock clock) {
    this.clock = clock;
  }

  /** Issues credentials for {@code prefix} (ending in {@code /}) of {@code bucket}, valid for {@code ttl}. */
  public Issued issue(String bucket, String prefix, Duration ttl) {
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("an area prefix ends in /: " + prefix);
    }
    Issued issued =
        new Issued("ASIA" + random(8).toUpperCase(java.util.Locale.ROOT), random(20), random(32),
            clock.instant().plus(ttl), bucket, prefix);
    byKeyId.put(issued.accessKeyId(), issued);
    return issued;
  }

  /** The credentials with this access key id, if they were issued and have not been withdrawn. */
  public Optional<Issued> find(String accessKeyId) {
    return Optional.ofNullable(byKeyId.get(accessKeyId));
  }

  /** Withdraws every set issued for this prefix of this bucket (an area being deleted). */
  public void withdraw(String bucket, String prefix) {
    byKeyId.values().removeIf(i -> i.bucket().equals(bucket) && i.prefix().equals(prefix));
  }

  public Instant now() {
    return clock.instant();
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
