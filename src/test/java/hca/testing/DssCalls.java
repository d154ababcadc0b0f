package hca.testing;

import static org.assertj.core.api.Assertions.assertThat;

import hca.dss.DssVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/** Shortcuts for tests that need files and bundles in a local DSS. */
public final class DssCalls {

  private final LocalDssExtension dss;
  private final S3Client s3;

  public DssCalls(LocalDssExtension dss, S3Client s3) {
    this.dss = dss;
    this.s3 = s3;
  }

  /** A registered file. */
  public record FileRef(String uuid, String version, byte[] content) {}

  /** Stages and registers a file; asserts the 201. */
  public FileRef file(byte[] content, String contentType) {
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    String src = Staging.stage(s3, "stage/" + uuid, content, contentType);
    Http.Response r =
        Http.call(
            "PUT",
            dss.api() + "/files/" + uuid + "?version=" + version,
            Http.json(Map.of("source_url", src, "creator_uid", 1)),
            dss.token());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return new FileRef(uuid, version, content);
  }

  /** The JSON of a bundle body with these files under these names. */
  public static String bundleBody(Map<String, FileRef> files) {
    List<Map<String, Object>> list = new ArrayList<>();
    files.forEach(
        (name, f) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("uuid", f.uuid());
          m.put("version", f.version());
          m.put("name", name);
          m.put("indexed", name.endsWith(".json"));
          list.add(m);
        });
    return Http.json(Map.of("files", list, "creator_uid", 1));
  }

  /** PUTs a bundle; returns the response. */
  public Http.Response putBundle(String uuid, String version, Map<String, FileRef> files, String replica) {
    return Http.call(
        "PUT",
        dss.api() + "/bundles/" + uuid + "?replica=" + replica + "&version=" + version,
        bundleBody(files),
        dss.token());
  }
}
