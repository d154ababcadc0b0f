package hca.dss;

import com.fasterxml.jackson.databind.JsonNode;
import hca.config.HcaConfig;
import hca.config.StoredToken;
import hca.dss.spec.ApiSpec;
import hca.dss.spec.Operation;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A client of the Data Storage Service, like the original {@code hca.dss.DSSClient}: any operation
 * of the server's API spec by name ({@link #call}, {@link #stream}, {@link #items}), and typed
 * methods for the common ones. Listings are followed to their last page unless one page is asked
 * for; errors are {@link DssApiException} ({@code code: title (HTTP n)}), an unreachable server a
 * {@link DssUnreachableException}. Thread-safe.
 *
 * <pre>{@code
 * DssClient dss = DssClient.fromConfig(HcaConfig.load());
 * JsonNode bundle = dss.getBundle(uuid, "aws", null);
 * }</pre>
 */
public final class DssClient {

  private final HcaConfig config;
  private final ApiSpec spec;
  private final String baseUrl;
  private final DssHttp http;
  private final OperationInvoker invoker;

  DssClient(HcaConfig config, ApiSpec spec, String baseUrl, DssHttp http, AuthProvider auth) {
    this.config = config;
    this.spec = spec;
    this.baseUrl = baseUrl;
    this.http = http;
    this.invoker = new OperationInvoker(spec, baseUrl, http, auth);
  }

  /** A client configured from {@code config}: its swagger URL, credentials and http settings. */
  public static DssClient fromConfig(HcaConfig config) {
    return builder().config(config).build();
  }

  /** A builder, for a client with other settings than the configuration's. */
  public static DssClientBuilder builder() {
    return new DssClientBuilder();
  }

  /** The API spec in use. */
  public ApiSpec spec() {
    return spec;
  }

  /** The URL operation paths are appended to, for example {@code https://dss.example.org/v1}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The HTTP client, whose counters ({@link DssHttp#requestsSent()}) tell what was sent. */
  public DssHttp http() {
    return http;
  }

  /** The configuration, where {@link #login} stores the token. */
  public HcaConfig config() {
    return config;
  }

  /**
   * Calls an operation by name ({@code get_bundle} or {@code get-bundle}); a listing is followed to
   * its last page and its items joined ({@link hca.dss.spec.Pagination#concatenate}).
   *
   * @param args arguments by parameter name; null values count as absent
   * @throws IllegalArgumentException for an unknown operation or bad arguments (nothing is sent)
   * @throws DssApiException when the server answers 400 or more after retries
   */
  public DssResponse call(String operationName, Map<String, Object> args) {
    Operation op = invoker.operation(operationName);
    return invoker.all(op, invoker.call(op, args));
  }

  /** Like {@link #call} but returns only the first page of a listing. */
  public DssResponse callPage(String operationName, Map<String, Object> args) {
    Operation op = invoker.operation(operationName);
    return invoker.exchange(op, invoker.call(op, args));
  }

  /**
   * Calls an operation and returns the reply with its body as a stream, for binary content;
   * redirects are followed to the content. The caller must close it.
   *
   * @throws DssApiException when the server answers 400 or more after retries
   */
  public HttpReply stream(String operationName, Map<String, Object> args) {
    Operation op = invoker.operation(operationName);
    return invoker.open(op, invoker.call(op, args));
  }

  /**
   * The items of a listing operation, one page in memory at a time: the next page is fetched when
   * the iterator reaches the end of the current one.
   */
  public Iterator<JsonNode> iterate(String operationName, Map<String, Object> args) {
    Operation op = invoker.operation(operationName);
    return new PageIterator(invoker, op, invoker.call(op, args));
  }

  /** {@link #iterate} as a sequential stream. */
  public Stream<JsonNode> items(String operationName, Map<String, Object> args) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterate(operationName, args), 0), false);
  }

  /**
   * Registers a staged object as a file ({@code PUT /files/{uuid}}). The status tells 201 created,
   * 200 already there, or 202 still copying (poll {@link #headFile}).
   */
  public DssResponse putFile(String uuid, String version, String sourceUrl, long creatorUid) {
    return call("put_file", args("uuid", uuid, "version", version, "source_url", sourceUrl, "creator_uid", creatorUid));
  }

  /** A file's {@code X-DSS-*} headers ({@code HEAD /files/{uuid}}); {@code version} may be null for the latest. */
  public FileHead headFile(String uuid, String replica, String version) {
    DssResponse r = call("head_file", args("uuid", uuid, "replica", replica, "version", version));
    return FileHead.of(r.status(), r.headers());
  }

  /**
   * A file's content in memory, fetched again from the start if the connection breaks off; for
   * large files use {@link #getFileStream}.
   */
  public byte[] getFile(String uuid, String replica, String version) {
    return call("get_file", args("uuid", uuid, "replica", replica, "version", version)).bytes();
  }

  /**
   * A file's content as a stream, after following the DSS's redirects (301 "checkout in progress"
   * with its wait, then 302 to the blob). The caller must close it.
   */
  public InputStream getFileStream(String uuid, String replica, String version) {
    return stream("get_file", args("uuid", uuid, "replica", replica, "version", version)).body();
  }

  /** Creates a bundle version from registered files ({@code PUT /bundles/{uuid}}). */
  public DssResponse putBundle(
      String uuid, String version, String replica, List<BundleFileRef> files, long creatorUid) {
    return call("put_bundle",
        args("uuid", uuid, "version", version, "replica", replica, "files", files, "creator_uid", creatorUid));
  }

  /** A bundle with all its file entries, every page fetched; {@code version} may be null for the latest. */
  public JsonNode getBundle(String uuid, String replica, String version) {
    return call("get_bundle", args("uuid", uuid, "replica", replica, "version", version)).json();
  }

  /** Adds and removes files, making a new bundle version ({@code PATCH /bundles/{uuid}}); never retried. */
  public JsonNode patchBundle(String uuid, String replica, String version,
      List<BundleFileRef> addFiles, List<BundleFileRef> removeFiles) {
    return call("patch_bundle", args("uuid", uuid, "replica", replica, "version", version,
        "add_files", addFiles, "remove_files", removeFiles)).json();
  }

  /** Deletes a bundle (all versions when {@code version} is null), leaving a tombstone with the reason. */
  public JsonNode deleteBundle(String uuid, String replica, String version, String reason) {
    return call("delete_bundle", args("uuid", uuid, "replica", replica, "version", version, "reason", reason)).json();
  }

  /** Starts copying a bundle to a checkout bucket; the reply holds {@code checkout_job_id}. */
  public JsonNode postBundlesCheckout(String uuid, String replica, String version, String destination, String email) {
    return call("post_bundles_checkout", args("uuid", uuid, "replica", replica, "version", version,
        "destination", destination, "email", email)).json();
  }

  /** The state of a checkout job ({@code status}: RUNNING, SUCCEEDED or FAILED, and {@code location}). */
  public JsonNode getBundlesCheckout(String checkoutJobId, String replica) {
    return call("get_bundles_checkout", args("checkout_job_id", checkoutJobId, "replica", replica)).json();
  }

  /**
   * One page of search results ({@code POST /search}); {@code outputFormat} ({@code summary} or
   * {@code raw}) and {@code perPage} may be null.
   */
  public JsonNode postSearch(JsonNode esQuery, String replica, String outputFormat, Integer perPage) {
    return callPage("post_search", args("es_query", esQuery, "replica", replica,
        "output_format", outputFormat, "per_page", perPage)).json();
  }

  /** Every hit of a search, lazily, one page in memory at a time. */
  public Iterator<JsonNode> searchAll(JsonNode esQuery, String replica) {
    return iterate("post_search", args("es_query", esQuery, "replica", replica));
  }

  /** Creates a collection ({@code PUT /collections}); the reply holds its uuid and version. */
  public JsonNode putCollection(String uuid, String version, String replica, String name,
      String description, JsonNode details, List<?> contents) {
    return call("put_collection", args("uuid", uuid, "version", version, "replica", replica, "name", name,
        "description", description, "details", details, "contents", contents)).json();
  }

  /** A collection; {@code version} may be null for the latest. */
  public JsonNode getCollection(String uuid, String replica, String version) {
    return call("get_collection", args("uuid", uuid, "replica", replica, "version", version)).json();
  }

  /**
   * Changes a collection, making a new version; {@code changes} holds any of {@code add_contents},
   * {@code remove_contents}, {@code name}, {@code description}, {@code details}. Never retried.
   */
  public JsonNode patchCollection(String uuid, String replica, String version, Map<String, Object> changes) {
    Map<String, Object> a = args("uuid", uuid, "replica", replica, "version", version);
    a.putAll(changes);
    return call("patch_collection", a).json();
  }

  /** Deletes a collection. */
  public JsonNode deleteCollection(String uuid, String replica) {
    return call("delete_collection", args("uuid", uuid, "replica", replica)).json();
  }

  /**
   * Registers a subscription; {@code subscription} holds {@code callback_url} and either {@code
   * es_query} or {@code jmespath_query}, and optionally the other fields of {@code PUT /subscriptions}.
   */
  public JsonNode putSubscription(String replica, Map<String, Object> subscription) {
    Map<String, Object> a = new HashMap<>(subscription);
    a.put("replica", replica);
    return call("put_subscription", a).json();
  }

  /** One of the caller's subscriptions; {@code subscriptionType} ({@code elasticsearch}, {@code jmespath}) may be null. */
  public JsonNode getSubscription(String uuid, String replica, String subscriptionType) {
    return call("get_subscription", args("uuid", uuid, "replica", replica, "subscription_type", subscriptionType)).json();
  }

  /** The caller's subscriptions; {@code subscriptionType} may be null. */
  public JsonNode getSubscriptions(String replica, String subscriptionType) {
    return call("get_subscriptions", args("replica", replica, "subscription_type", subscriptionType)).json();
  }

  /** Deletes one of the caller's subscriptions; {@code subscriptionType} may be null. */
  public JsonNode deleteSubscription(String uuid, String replica, String subscriptionType) {
    return call("delete_subscription", args("uuid", uuid, "replica", replica, "subscription_type", subscriptionType)).json();
  }

  /** Stores an access token in the configuration (owner-only file); no request is sent. */
  public void login(String accessToken) {
    if (accessToken == null || accessToken.isBlank()) {
      throw new IllegalArgumentException("the access token is empty");
    }
    config.storeToken(StoredToken.of(accessToken.trim()));
  }

  /** Removes the stored token (and OAuth client secrets) from the configuration. */
  public void logout() {
    config.clearToken();
  }

  /** An argument map from name, value pairs; null values are kept out. */
  private static Map<String, Object> args(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        m.put((String) pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return "DssClient[" + baseUrl + "]";
  }
}
