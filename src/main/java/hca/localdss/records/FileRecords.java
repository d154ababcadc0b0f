package hca.localdss.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.api.DssException;
import hca.localdss.api.Json;
import hca.localdss.store.KeyConfinement;
import hca.localdss.store.KeyLocks;
import hca.localdss.store.Keys;
import hca.localdss.store.ObjectInfo;
import hca.localdss.store.ObjectStore;
import hca.localdss.store.Replica;
import hca.transfer.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files: registering staged content as a file version (PUT /files), and reading file metadata.
 * Content is stored once per checksum set under {@code blobs/}, metadata under
 * {@code files/{uuid}.{version}}.
 */
public final class FileRecords {

  private static final Logger LOG = LoggerFactory.getLogger(FileRecords.class);

  /** The outcome of PUT /files: status and body. */
  public record PutOutcome(int status, ObjectNode body) {}

  /** An asynchronous copy in progress or failed. */
  private record CopyTask(String taskId, String error) {}

  private final Replicas replicas;
  private final ExecutorService copies;
  private final long asyncThreshold;
  private final Map<String, CopyTask> tasks = new ConcurrentHashMap<>();
  /** File versions never change once written, so their metadata can be kept once read. */
  private final Map<String, ObjectNode> cache = new ConcurrentHashMap<>();

  private static final int CACHE_LIMIT = 200_000;

  public FileRecords(Replicas replicas, ExecutorService copies, long asyncThreshold) {
    this.replicas = replicas;
    this.copies = copies;
    this.asyncThreshold = asyncThreshold;
  }

  /** Registers the staged object at {@code sourceUrl} as file {@code uuid} at {@code version}. */
  public PutOutcome put(String uuid, String version, String sourceUrl, long creatorUid) {
    SourceUrl src = SourceUrl.parse(sourceUrl);
    Replica origin = replicas.forScheme(src.scheme()).orElseThrow();
    ObjectStore store = replicas.source(src.scheme(), src.bucket());
    ObjectInfo info =
        headOfSource(store, src)
            .orElseThrow(
                () ->
                    DssException.illegalArguments("Source object " + src + " does not exist"));
    Checksums sums = stagedChecksums(info.userMetadata(), src);
    String contentType = info.contentType() == null ? "application/octet-stream" : info.contentType();
    ObjectNode meta = metadata(creatorUid, version, contentType, info.size(), sums);
    String blobKey = sums.blobKey();

    boolean haveBlob = origin.main().head(blobKey).map(b -> b.size() == info.size()).orElse(false);
    if (!haveBlob && info.size() > asyncThreshold) {
      return startAsyncCopy(origin, store, src, info, sums, uuid, version, meta);
    }
    if (!haveBlob) {
      copyBlob(origin, store, src, info, sums);
    }
    replicas.mirrorBlob(origin, blobKey);
    return saveMetadata(origin, uuid, version, meta);
  }

  private static Optional<ObjectInfo> headOfSource(ObjectStore store, SourceUrl src) {
    try {
      return store.head(src.key());
    } catch (KeyConfinement.IllegalKeyException e) {
      // e.g. a folder of the bucket that links elsewhere on disk
      throw DssException.illegalArguments("source_url names a key outside its bucket");
    }
  }

  private PutOutcome startAsyncCopy(
      Replica origin,
      ObjectStore store,
      SourceUrl src,
      ObjectInfo info,
      Checksums sums,
      String uuid,
      String version,
      ObjectNode meta) {
    String fileKey = Keys.file(uuid, version);
    CopyTask[] created = new CopyTask[1];
    CopyTask task =
        tasks.compute(
            fileKey,
            (k, existing) -> {
              if (existing != null && existing.error() == null) {
                return existing; // the same copy is already running
              }
              created[0] = new CopyTask(UUID.randomUUID().toString(), null);
              return created[0];
            });
    if (created[0] != null) {
      copies.execute(
          () -> {
            try {
              copyBlob(origin, store, src, info, sums);
              replicas.mirrorBlob(origin, sums.blobKey());
              saveMetadata(origin, uuid, version, meta);
              tasks.remove(fileKey, task);
            } catch (DssException e) {
              LOG.warn("copy of {} for file {} failed: {}", src, fileKey, e.getMessage());
              tasks.put(fileKey, new CopyTask(task.taskId(), e.getMessage()));
            } catch (RuntimeException e) {
              LOG.warn("copy of {} for file {} failed", src, fileKey, e);
              // the exception may name server paths: it stays in the log
              tasks.put(fileKey, new CopyTask(task.taskId(), "The copy of " + src + " failed"));
            }
          });
    }
    ObjectNode body = Json.object();
    body.put("task_id", task.taskId());
    body.put("version", version);
    return new PutOutcome(202, body);
  }

  /**
   * Registers content the server holds itself (seed data) as a file version, without staging:
   * the blob is written to {@code origin} if absent and mirrored, then the metadata is saved.
   */
  public PutOutcome putContent(
      Replica origin, String uuid, String version, byte[] content, String contentType, long creatorUid) {
    Checksums sums = hca.transfer.Checksummer.of(content);
    if (origin.main().head(sums.blobKey()).isEmpty()) {
      origin.main().write(
          sums.blobKey(), new java.io.ByteArrayInputStream(content), content.length, contentType, Map.of(),
          sums.crc32c());
    }
    replicas.mirrorBlob(origin, sums.blobKey());
    return saveMetadata(origin, uuid, version, metadata(creatorUid, version, contentType, content.length, sums));
  }

  /** Why the asynchronous copy of this file version failed, if it did. */
  public Optional<String> failedCopy(String uuid, String version) {
    CopyTask t = tasks.get(Keys.file(uuid, version));
    return t == null ? Optional.empty() : Optional.ofNullable(t.error());
  }

  private void copyBlob(
      Replica origin, ObjectStore store, SourceUrl src, ObjectInfo info, Checksums sums) {
    String blobKey = sums.blobKey();
    VerifyingInputStream verify;
    String writtenEtag;
    try (InputStream in = store.open(src.key(), 0, -1)) {
      verify = new VerifyingInputStream(in, info.size());
      writtenEtag =
          origin.main().write(blobKey, verify, info.size(), info.contentType(), Map.of(), sums.crc32c());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String etag = verify.multipartEtag() != null ? verify.multipartEtag() : writtenEtag;
    String problem = null;
    if (!verify.crc32c().equals(sums.crc32c())) {
      problem = "hca-dss-crc32c is " + sums.crc32c() + " but the content's CRC-32C is " + verify.crc32c();
    } else if (!sums.s3Etag().equals(etag)) {
      problem = "hca-dss-s3_etag is " + sums.s3Etag() + " but the content's S3 ETag is " + etag;
    }
    if (problem != null) {
      origin.main().delete(blobKey);
      throw new DssException(422, "invalid_checksum", "Checksum mismatch for " + src + ": " + problem);
    }
  }

  private PutOutcome saveMetadata(Replica origin, String uuid, String version, ObjectNode meta) {
    String key = Keys.file(uuid, version);
    byte[] bytes = Json.bytes(meta);
    try (KeyLocks.Held h = replicas.locks().lock(key)) {
      Optional<byte[]> existing = replicas.read(origin, key);
      ObjectNode body = Json.object();
      body.put("version", version);
      if (existing.isPresent()) {
        if (Json.parse(existing.get()).equals(meta) || Arrays.equals(existing.get(), bytes)) {
          return new PutOutcome(200, body);
        }
        throw new DssException(
            409, "file_already_exists", "file with UUID " + uuid + " and version " + version + " already exists");
      }
      replicas.writeMirrored(origin, key, bytes);
      return new PutOutcome(201, body);
    }
  }

  private static Checksums stagedChecksums(Map<String, String> userMeta, SourceUrl src) {
    Map<String, String> m = new java.util.HashMap<>();
    userMeta.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
    String[] keys = {
      Checksums.META_SHA256, Checksums.META_SHA1, Checksums.META_S3_ETAG, Checksums.META_CRC32C
    };
    for (String k : keys) {
      if (!m.containsKey(k)) {
        throw new DssException(
            422, "missing_checksum", "Source object " + src + " has no " + k + " metadata");
      }
    }
    Checksums c =
        new Checksums(
            m.get(Checksums.META_SHA256).toLowerCase(Locale.ROOT),
            m.get(Checksums.META_SHA1).toLowerCase(Locale.ROOT),
            m.get(Checksums.META_S3_ETAG).toLowerCase(Locale.ROOT),
            m.get(Checksums.META_CRC32C).toLowerCase(Locale.ROOT));
    if (!c.wellFormed()) {
      throw new DssException(
          422, "invalid_checksum", "Source object " + src + " has malformed hca-dss-* checksums");
    }
    return c;
  }

  private static ObjectNode metadata(
      long creatorUid, String version, String contentType, long size, Checksums c) {
    ObjectNode n = Json.object();
    n.put("format", "0.0.4");
    n.put("creator_uid", creatorUid);
    n.put("version", version);
    n.put("content-type", contentType);
    n.put("size", size);
    n.put("crc32c", c.crc32c());
    n.put("s3-etag", c.s3Etag());
    n.put("sha1", c.sha1());
    n.put("sha256", c.sha256());
    return n;
  }

  /** The metadata of a file version (the latest when version is null), if it exists. */
  public Optional<FileMeta> get(Replica r, String uuid, String versionOrNull) {
    String key;
    if (versionOrNull == null) {
      Optional<String> latest =
          r.catalog().last("files/" + uuid + ".", k -> Keys.FILE.matcher(k).matches());
      if (latest.isEmpty()) {
        return Optional.empty();
      }
      key = latest.get();
    } else {
      key = Keys.file(uuid, versionOrNull);
    }
    ObjectNode cached = cache.get(r.name() + "/" + key);
    if (cached != null) {
      return Optional.of(new FileMeta(uuid, cached));
    }
    Optional<ObjectNode> json = replicas.read(r, key).map(Json::parseObject);
    json.ifPresent(j -> {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(r.name() + "/" + key, j);
    });
    return json.map(j -> new FileMeta(uuid, j));
  }

  /** A file version's stored metadata. */
  public record FileMeta(String uuid, ObjectNode json) {
    public String version() {
      return json.path("version").asText();
    }

    public long size() {
      return json.path("size").asLong();
    }

    public String blobKey() {
      return new Checksums(
              json.path("sha256").asText(),
              json.path("sha1").asText(),
              json.path("s3-etag").asText(),
              json.path("crc32c").asText())
          .blobKey();
    }
  }
}
