package hca.camel;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.SearchQuery;
import hca.dss.spec.Operation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * One {@code hca-dss:NAME} endpoint: a DSS operation, a flow, or the {@code search} consumer. Its
 * options are checked when the route starts, so a bad one stops the start with one line naming the
 * endpoint and the option.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "hca-dss", title = "HCA DSS", syntax = "hca-dss:name",
    category = {Category.CLOUD, Category.FILE})
public final class DssEndpoint extends ScheduledPollEndpoint {

  /** The flows, besides the API's operations. */
  static final List<String> FLOWS = List.of("download-bundle", "download-manifest", "upload", "search");

  @UriPath(description = "An operation of the DSS API (get_bundle, post_search, ...) or a flow")
  private final String name;
  private Operation operation;
  private Map<String, Object> args = Map.of();
  private JsonNode esQuery;

  @UriParam(defaultValue = "aws", enums = "aws,gcp", description = "The replica the flows read or write")
  private String replica = "aws";
  @UriParam(description = "search: the query, inline JSON or a file: {\"es_query\": ...} or the es_query itself")
  private String query;
  @UriParam(description = "download-bundle, download-manifest: where the store and the layouts go")
  private String downloadDir;
  @UriParam(defaultValue = "none", enums = "none,bundle",
      description = "download-manifest: also link files into <bundle uuid>.<version>/ (bundle)")
  private String layout = "none";
  @UriParam(defaultValue = "16", description = "Files fetched or uploaded at once")
  private int parallel = 16;
  @UriParam(defaultValue = "false", description = "Flush each downloaded file to disk before it counts as stored")
  private boolean fsync;
  @UriParam(defaultValue = "false", description = "Downloads: plan only, fetch nothing")
  private boolean dryRun;
  @UriParam(defaultValue = "*", description = "download-bundle: globs (comma-separated) of the metadata files to fetch")
  private String metadataFilter = "*";
  @UriParam(defaultValue = "*", description = "download-bundle: globs (comma-separated) of the data files to fetch")
  private String dataFilter = "*";
  @UriParam(description = "upload: the staging bucket")
  private String stagingBucket;
  @UriParam(description = "upload: a local DSS's endpoints.json naming the staging endpoints"
      + " (default: the environment, then the configuration's staging object)")
  private String stagingEndpoints;
  @UriParam(description = "upload: the uuid of the bundle to make (default: a new one)")
  private String bundleUuid;
  @UriParam(defaultValue = "true", description = "Operations: follow a listing to its last page")
  private boolean paginate = true;
  @UriParam(description = "search: the bundles already emitted (default: in memory)")
  private IdempotentRepository idempotentRepository;

  DssEndpoint(String uri, DssComponent component, String name) {
    super(uri, component);
    this.name = name;
    // a saved search is a request to the DSS: once a minute unless told otherwise
    setDelay(60_000);
  }

  void operation(Operation op, Map<String, Object> args) {
    this.operation = op;
    this.args = Map.copyOf(args);
  }

  @Override
  public DssComponent getComponent() {
    return (DssComponent) super.getComponent();
  }

  @Override
  public Producer createProducer() {
    if (operation != null) {
      return new OperationProducer(this);
    }
    if (name.equals("search")) {
      throw new IllegalArgumentException(getEndpointUri()
          + ": search only starts a route (from); to search inside a route use hca-dss:post_search");
    }
    return new FlowProducer(this);
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    if (!name.equals("search")) {
      throw new IllegalArgumentException(getEndpointUri() + ": only hca-dss:search can start a route (from)");
    }
    SearchConsumer c = new SearchConsumer(this, processor);
    configureConsumer(c);
    return c;
  }

  @Override
  protected void doInit() throws Exception {
    super.doInit();
    if (!replica.equals("aws") && !replica.equals("gcp")) {
      throw bad("replica", "must be aws or gcp, not '" + replica + "'");
    }
    if (!layout.equals("none") && !layout.equals("bundle")) {
      throw bad("layout", "must be none or bundle, not '" + layout + "'");
    }
    if (parallel < 1) {
      throw bad("parallel", "must be at least 1, not " + parallel);
    }
    switch (name) {
      case "download-bundle", "download-manifest" -> {
        if (downloadDir == null || downloadDir.isBlank()) {
          throw bad("downloadDir", "is required");
        }
      }
      case "upload" -> {
        if (stagingBucket == null || stagingBucket.isBlank()) {
          throw bad("stagingBucket", "is required");
        }
      }
      case "search" -> {
        if (query == null || query.isBlank()) {
          throw bad("query", "is required");
        }
        esQuery = SearchQuery.read(query, getEndpointUri() + " option query");
        if (idempotentRepository == null) {
          idempotentRepository = MemoryIdempotentRepository.memoryIdempotentRepository(10_000);
        }
      }
      default -> { }
    }
  }

  private IllegalArgumentException bad(String option, String what) {
    return new IllegalArgumentException(getEndpointUri() + ": option " + option + " " + what);
  }

  String name() {
    return name;
  }

  /** search: the es_query of the option query, read when the endpoint starts. */
  JsonNode esQuery() {
    return esQuery;
  }

  Operation operation() {
    return operation;
  }

  Map<String, Object> args() {
    return args;
  }

  List<String> globs(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  Path downloadPath() {
    return Path.of(downloadDir).toAbsolutePath().normalize();
  }

  public String getReplica() {
    return replica;
  }

  public void setReplica(String replica) {
    this.replica = replica;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }

  public String getDownloadDir() {
    return downloadDir;
  }

  public void setDownloadDir(String downloadDir) {
    this.downloadDir = downloadDir;
  }

  public String getLayout() {
    return layout;
  }

  public void setLayout(String layout) {
    this.layout = layout;
  }

  public int getParallel() {
    return parallel;
  }

  public void setParallel(int parallel) {
    this.parallel = parallel;
  }

  public boolean isFsync() {
    return fsync;
  }

  public void setFsync(boolean fsync) {
    this.fsync = fsync;
  }

  public boolean isDryRun() {
    return dryRun;
  }

  public void setDryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  public String getMetadataFilter() {
    return metadataFilter;
  }

  public void setMetadataFilter(String metadataFilter) {
    this.metadataFilter = metadataFilter;
  }

  public String getDataFilter() {
    return dataFilter;
  }

  public void setDataFilter(String dataFilter) {
    this.dataFilter = dataFilter;
  }

  public String getStagingBucket() {
    return stagingBucket;
  }

  public void setStagingBucket(String stagingBucket) {
    this.stagingBucket = stagingBucket;
  }

  public String getStagingEndpoints() {
    return stagingEndpoints;
  }

  public void setStagingEndpoints(String stagingEndpoints) {
    this.stagingEndpoints = stagingEndpoints;
  }

  public String getBundleUuid() {
    return bundleUuid;
  }

  public void setBundleUuid(String bundleUuid) {
    this.bundleUuid = bundleUuid;
  }

  public boolean isPaginate() {
    return paginate;
  }

  public void setPaginate(boolean paginate) {
    this.paginate = paginate;
  }

  public IdempotentRepository getIdempotentRepository() {
    return idempotentRepository;
  }

  public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
    this.idempotentRepository = idempotentRepository;
  }
}
