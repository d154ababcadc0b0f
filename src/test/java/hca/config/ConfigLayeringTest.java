package hca.config;

import static hca.config.ConfigFixture.json;
import static hca.config.ConfigFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLayeringTest {

  @TempDir Path tmp;
  ConfigFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ConfigFixture(tmp);
  }

  @Test
  void withNoFilesTheBuiltInDefaultsApply() {
    HcaConfig config = fx.load();

    assertThat(config.logLevel()).isEqualTo("INFO");
    assertThat(config.swaggerUrl())
        .isEqualTo("http://127.0.0.1:5000/v1/swagger.json");
    assertThat(config.creatorUid()).isZero();
    assertThat(config.allowInsecureHttp()).isFalse();
    assertThat(config.token()).isEmpty();
    assertThat(config.loadedFiles()).isEmpty();
  }

  @Test
  void eachSourceWinsOverTheOnesBeforeIt() {
    // Key kN is set by the first N sources after the defaults; the last of them must win.
    Path extra1 = tmp.resolve("extra1.json");
    Path extra2 = tmp.resolve("extra2.json");
    write(
        fx.siteFile(),
        "{\"k1\":\"site\",\"k2\":\"site\",\"k3\":\"site\",\"k4\":\"site\",\"k5\":\"site\"}");
    write(
        fx.defaultUserFile(), "{\"k2\":\"user\",\"k3\":\"user\",\"k4\":\"user\",\"k5\":\"user\"}");
    write(extra1, "{\"k3\":\"extra1\",\"k4\":\"extra1\",\"k5\":\"extra1\"}");
    write(extra2, "{\"k4\":\"extra2\",\"k5\":\"extra2\"}");
    fx.extraFiles(extra1, extra2);

    HcaConfig config = fx.load(Map.of("k5", TextNode.valueOf("command line")));

    assertThat(config.get("k1")).contains(TextNode.valueOf("site"));
    assertThat(config.get("k2")).contains(TextNode.valueOf("user"));
    assertThat(config.get("k3")).contains(TextNode.valueOf("extra1"));
    assertThat(config.get("k4")).contains(TextNode.valueOf("extra2"));
    assertThat(config.get("k5")).contains(TextNode.valueOf("command line"));
    assertThat(config.loadedFiles())
        .containsExactly(fx.siteFile(), fx.defaultUserFile(), extra1, extra2);
  }

  @Test
  void siteFileOverridesTheBuiltInDefaults() {
    write(
        fx.siteFile(),
        "{\"log_level\":\"ERROR\","
            + "\"DSSClient\":{\"swagger_url\":\"https://dss.example.org/v1/swagger.json\"}}");

    HcaConfig config = fx.load();

    assertThat(config.logLevel()).isEqualTo("ERROR");
    assertThat(config.swaggerUrl()).isEqualTo("https://dss.example.org/v1/swagger.json");
  }

  @Test
  void xdgConfigHomeReplacesTheDotConfigFolder() {
    Path xdg = tmp.resolve("xdg");
    write(xdg.resolve("hca/config.json"), "{\"log_level\":\"WARNING\"}");
    write(fx.defaultUserFile(), "{\"log_level\":\"ERROR\"}");
    fx.env.put("XDG_CONFIG_HOME", xdg.toString());

    HcaConfig config = fx.load();

    assertThat(config.logLevel()).isEqualTo("WARNING");
    assertThat(config.loadedFiles()).containsExactly(xdg.resolve("hca/config.json"));
    assertThat(config.writableFile()).isEqualTo(xdg.resolve("hca/config.json"));
  }

  @Test
  void withoutXdgConfigHomeTheUserFileIsUnderDotConfig() {
    write(fx.defaultUserFile(), "{\"log_level\":\"ERROR\"}");

    HcaConfig config = fx.load();

    assertThat(config.logLevel()).isEqualTo("ERROR");
    assertThat(config.writableFile()).isEqualTo(fx.defaultUserFile());
  }

  @Test
  void anEmptyXdgConfigHomeCountsAsUnset() {
    write(fx.defaultUserFile(), "{\"log_level\":\"ERROR\"}");
    fx.env.put("XDG_CONFIG_HOME", "");

    assertThat(fx.load().logLevel()).isEqualTo("ERROR");
  }

  @Test
  void theLastHcaConfigFileEntryIsTheWritableFile() {
    Path a = tmp.resolve("a.json");
    Path b = tmp.resolve("b.json");
    fx.env.put("HCA_CONFIG_FILE", a + "::" + b + ":");

    ConfigEnvironment env = fx.environment();

    assertThat(env.extraFiles()).containsExactly(a, b);
    assertThat(env.writableFile()).isEqualTo(b);
    assertThat(env.files()).containsExactly(fx.siteFile(), fx.defaultUserFile(), a, b);
  }

  @Test
  void missingFilesAreSkipped() {
    fx.extraFiles(tmp.resolve("nowhere/config.json"));
    write(fx.defaultUserFile(), "{\"creator_uid\":42}");

    HcaConfig config = fx.load();

    assertThat(config.creatorUid()).isEqualTo(42);
    assertThat(config.loadedFiles()).containsExactly(fx.defaultUserFile());
  }

  @Test
  void anEmptyFileIsAnEmptyConfig() {
    write(fx.defaultUserFile(), "  \n");

    assertThat(fx.load().logLevel()).isEqualTo("INFO");
  }

  @Test
  void aDottedCommandLineKeyMergesIntoItsObject() {
    write(fx.defaultUserFile(), "{\"DSSClient\":{\"timeout\":40}}");
    Map<String, JsonNode> overrides = new LinkedHashMap<>();
    overrides.put(
        "DSSClient.swagger_url", TextNode.valueOf("http://127.0.0.1:5000/v1/swagger.json"));
    overrides.put("log_level", TextNode.valueOf("debug"));

    HcaConfig config = fx.load(overrides);

    assertThat(config.get("DSSClient"))
        .contains(
            json("{\"swagger_url\":\"http://127.0.0.1:5000/v1/swagger.json\",\"timeout\":40}"));
    assertThat(config.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void commandLineValuesParseAsJsonWhenTheyAreJson() {
    assertThat(HcaConfig.parseValue("5")).isEqualTo(json("5"));
    assertThat(HcaConfig.parseValue("true")).isEqualTo(json("true"));
    assertThat(HcaConfig.parseValue("[1,\"a\"]")).isEqualTo(json("[1,\"a\"]"));
    assertThat(HcaConfig.parseValue("DEBUG")).isEqualTo(TextNode.valueOf("DEBUG"));
    assertThat(HcaConfig.parseValue("https://h/v1/swagger.json"))
        .isEqualTo(TextNode.valueOf("https://h/v1/swagger.json"));
    assertThat(HcaConfig.parseValue("")).isEqualTo(TextNode.valueOf(""));
  }

  @Test
  void typedGettersReadTheMergedValues() {
    write(
        fx.defaultUserFile(),
        "{\"log_level\":\"warning\",\"creator_uid\":1234,\"allow_insecure_http\":true,"
            + "\"upload\":{\"areas\":{\"u1\":{\"uri\":\"s3://b/u1/\"}}}}");

    HcaConfig config = fx.load();

    assertThat(config.logLevel()).isEqualTo("WARNING");
    assertThat(config.creatorUid()).isEqualTo(1234L);
    assertThat(config.allowInsecureHttp()).isTrue();
    assertThat(config.get("upload.areas.u1.uri")).contains(TextNode.valueOf("s3://b/u1/"));
    assertThat(config.get("upload.areas.u2")).isEmpty();
    assertThat(config.get("log_level.deeper")).isEmpty();
  }

  @Test
  void theOriginalClientsStoredTokenIsRead() {
    write(
        fx.defaultUserFile(),
        "{\"oauth2_token\":{\"access_token\":\"test\",\"refresh_token\":null,\"id_token\":null,"
            + "\"expires_at\":\"-1\",\"token_type\":\"Bearer\"}}");

    assertThat(fx.load().token()).contains(StoredToken.of("test"));
  }

  @Test
  void aRefreshedTokensFractionalExpiryIsRead() {
    write(
        fx.defaultUserFile(),
        "{\"oauth2_token\":{\"access_token\":\"secret-a\",\"refresh_token\":\"secret-r\","
            + "\"id_token\":\"secret-i\",\"expires_at\":1700000000.75,\"token_type\":\"Bearer\"}}");

    StoredToken token = fx.load().token().orElseThrow();

    assertThat(token)
        .isEqualTo(new StoredToken("secret-a", "secret-r", "secret-i", 1700000000L, "Bearer"));
    assertThat(token.toString()).doesNotContain("secret");
  }
}
