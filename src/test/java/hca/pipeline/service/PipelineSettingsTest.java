package hca.pipeline.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pipeline's settings: one list of known keys, all documented, every folder under hca.home. */
class PipelineSettingsTest {

  private static Properties shipped() throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
      p.load(r);
    }
    return p;
  }

  @Test
  void everyKnownKeyIsDocumentedInApplicationPropertiesWithItsDefault() throws Exception {
    String text = Files.readString(Path.of("application.properties"));
    for (Map.Entry<String, String> k : KnownSettings.KEYS.entrySet()) {
      String line = "(?m)^#?" + Pattern.quote(k.getKey()) + " =";
      assertThat(Pattern.compile(line).matcher(text).find()).as(k.getKey() + " in application.properties").isTrue();
    }
    // the values the file sets are the defaults the pipeline uses when they are left out
    Properties p = shipped();
    KnownSettings.KEYS.forEach((key, dflt) -> {
      if (!dflt.isEmpty() && !dflt.startsWith("<")) {
        assertThat(p.getProperty(key)).as(key).isEqualTo(dflt);
      }
    });
    // and the shipped file holds no key the pipeline would refuse
    PipelineSettings s = PipelineSettings.from(p, Path.of("/srv/hca"), Map.of());
    assertThat(s.home()).isEqualTo(Path.of("/srv/hca/pipeline-data"));
  }

  @Test
  void theFoldersFollowHcaHomeUnlessSetApart() throws Exception {
    Properties p = shipped();
    p.setProperty("hca.home", "/data/hca");
    PipelineSettings s = PipelineSettings.from(p, Path.of("/srv"), Map.of());
    assertThat(s.inbox()).isEqualTo(Path.of("/data/hca/inbox"));
    assertThat(s.downloadDir()).isEqualTo(Path.of("/data/hca/downloads"));
    assertThat(s.ledgerUrl()).startsWith("jdbc:h2:file:/data/hca/ledger;");
    assertThat(PipelineSettings.localDss(p, Path.of("/srv"), Map.of()).data()).isEqualTo(Path.of("/data/hca/local-dss"));
    p.setProperty("hca.inbox", "drop");
    assertThat(PipelineSettings.from(p, Path.of("/srv"), Map.of()).inbox()).isEqualTo(Path.of("/srv/drop"));
  }

  @Test
  void aMistypedKeyNamesTheNearestKnownOneAndAKnownKeyIsTakenAsIs() {
    Properties p = new Properties();
    p.setProperty("hca.ledger.pasword", "x");
    assertThatThrownBy(() -> PipelineSettings.from(p, Path.of("/srv"), Map.of("hca.ledger.pasword", "/etc/a.properties")))
        .isInstanceOf(SettingException.class)
        .hasMessage("unknown setting hca.ledger.pasword (/etc/a.properties); did you mean hca.ledger.password?");
    assertThat(KnownSettings.nearest("hca.subscribe.new.replca")).isEqualTo("hca.subscribe.new.replica");
    assertThat(KnownSettings.known("hca.jobs.roots")).isTrue();
    assertThat(KnownSettings.environmentVariable("hca.inbox.min-age-ms")).isEqualTo("HCA_INBOX_MIN_AGE_MS");
  }
}
