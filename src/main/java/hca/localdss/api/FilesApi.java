package hca.localdss.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.records.FileRecords;
import hca.localdss.records.Replicas;
import hca.localdss.store.Replica;
import java.time.Duration;
import java.util.Optional;

/** PUT, HEAD and GET /files/{uuid}. */
final class FilesApi {

  static final Duration URL_TTL = Duration.ofHours(6);

  private final Replicas replicas;
  private final FileRecords files;
  private final Checkout checkout;

  FilesApi(Replicas replicas, FileRecords files, Checkout checkout) {
    this.replicas = replicas;
    this.files = files;
    this.checkout = checkout;
  }

  void register(Routes routes) {
    routes.add("PUT", "/files/{uuid}", Routes.Access.AUTHENTICATED, this::put);
    routes.add("HEAD", "/files/{uuid}", Routes.Access.ANONYMOUS, this::head);
    routes.add("GET", "/files/{uuid}", Routes.Access.ANONYMOUS, this::get);
  }

  private ApiReply put(ApiRequest r) {
    Callers.requireGroup(r, "Forbidden", "hca");
    String uuid = Callers.uuid(r);
    String version = Callers.dssVersion(r, "version");
    ObjectNode body = r.jsonObject();
    FileRecords.PutOutcome o =
        files.put(uuid, version, body.path("source_url").asText(), body.path("creator_uid").asLong());
    return ApiReply.json(o.status(), o.body());
  }

  private ApiReply head(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String uuid = Callers.uuid(r);
    Optional<String> version = r.query("version");
    Optional<FileRecords.FileMeta> meta = files.get(replica, uuid, version.orElse(null));
    if (meta.isEmpty()) {
      Optional<String> failed = version.flatMap(v -> files.failedCopy(uuid, v));
      if (failed.isPresent()) {
        throw new DssException(422, "missing_checksum", failed.get());
      }
      return ApiReply.empty(404);
    }
    return withDssHeaders(ApiReply.empty(200), meta.get());
  }

  private ApiReply get(ApiRequest r) {
    Replica replica = replicas.get(r.requiredQuery("replica"));
    String uuid = Callers.uuid(r);
    FileRecords.FileMeta meta =
        files
            .get(replica, uuid, r.query("version").orElse(null))
            .orElseThrow(() -> DssException.notFound("Cannot find file!"));
    ApiReply wait = checkout.redirectIfInProgress(r);
    if (wait != null) {
      return wait;
    }
    String location =
        r.boolQuery("directurl")
            ? replica.nativeUrl(meta.blobKey())
            : replica
                .urls()
                .download(
                    replica.main().bucket(),
                    meta.blobKey(),
                    URL_TTL,
                    r.query("content_disposition").orElse(null));
    return withDssHeaders(ApiReply.redirect(302, location), meta);
  }

  static ApiReply withDssHeaders(ApiReply reply, FileRecords.FileMeta meta) {
    ObjectNode m = meta.json();
    return reply
        .header("X-DSS-CREATOR-UID", m.path("creator_uid").asText())
        .header("X-DSS-VERSION", m.path("version").asText())
        .header("X-DSS-CONTENT-TYPE", m.path("content-type").asText())
        .header("X-DSS-SIZE", m.path("size").asText())
        .header("X-DSS-CRC32C", m.path("crc32c").asText())
        .header("X-DSS-S3-ETAG", m.path("s3-etag").asText())
        .header("X-DSS-SHA1", m.path("sha1").asText())
        .header("X-DSS-SHA256", m.path("sha256").asText());
  }
}
