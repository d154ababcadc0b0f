package hca.pipeline;

import static hca.testing.DownloadFixture.stored;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import hca.dss.AuthProvider;
import hca.dss.DssClient;
import hca.testing.DownloadFixture;
import hca.testing.DownloadFixture.Stored;
import hca.testing.LocalDssExtension;
import hca.transfer.DownloadSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The download methods of the library, as the original DSSClient had them. */
class DssClientDownloadTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  @TempDir Path tmp;

  private DssClient client;

  @BeforeEach
  void client() {
    client = DssClient.builder()
        .config(HcaConfig.load(new ConfigEnvironment(Map.of(), tmp.resolve("home"), tmp.resolve("etc")), Map.of()))
        .baseUrl(dss.api())
        .auth(AuthProvider.bearer(dss.token()))
        .build();
  }

  @Test
  void downloadFetchesABundleWithItsFiltersIntoItsLayout() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 2, 2, 61);
    Stored first = files.get(0);
    Path dir = tmp.resolve("d");
    DownloadSummary s = Downloads.bundle(client, first.bundleUuid(), "aws", null, dir, List.of("meta_1*"), List.of());
    assertThat(s.ok()).isTrue();
    assertThat(s.fetched()).isEqualTo(1);
    Path layout = dir.resolve(first.bundleUuid() + "." + first.bundleVersion());
    assertThat(layout.resolve("meta_1.json")).hasContent(new String(files.get(1).file().content()));
    assertThat(layout.resolve("meta_0.json")).doesNotExist();

    DownloadSummary all = Downloads.bundle(client, first.bundleUuid(), "aws", dir);
    assertThat(all.fetched()).isEqualTo(3);
    assertThat(all.present()).isEqualTo(1);
    for (Stored f : files) {
      assertThat(Files.readAllBytes(layout.resolve(f.name()))).isEqualTo(f.file().content());
    }
  }

  @Test
  void downloadManifestAndDownloadQueryRunTheSameFlows() throws Exception {
    List<Stored> files = DownloadFixture.bundle(dss, 1, 2, 62);
    Path manifest = DownloadFixture.manifest(tmp.resolve("lib.tsv"), files);
    Path dir = tmp.resolve("m");
    DownloadSummary s = Downloads.manifest(client, manifest, "aws", false, dir);
    assertThat(s.fetched()).isEqualTo(3);
    assertThat(s.outputManifest()).isEqualTo(dir.toAbsolutePath().resolve("lib.tsv"));
    for (Stored f : files) {
      assertThat(Files.readAllBytes(stored(dir, f.sha256()))).isEqualTo(f.file().content());
    }
    assertThat(dir.resolve(files.get(0).bundleUuid() + "." + files.get(0).bundleVersion())).doesNotExist();

    Path q = tmp.resolve("q");
    DownloadSummary byQuery = Downloads.query(client, new ObjectMapper().readTree(
        "{\"query\": {\"term\": {\"files.meta_json.seed\": 62}}}"), "aws", q, "seed62");
    assertThat(byQuery.fetched()).isEqualTo(3);
    assertThat(q.resolve("seed62.report.tsv")).exists();
    assertThat(q.resolve(files.get(0).bundleUuid() + "." + files.get(0).bundleVersion()).resolve(files.get(2).name()))
        .exists();
  }
}
