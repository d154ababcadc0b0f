package hca.dss;

import hca.dss.spec.ApiSpec;
import hca.dss.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API specs fetched from their {@code swagger_url} and kept, one file per URL, in the user config
 * folder as {@code <urlsafe-base64(url) without padding>.json}. A copy is used for 7 days, then
 * fetched again; if the server cannot be reached then, the old copy is used with a warning. A body
 * is cached only once it parses as a spec, and files are replaced atomically.
 */
public final class SpecCache {

  /** How long a cached spec is used before it is fetched again. */
  public static final Duration MAX_AGE = Duration.ofDays(7);

  private static final Logger LOG = LoggerFactory.getLogger(SpecCache.class);
  private static final Base64.Encoder NAME = Base64.getUrlEncoder().withoutPadding();

  private final Path dir;
  private final DssHttp http;
  private final Clock clock;
  private final Consumer<String> warnings;

  /** A cache in {@code dir} that fetches through {@code http} and logs its warnings. */
  public SpecCache(Path dir, DssHttp http) {
    this(dir, http, Clock.systemUTC(), LOG::warn);
  }

  /**
   * A cache in {@code dir}.
   *
   * @param clock the clock that ages cached files
   * @param warnings receives the warning when a stale copy is used
   */
  public SpecCache(Path dir, DssHttp http, Clock clock, Consumer<String> warnings) {
    this.dir = dir;
    this.http = http;
    this.clock = clock;
    this.warnings = warnings;
  }

  /** The folder the cache files are in. */
  public Path dir() {
    return dir;
  }

  /** The cache file of a spec URL. */
  public Path fileFor(String swaggerUrl) {
    return dir.resolve(NAME.encodeToString(swaggerUrl.getBytes(StandardCharsets.UTF_8)) + ".json");
  }

  /**
   * The spec at {@code swaggerUrl}: the cached copy if younger than {@link #MAX_AGE}, else fetched
   * (with retries) and cached; a stale copy when the server is unreachable or failing.
   *
   * @throws SpecException when the fetched body is not a usable spec (nothing is cached then)
   * @throws DssUnreachableException when the server cannot be reached and nothing is cached
   * @throws DssApiException when the server answers with an error and nothing is cached
   */
  public synchronized ApiSpec load(String swaggerUrl) {
    Path file = fileFor(swaggerUrl);
    Optional<Instant> cachedAt = modified(file);
    if (cachedAt.isPresent() && cachedAt.get().plus(MAX_AGE).isAfter(clock.instant())) {
      Optional<ApiSpec> cached = readCached(file, swaggerUrl);
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    byte[] body;
    try {
      body = fetch(swaggerUrl);
    } catch (DssUnreachableException | DssApiException e) {
      boolean serverSide = !(e instanceof DssApiException api) || api.status() >= 500;
      Optional<ApiSpec> stale = cachedAt.isPresent() && serverSide ? readCached(file, swaggerUrl) : Optional.empty();
      if (stale.isEmpty()) {
        throw e;
      }
      warnings.accept("spec " + swaggerUrl + ": " + e.getMessage() + "; using the copy cached on "
          + cachedAt.get() + ", which is more than " + MAX_AGE.toDays() + " days old");
      return stale.get();
    }
    ApiSpec spec = ApiSpec.parse(body, swaggerUrl);
    write(file, body);
    return spec;
  }

  /**
   * Deletes every cached spec in the folder (files whose name is the base64 of an http(s) URL),
   * and nothing else.
   *
   * @return how many files were deleted
   */
  public synchronized int clear() {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        if (isCacheName(f.getFileName().toString()) && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the spec cache in " + dir, e);
    }
    return deleted;
  }

  private static boolean isCacheName(String name) {
    String stem = name.substring(0, name.length() - ".json".length());
    try {
      String url = new String(Base64.getUrlDecoder().decode(stem), StandardCharsets.UTF_8);
      return url.startsWith("http://") || url.startsWith("https://");
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private byte[] fetch(String swaggerUrl) {
    HttpCall call = new HttpCall("GET", URI.create(swaggerUrl), Map.of("Accept", "application/json"), null);
    HttpReply r = http.send(call);
    byte[] body = r.bytes();
    if (r.status() != 200) {
      throw DssResponse.of(r.status(), r.headers(), body, r.attempts()).error();
    }
    return body;
  }

  private Optional<ApiSpec> readCached(Path file, String swaggerUrl) {
    try {
      return Optional.of(ApiSpec.parse(Files.readAllBytes(file), swaggerUrl));
    } catch (IOException | SpecException unusable) {
      LOG.debug("ignoring the cached spec {}: {}", file, unusable.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Instant> modified(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file).toInstant());
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void write(Path file, byte[] body) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".spec-", ".tmp");
      try {
        Files.write(tmp, body);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      // A cache that cannot be written only costs a fetch next time.
      LOG.warn("cannot cache the spec in {}: {}", file, e.getMessage());
    }
  }
}
