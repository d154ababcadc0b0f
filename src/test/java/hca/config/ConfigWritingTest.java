package hca.config;

import static hca.config.ConfigFixture.json;
import static hca.config.ConfigFixture.readJson;
import static hca.config.ConfigFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWritingTest {

  @TempDir Path tmp;
  ConfigFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ConfigFixture(tmp);
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static String[] names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void setWritesOnlyThatKeyNotTheDefaultsOrOtherSources() throws IOException {
    write(fx.siteFile(), "{\"creator_uid\":7}");
    HcaConfig config = fx.load(Map.of("allow_insecure_http", json("true")));

    config.set("log_level", TextNode.valueOf("DEBUG"));

    assertThat(Files.readString(fx.defaultUserFile()))
        .isEqualTo("{\n  \"log_level\" : \"DEBUG\"\n}\n");
    assertThat(config.logLevel()).isEqualTo("DEBUG");
    assertThat(config.creatorUid()).isEqualTo(7);
    assertThat(config.allowInsecureHttp()).isTrue();
  }

  @Test
  void setOfADottedKeyKeepsTheUsersOtherKeys() {
    write(fx.defaultUserFile(), "{\"creator_uid\":3,\"DSSClient\":{\"timeout\":40}}");
    HcaConfig config = fx.load();

    config.set(
        "DSSClient.swagger_url", TextNode.valueOf("https://dss.example.org/v1/swagger.json"));

    assertThat(readJson(fx.defaultUserFile()))
        .isEqualTo(
            json(
                "{\"creator_uid\":3,\"DSSClient\":{\"timeout\":40,"
                    + "\"swagger_url\":\"https://dss.example.org/v1/swagger.json\"}}"));
    assertThat(config.swaggerUrl()).isEqualTo("https://dss.example.org/v1/swagger.json");
  }

  @Test
  void setCreatesTheConfigFolder() {
    HcaConfig config = fx.load();

    config.set("creator_uid", IntNode.valueOf(12));

    assertThat(readJson(fx.defaultUserFile())).isEqualTo(json("{\"creator_uid\":12}"));
    assertThat(fx.load().creatorUid()).isEqualTo(12);
  }

  @Test
  void setWritesToTheLastHcaConfigFileEntry() {
    Path first = write(tmp.resolve("first.json"), "{}");
    Path last = tmp.resolve("state/last.json");
    fx.extraFiles(first, last);

    fx.load().set("creator_uid", IntNode.valueOf(5));

    assertThat(readJson(last)).isEqualTo(json("{\"creator_uid\":5}"));
    assertThat(readJson(first)).isEqualTo(json("{}"));
    assertThat(fx.defaultUserFile()).doesNotExist();
  }

  @Test
  void setReadsTheFileAfreshSoOtherWritersKeysSurvive() {
    HcaConfig config = fx.load();
    write(fx.defaultUserFile(), "{\"creator_uid\":9}");

    config.set("log_level", TextNode.valueOf("ERROR"));

    assertThat(readJson(fx.defaultUserFile()))
        .isEqualTo(json("{\"creator_uid\":9,\"log_level\":\"ERROR\"}"));
  }

  @Test
  void anInvalidValueIsRefusedAndTheFileIsLeftAsItWas() throws IOException {
    write(fx.defaultUserFile(), "{\"creator_uid\":9}");
    HcaConfig config = fx.load();

    assertThatThrownBy(() -> config.set("creator_uid", TextNode.valueOf("x")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(fx.defaultUserFile() + ": key 'creator_uid' must be an integer, not \"x\"");
    assertThat(Files.readString(fx.defaultUserFile())).isEqualTo("{\"creator_uid\":9}");
    assertThat(config.creatorUid()).isEqualTo(9);
  }

  @Test
  void anOperatorThatCannotApplyIsRefusedBeforeWriting() {
    write(fx.siteFile(), "{\"x\":\"not a list\"}");
    HcaConfig config = fx.load();

    assertThatThrownBy(() -> config.set("x", json("{\"$append\":1}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'x'");
    assertThat(fx.defaultUserFile()).doesNotExist();
  }

  @Test
  void removeDeletesTheKeyFromTheUserFileOnlySoLowerSourcesShowThrough() {
    write(fx.siteFile(), "{\"log_level\":\"DEBUG\"}");
    write(fx.defaultUserFile(), "{\"log_level\":\"ERROR\",\"creator_uid\":1}");
    HcaConfig config = fx.load();

    config.remove("log_level");

    assertThat(readJson(fx.defaultUserFile())).isEqualTo(json("{\"creator_uid\":1}"));
    assertThat(readJson(fx.siteFile())).isEqualTo(json("{\"log_level\":\"DEBUG\"}"));
    assertThat(config.logLevel()).isEqualTo("DEBUG");
  }

  @Test
  void removeOfANestedKeyDropsObjectsLeftEmpty() {
    write(
        fx.defaultUserFile(),
        "{\"DSSClient\":{\"swagger_url\":\"https://h/v1/swagger.json\"},\"a\":1}");
    HcaConfig config = fx.load();

    config.remove("DSSClient.swagger_url");

    assertThat(readJson(fx.defaultUserFile())).isEqualTo(json("{\"a\":1}"));
    assertThat(config.swaggerUrl())
        .isEqualTo("http://127.0.0.1:5000/v1/swagger.json");
  }

  @Test
  void removeOfAKeyNotInTheFileWritesNothing() {
    write(fx.siteFile(), "{\"log_level\":\"DEBUG\"}");

    fx.load().remove("log_level");

    assertThat(fx.defaultUserFile()).doesNotExist();
  }

  @Test
  void aStoredTokenIsWrittenOwnerOnlyAndReadBack() throws IOException {
    write(fx.defaultUserFile(), "{\"creator_uid\":1}");
    Files.setPosixFilePermissions(
        fx.defaultUserFile(), PosixFilePermissions.fromString("rw-r--r--"));
    HcaConfig config = fx.load();
    StoredToken token = new StoredToken("acc", "ref", null, 1700000000L, "Bearer");

    config.storeToken(token);

    assertThat(mode(fx.defaultUserFile())).isEqualTo("rw-------");
    assertThat(readJson(fx.defaultUserFile()))
        .isEqualTo(
            json(
                "{\"creator_uid\":1,\"oauth2_token\":{\"access_token\":\"acc\","
                    + "\"refresh_token\":\"ref\",\"expires_at\":1700000000,"
                    + "\"token_type\":\"Bearer\"}}"));
    assertThat(config.token()).contains(token);
    assertThat(fx.load().token()).contains(token);
  }

  @Test
  void aNewFileIsOwnerOnlyAndAnExistingOneKeepsItsPermissions() throws IOException {
    fx.load().set("creator_uid", IntNode.valueOf(1));
    assertThat(mode(fx.defaultUserFile())).isEqualTo("rw-------");

    Files.setPosixFilePermissions(
        fx.defaultUserFile(), PosixFilePermissions.fromString("rw-r-----"));
    fx.load().set("creator_uid", IntNode.valueOf(2));
    assertThat(mode(fx.defaultUserFile())).isEqualTo("rw-r-----");
  }

  @Test
  void logoutRemovesTheTokenAndTheApplicationSecrets() {
    write(
        fx.defaultUserFile(),
        "{\"creator_uid\":1,\"oauth2_token\":{\"access_token\":\"a\"},"
            + "\"application_secrets\":{\"installed\":{\"client_id\":\"c\"}}}");
    HcaConfig config = fx.load();

    config.clearToken();

    assertThat(readJson(fx.defaultUserFile())).isEqualTo(json("{\"creator_uid\":1}"));
    assertThat(config.token()).isEmpty();
    assertThat(config.get("application_secrets")).isEmpty();
  }

  @Test
  void writesLeaveNoTemporaryFilesBehind() throws IOException {
    HcaConfig config = fx.load();

    config.set("log_level", TextNode.valueOf("DEBUG"));
    config.storeToken(StoredToken.of("t"));
    config.remove("log_level");
    config.clearToken();

    assertThat(names(fx.defaultUserFile().getParent())).containsExactly("config.json");
    assertThat(readJson(fx.defaultUserFile())).isEqualTo(json("{}"));
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFile() throws IOException {
    // A folder in the file's place makes the final rename fail after the temporary file exists.
    Files.createDirectories(fx.defaultUserFile().resolve("occupied"));
    ObjectNode content = (ObjectNode) json("{\"creator_uid\":1}");

    assertThatThrownBy(() -> ConfigFiles.write(fx.defaultUserFile(), content))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(fx.defaultUserFile() + ": cannot be written");
    assertThat(names(fx.defaultUserFile().getParent())).containsExactly("config.json");
  }

  @Test
  void aSymbolicallyLinkedUserFileStaysALink() throws IOException {
    Path real = write(tmp.resolve("dotfiles/hca.json"), "{\"creator_uid\":1}");
    Files.createDirectories(fx.defaultUserFile().getParent());
    Files.createSymbolicLink(fx.defaultUserFile(), real);

    fx.load().set("creator_uid", IntNode.valueOf(2));

    assertThat(Files.isSymbolicLink(fx.defaultUserFile())).isTrue();
    assertThat(readJson(real)).isEqualTo(json("{\"creator_uid\":2}"));
  }
}
