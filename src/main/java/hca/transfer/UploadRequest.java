package hca.transfer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What to upload and how: the source folder, the replica, the staging bucket, and the options of
 * {@code hca dss upload}. Build one with {@link #builder}.
 */
public final class UploadRequest {

  /** The replicas an upload can go to; each stages to its own cloud (aws: S3, gcp: GCS). */
  public static final Set<String> REPLICAS = Set.of("aws", "gcp");

  /** How long a file's registration may take by default, as the original client waited. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1200);

  /**
   * Files uploaded at once by default: on 2 cores, 4 kept the local S3 endpoint as busy as 8 did,
   * with less contention for the CPU that the checksums need (bench/upload.sh).
   */
  public static final int DEFAULT_PARALLEL = 4;

  private final Builder b;

  private UploadRequest(Builder b) {
    this.b = b;
  }

  /** A request to upload {@code srcDir} to {@code replica}, staging in {@code stagingBucket}. */
  public static Builder builder(Path srcDir, String replica, String stagingBucket) {
    return new Builder(srcDir, replica, stagingBucket);
  }

  public Path srcDir() {
    return b.srcDir;
  }

  public String replica() {
    return b.replica;
  }

  public String stagingBucket() {
    return b.stagingBucket;
  }

  /** The {@code s3://} or {@code gs://} URL of the object staged at {@code key}. */
  public String stagedUrl(String key) {
    return (b.replica.equals("gcp") ? "gs://" : "s3://") + b.stagingBucket + "/" + key;
  }

  /** The bundle uuid asked for, or null for a new one. */
  public String bundleUuid() {
    return b.bundleUuid;
  }

  public Duration timeout() {
    return b.timeout;
  }

  public int parallel() {
    return b.parallel;
  }

  public boolean jsonIndexed() {
    return b.jsonIndexed;
  }

  /** The report file asked for, or null for the default beside the source folder. */
  public Path report() {
    return b.report;
  }

  public boolean stageOnly() {
    return b.stageOnly;
  }

  public StagingSettings staging() {
    return b.staging;
  }

  public long multipartThreshold() {
    return b.multipartThreshold;
  }

  /** The part size of multipart staging, or 0 for the DSS's rule ({@link Checksummer#partSize}). */
  public long partSize() {
    return b.partSize;
  }

  /** The creator uid, or null for the client configuration's {@code creator_uid}. */
  public Long creatorUid() {
    return b.creatorUid;
  }

  public UploadProgress progress() {
    return b.progress;
  }

  /** Called with each file after its checksums are computed and before it is staged. */
  public Consumer<Path> afterChecksum() {
    return b.afterChecksum;
  }

  /** Sets the options of an {@link UploadRequest}. */
  public static final class Builder {
    private final Path srcDir;
    private final String replica;
    private final String stagingBucket;
    private String bundleUuid;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int parallel = DEFAULT_PARALLEL;
    private boolean jsonIndexed = true;
    private Path report;
    private boolean stageOnly;
    private StagingSettings staging = StagingSettings.defaults();
    private long multipartThreshold = Checksummer.MULTIPART_THRESHOLD;
    private long partSize;
    private Long creatorUid;
    private UploadProgress progress = UploadProgress.none();
    private Consumer<Path> afterChecksum = p -> {};

    private Builder(Path srcDir, String replica, String stagingBucket) {
      this.srcDir = Objects.requireNonNull(srcDir, "srcDir");
      this.replica = Objects.requireNonNull(replica, "replica");
      this.stagingBucket = Objects.requireNonNull(stagingBucket, "stagingBucket");
    }

    /** The bundle's uuid: a new one when not set; the same one again resumes a failed upload. */
    public Builder bundleUuid(String uuid) {
      this.bundleUuid = uuid;
      return this;
    }

    /** How long each file's registration may take (0: do not wait for copies at all). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** How many files are checksummed, staged and registered at once. */
    public Builder parallel(int parallel) {
      this.parallel = parallel;
      return this;
    }

    /** Whether {@code .json} files are marked {@code indexed} in the bundle (the default). */
    public Builder jsonIndexed(boolean indexed) {
      this.jsonIndexed = indexed;
      return this;
    }

    /** Where the report goes (the upload state file goes beside it). */
    public Builder report(Path report) {
      this.report = report;
      return this;
    }

    /** Stage the files and stop: nothing is registered. */
    public Builder stageOnly(boolean stageOnly) {
      this.stageOnly = stageOnly;
      return this;
    }

    public Builder staging(StagingSettings staging) {
      this.staging = Objects.requireNonNull(staging, "staging");
      return this;
    }

    /** Files larger than this go up to S3 in parts. */
    public Builder multipartThreshold(long bytes) {
      this.multipartThreshold = bytes;
      return this;
    }

    /** The size of those parts (0: the DSS's rule, 64 MiB for files up to 640 GiB). */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    public Builder creatorUid(Long uid) {
      this.creatorUid = uid;
      return this;
    }

    public Builder progress(UploadProgress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * A hook called with each file between its checksum pass and its staging, for tests and
     * instrumentation; a file it changes is detected and fails.
     */
    public Builder afterChecksum(Consumer<Path> hook) {
      this.afterChecksum = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalArgumentException for an unknown replica, an empty bucket name, a bundle
     *     uuid that is not a uuid, or a bound out of range
     */
    public UploadRequest build() {
      if (!REPLICAS.contains(replica)) {
        throw new IllegalArgumentException("replica must be aws or gcp, not " + replica);
      }
      if (stagingBucket.isBlank() || stagingBucket.contains("/")) {
        throw new IllegalArgumentException("staging bucket must be a bucket name, not '" + stagingBucket + "'");
      }
      if (bundleUuid != null) {
        uuid(bundleUuid);
      }
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("the timeout must be zero or more");
      }
      if (parallel < 1 || parallel > 256) {
        throw new IllegalArgumentException("parallel must be between 1 and 256, not " + parallel);
      }
      if (multipartThreshold < 1 || partSize < 0) {
        throw new IllegalArgumentException("the multipart threshold and part size must be positive");
      }
      return new UploadRequest(copy());
    }

    /** A snapshot, so that later changes to this builder do not change a built request. */
    private Builder copy() {
      Builder c = new Builder(srcDir, replica, stagingBucket);
      c.bundleUuid = bundleUuid;
      c.timeout = timeout;
      c.parallel = parallel;
      c.jsonIndexed = jsonIndexed;
      c.report = report;
      c.stageOnly = stageOnly;
      c.staging = staging;
      c.multipartThreshold = multipartThreshold;
      c.partSize = partSize;
      c.creatorUid = creatorUid;
      c.progress = progress;
      c.afterChecksum = afterChecksum;
      return c;
    }

    private static void uuid(String s) {
      try {
        if (!UUID.fromString(s).toString().equals(s)) {
          throw new IllegalArgumentException(s);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bundle uuid must be a lower-case uuid, not '" + s + "'");
      }
    }
  }
}
