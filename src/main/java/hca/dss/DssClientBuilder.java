package hca.dss;

import hca.config.HcaConfig;
import hca.dss.spec.ApiSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of a {@link DssClient}. Anything not set comes from the configuration: the swagger URL
 * ({@code DSSClient.swagger_url}, or the local file {@code swagger_filename}), credentials ({@link
 * Credentials#of}), {@code allow_insecure_http}, and the spec cache in the user config folder.
 */
public final class DssClientBuilder {

  private HcaConfig config;
  private String swaggerUrl;
  private String baseUrl;
  private ApiSpec spec;
  private DssHttp http;
  private AuthProvider auth;
  private SpecCache specCache;

  DssClientBuilder() {}

  /** The configuration (default: {@link HcaConfig#load()}). */
  public DssClientBuilder config(HcaConfig c) {
    this.config = c;
    return this;
  }

  /** Where the API spec is fetched from (default: the configuration's {@code DSSClient.swagger_url}). */
  public DssClientBuilder swaggerUrl(String url) {
    this.swaggerUrl = url;
    return this;
  }

  /**
   * The URL operation paths go under, for example {@code http://127.0.0.1:8080/v1} (default: from
   * the spec; without a swagger URL, the spec is fetched from {@code <baseUrl>/swagger.json}).
   */
  public DssClientBuilder baseUrl(String url) {
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return this;
  }

  /** A spec to use instead of fetching one. */
  public DssClientBuilder spec(ApiSpec s) {
    this.spec = s;
    return this;
  }

  /** The HTTP client (default: one with the configuration's {@code allow_insecure_http}). */
  public DssClientBuilder http(DssHttp h) {
    this.http = h;
    return this;
  }

  /** The credentials (default: {@link Credentials#of} the configuration). */
  public DssClientBuilder auth(AuthProvider a) {
    this.auth = a;
    return this;
  }

  /** The spec cache (default: in the configuration's user config folder). */
  public DssClientBuilder specCache(SpecCache c) {
    this.specCache = c;
    return this;
  }

  /**
   * Builds the client, fetching the spec (or taking it from the cache) when none was given.
   *
   * @throws hca.dss.spec.SpecException when the spec is not usable
   * @throws DssUnreachableException when the spec cannot be fetched and is not cached
   */
  public DssClient build() {
    HcaConfig c = config != null ? config : HcaConfig.load();
    DssHttp h = http != null ? http : DssHttp.builder().allowInsecureHttp(c.allowInsecureHttp()).build();
    AuthProvider a = auth != null ? auth : Credentials.of(c);
    String url = swaggerUrl != null ? swaggerUrl : baseUrl != null ? baseUrl + "/swagger.json" : null;
    ApiSpec s = spec;
    if (s == null) {
      Optional<Path> local = url == null ? localSpecFile(c) : Optional.empty();
      if (local.isPresent()) {
        s = readLocal(local.get());
      } else {
        url = url != null ? url : c.swaggerUrl();
        SpecCache cache = specCache != null ? specCache : new SpecCache(c.environment().userConfigDir(), h);
        s = cache.load(url);
      }
    }
    String base = baseUrl != null ? baseUrl : baseUrlOf(s, url != null ? url : c.swaggerUrl());
    return new DssClient(c, s, base, h, a);
  }

  /**
   * The spec's base URL, or, when the spec names no real host (missing, or a {@code {{...}}}
   * placeholder), the swagger URL without its {@code /swagger.json}.
   */
  static String baseUrlOf(ApiSpec spec, String swaggerUrl) {
    String host = spec.host();
    if (host == null || host.isBlank() || host.contains("{") || host.contains("}")) {
      String u = swaggerUrl;
      int q = u.indexOf('?');
      u = q < 0 ? u : u.substring(0, q);
      int slash = u.lastIndexOf('/');
      return slash > u.indexOf("://") + 2 ? u.substring(0, slash) : u;
    }
    return spec.baseUrl("https");
  }

  private static Optional<Path> localSpecFile(HcaConfig c) {
    return c.get("swagger_filename")
        .filter(v -> v.isTextual() && !v.textValue().isBlank())
        .map(v -> Path.of(v.textValue()));
  }

  private static ApiSpec readLocal(Path file) {
    try {
      return ApiSpec.parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new DssException("swagger_filename " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
