package hca.localdss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.cloud.GcsEndpoint;
import hca.localdss.cloud.HostNames;
import hca.localdss.cloud.S3Endpoint;
import hca.localdss.store.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import hca.localdss.api.DssApi;
import hca.localdss.auth.JwtVerifier;
import hca.localdss.auth.ServiceAccountKey;
import hca.localdss.auth.SignInProvider;
import hca.localdss.cloud.S3Urls;
import hca.localdss.records.BundleRecords;
import hca.localdss.records.CheckoutJobs;
import hca.localdss.records.CollectionRecords;
import hca.localdss.records.FileRecords;
import hca.localdss.notify.Deliveries;
import hca.localdss.notify.Notifier;
import hca.localdss.records.BundleIndexer;
import hca.localdss.records.Replicas;
import hca.localdss.records.SubscriptionRecords;
import hca.localdss.search.SearchIndex;
import java.util.Map;
import hca.localdss.store.BlobUrls;
import hca.localdss.store.KeyConfinement;
import hca.localdss.store.KeyCatalog;
import hca.localdss.store.Replica;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A DSS-compatible server with its local cloud, all in this process: the S3 endpoint, the GCS
 * endpoint and the DSS REST API. Start with {@link #start}, stop with {@link #close}.
 */
public final class LocalDss implements AutoCloseable {

  /** Bucket names, the same on both clouds where they exist on both. */
  public static final String AWS_BUCKET = "dss-aws";

  public static final String AWS_CHECKOUT_BUCKET = "dss-aws-checkout";
  public static final String GCP_BUCKET = "dss-gcp";
  public static final String GCP_CHECKOUT_BUCKET = "dss-gcp-checkout";
  public static final String STAGING_BUCKET = "hca-staging";

  /** The local user: its key file is created on first start and trusted by the server. */
  public static final String USER_EMAIL = "local-user@hca-local.iam.gserviceaccount.com";

  public static final String USER_KEY_FILE = "local-user.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(LocalDss.class);

  private final LocalDssOptions options;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Faults faults = new Faults();
  private LocalSettings settings;
  private BlobStore s3Blobs;
  private BlobStore gcsBlobs;
  private S3Endpoint s3;
  private GcsEndpoint gcs;
  private Replicas replicas;
  private FileRecords files;
  private BundleRecords bundles;
  private ServiceAccountKey userKey;
  private int apiPort;

  private LocalDss(LocalDssOptions options) {
    this.options = options;
  }

  /**
   * Starts everything; on failure stops what was started and rethrows.
   *
   * @throws StartRefusedException when another local DSS holds the data folder or a port is taken
   */
  public static LocalDss start(LocalDssOptions options) throws Exception {
    LocalDss dss = new LocalDss(options);
    try {
      dss.startAll();
      return dss;
    } catch (Exception | Error e) {
      dss.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path dir = options.dataDir();
    Files.createDirectories(dir);
    closeables.add(DataFolderLock.acquire(dir)); // before anything in the folder is read or written
    settings = LocalSettings.loadOrCreate(dir);
    faults.set(Faults.Spec.parse(options.faults()));

    s3Blobs = KeyConfinement.onDisk(new FilesystemNio2BlobStore(mkdirs(dir.resolve("s3")).toString()),
        dir.resolve("s3"));
    for (String b : List.of(AWS_BUCKET, AWS_CHECKOUT_BUCKET, STAGING_BUCKET)) {
      new ObjectStore(s3Blobs, b, false).ensureBucket();
    }
    s3 =
        S3Endpoint.start(
            options.host(), options.s3Port(), s3Blobs, settings.s3AccessKey(),
            settings.s3SecretKey(), faults);
    closeables.add(s3);
    S3Urls s3Urls = new S3Urls(s3.url(), settings.s3AccessKey(), settings.s3SecretKey());
    closeables.add(s3Urls);

    gcsBlobs = KeyConfinement.onDisk(new FilesystemNio2BlobStore(mkdirs(dir.resolve("gcs")).toString()),
        dir.resolve("gcs"));
    for (String b : List.of(GCP_BUCKET, GCP_CHECKOUT_BUCKET, STAGING_BUCKET)) {
      new ObjectStore(gcsBlobs, b, true).ensureBucket();
    }

    Replica aws = replica("aws", "s3", s3Blobs, AWS_BUCKET, AWS_CHECKOUT_BUCKET, false, s3Urls);
    gcs = GcsEndpoint.start(options.host(), options.gcsPort(), gcsBlobs, faults, settings.urlSigningKey());
    closeables.add(gcs);
    Replica gcp =
        replica(
            "gcp", "gs", gcsBlobs, GCP_BUCKET, GCP_CHECKOUT_BUCKET, true,
            (b, k, ttl, cd) -> gcs.signedUrl(b, k, ttl));
    replicas = new Replicas(aws, gcp);
    ExecutorService copies = Executors.newFixedThreadPool(2, daemon("dss-copy"));
    closeables.add(copies::shutdownNow);
    files = new FileRecords(replicas, copies, options.asyncCopyThreshold());
    bundles = new BundleRecords(replicas, files);

    userKey = loadOrCreateUserKey(dir.resolve("credentials"));
    JwtVerifier verifier =
        new JwtVerifier(trustedKeys(dir.resolve("credentials")), audiences(), Clock.systemUTC());
    SignInProvider signIn =
        new SignInProvider(
            "http://" + HostNames.forUrl(options.host()) + "/", options.signInTokenLifetime(),
            Clock.systemUTC());
    verifier.trustSignIn(signIn.signingKey());
    ExecutorService checkoutWorkers = Executors.newFixedThreadPool(2, daemon("dss-checkout"));
    closeables.add(checkoutWorkers::shutdownNow);
    Map<String, SearchIndex> indexes =
        Map.of(
            "aws", new SearchIndex(mkdirs(dir.resolve("index").resolve("aws"))),
            "gcp", new SearchIndex(mkdirs(dir.resolve("index").resolve("gcp"))));
    SubscriptionRecords subscriptions = new SubscriptionRecords(dir.resolve("subscriptions"));
    Deliveries deliveries = new Deliveries(Notifier.delays(options.notifyDelays()));
    closeables.add(deliveries);
    Notifier notifier =
        new Notifier(replicas, subscriptions, r -> indexes.get(r.name()), this::apiOrigin, deliveries);
    BundleIndexer indexer = new BundleIndexer(replicas, indexes, notifier);
    indexer.catchUp(bundles);
    bundles.listen(indexer);
    DssApi api =
        new DssApi(
            new DssApi.Parts(
                replicas, files, bundles, new CollectionRecords(replicas, files),
                new CheckoutJobs(bundles, checkoutWorkers), indexer, subscriptions,
                deliveries::counters, verifier, faults, Set.of(userKey.clientEmail()), version(),
                options.debugErrors(), signIn, USER_EMAIL));
    HttpServers.Running apiServer =
        HttpServers.start("dss-api", "the DSS API", options.host(), options.port(), api.servlet());
    closeables.add(apiServer);
    apiPort = apiServer.port();

    Seeder seeder = new Seeder(files, bundles);
    for (String seed : options.seeds()) {
      seeder.seed(seed, aws);
    }

    writeEndpoints();
  }

  private static Replica replica(
      String name, String scheme, BlobStore blobs, String bucket, String checkoutBucket,
      boolean crc, BlobUrls urls) {
    ObjectStore main = new ObjectStore(blobs, bucket, crc);
    return new Replica(
        name, scheme, main, new ObjectStore(blobs, checkoutBucket, crc), KeyCatalog.load(main), urls,
        b -> new ObjectStore(blobs, b, crc));
  }

  /** The local user's service-account key, created on first start; the server trusts it. */
  private static ServiceAccountKey loadOrCreateUserKey(Path credDir) throws IOException {
    Path file = credDir.resolve(USER_KEY_FILE);
    if (Files.exists(file)) {
      return ServiceAccountKey.read(file);
    }
    return ServiceAccountKey.generate(file, USER_EMAIL, "hca-local");
  }

  /** Every service-account key file in the credentials folder is trusted. */
  private static List<ServiceAccountKey> trustedKeys(Path credDir) throws IOException {
    List<ServiceAccountKey> keys = new ArrayList<>();
    try (Stream<Path> s = Files.list(credDir)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
        try {
          keys.add(ServiceAccountKey.read(p));
        } catch (IOException e) {
          LOG.warn("not trusting {}: {}", p, e.getMessage());
        }
      }
    }
    return keys;
  }

  private Set<String> audiences() {
    return Set.of(
        "https://dev.data.humancellatlas.org/",
        "https://data.humancellatlas.org/",
        "http://" + HostNames.forUrl(options.host()) + "/");
  }

  static String version() {
    String v = LocalDss.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static Path mkdirs(Path p) throws IOException {
    return Files.createDirectories(p);
  }

  private void writeEndpoints() throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("api_url", apiUrl());
    ObjectNode s3n = n.putObject("s3");
    s3n.put("endpoint", s3.url());
    s3n.put("region", "us-east-1");
    s3n.put("access_key", settings.s3AccessKey());
    s3n.put("secret_key", settings.s3SecretKey());
    s3n.put("staging_bucket", STAGING_BUCKET);
    s3n.put("replica_bucket", AWS_BUCKET);
    ObjectNode gcsn = n.putObject("gcs");
    gcsn.put("endpoint", gcs.url());
    gcsn.put("project", "hca-local");
    gcsn.put("staging_bucket", STAGING_BUCKET);
    gcsn.put("replica_bucket", GCP_BUCKET);
    n.put("service_account_key", options.dataDir().resolve("credentials").resolve(USER_KEY_FILE).toString());
    n.put("service_account_email", userKey.clientEmail());
    n.putArray("admin_emails").add(userKey.clientEmail());
    ObjectNode signIn = n.putObject("sign_in");
    signIn.put("client_id", SignInProvider.CLIENT_ID);
    signIn.put("application_secrets", apiOrigin() + "/internal/application_secrets");
    signIn.put("authorization_endpoint", apiOrigin() + "/internal/oauth/authorize");
    signIn.put("token_endpoint", apiOrigin() + "/internal/oauth/token");
    signIn.put("revocation_endpoint", apiOrigin() + "/internal/oauth/revoke");
    Path file = options.dataDir().resolve("endpoints.json");
    LocalSettings.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /** {@code http://host:port} of the API. */
  public String apiOrigin() {
    return "http://" + HostNames.forUrl(options.host()) + ":" + apiPort;
  }

  /** The DSS API base URL, e.g. {@code http://127.0.0.1:5000/v1}. */
  public String apiUrl() {
    return "http://" + HostNames.forUrl(options.host()) + ":" + apiPort + "/v1";
  }

  public Faults faults() {
    return faults;
  }

  public String s3Url() {
    return s3.url();
  }

  public String gcsUrl() {
    return gcs.url();
  }

  public Replicas replicas() {
    return replicas;
  }

  public ServiceAccountKey userKey() {
    return userKey;
  }

  public Path userKeyFile() {
    return options.dataDir().resolve("credentials").resolve(USER_KEY_FILE);
  }

  public LocalSettings settings() {
    return settings;
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> reversed = new ArrayList<>(closeables);
    Collections.reverse(reversed);
    Exception first = null;
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    closeables.clear();
    if (first != null) {
      throw first;
    }
  }
}
