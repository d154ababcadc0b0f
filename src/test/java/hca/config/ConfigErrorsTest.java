package hca.config;

import static hca.config.ConfigFixture.json;
import static hca.config.ConfigFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {

  @TempDir Path tmp;
  ConfigFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ConfigFixture(tmp);
  }

  /** Loads with {@code json} as the user file and returns the error, checked to be one line. */
  private String errorFor(String json) {
    write(fx.defaultUserFile(), json);
    return loadError(Map.of());
  }

  private String loadError(Map<String, JsonNode> overrides) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load(overrides));
    assertThat(e).as("a ConfigException").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
    return e.getMessage();
  }

  private String user() {
    return fx.defaultUserFile().toString();
  }

  @Test
  void theCliExitCodeForAConfigErrorIsThree() {
    assertThat(ConfigException.EXIT_CODE).isEqualTo(3);
  }

  @Test
  void invalidJsonNamesTheFileLineAndColumn() {
    assertThat(errorFor("{\n  \"log_level\": \"INFO\",\n}\n"))
        .startsWith(user() + ": invalid JSON at line 3, column 1: ");
  }

  @Test
  void aDuplicatedKeyIsAnError() {
    assertThat(errorFor("{\"log_level\": \"INFO\",\n \"log_level\": \"DEBUG\"}"))
        .startsWith(user() + ": invalid JSON at line 2")
        .contains("'log_level'");
  }

  @Test
  void textAfterTheObjectIsAnError() {
    assertThat(errorFor("{}\n{}")).startsWith(user() + ": invalid JSON at line 2");
  }

  @Test
  void aTopLevelThatIsNotAnObjectIsAnError() {
    assertThat(errorFor("[\"log_level\"]"))
        .isEqualTo(user() + ": the top level must be a JSON object, not [\"log_level\"]");
  }

  @Test
  void aLogLevelThatIsNotALevelNameIsAnError() {
    assertThat(errorFor("{\"log_level\": 5}"))
        .isEqualTo(
            user()
                + ": key 'log_level' must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"
                + " (in any case), not 5");
    assertThat(errorFor("{\"log_level\": \"verbose\"}")).contains("key 'log_level'", "\"verbose\"");
  }

  @Test
  void aCreatorUidThatIsNotAnIntegerIsAnError() {
    assertThat(errorFor("{\"creator_uid\": \"x\"}"))
        .isEqualTo(user() + ": key 'creator_uid' must be an integer, not \"x\"");
    assertThat(errorFor("{\"creator_uid\": 1.5}"))
        .isEqualTo(user() + ": key 'creator_uid' must be an integer, not 1.5");
    assertThat(errorFor("{\"creator_uid\": -1}"))
        .isEqualTo(user() + ": key 'creator_uid' must be zero or more, not -1");
  }

  @Test
  void aDssClientThatIsNotAnObjectIsAnError() {
    assertThat(errorFor("{\"DSSClient\": []}"))
        .isEqualTo(user() + ": key 'DSSClient' must be an object, not []");
  }

  @Test
  void aSwaggerUrlThatIsNotAnHttpUrlIsAnError() {
    assertThat(errorFor("{\"DSSClient\": {\"swagger_url\": 5}}"))
        .isEqualTo(user() + ": key 'DSSClient.swagger_url' must be a string, not 5");
    assertThat(errorFor("{\"DSSClient\": {\"swagger_url\": \"ftp://h/swagger.json\"}}"))
        .isEqualTo(
            user()
                + ": key 'DSSClient.swagger_url' must be an http or https URL, "
                + "not \"ftp://h/swagger.json\"");
  }

  @Test
  void allowInsecureHttpMustBeABoolean() {
    assertThat(errorFor("{\"allow_insecure_http\": \"yes\"}"))
        .isEqualTo(user() + ": key 'allow_insecure_http' must be true or false, not \"yes\"");
  }

  @Test
  void aStoredTokenWithoutAnAccessTokenIsAnError() {
    assertThat(errorFor("{\"oauth2_token\": {\"token_type\": \"Bearer\"}}"))
        .isEqualTo(
            user() + ": key 'oauth2_token.access_token' must be a non-empty string, not nothing");
    assertThat(errorFor("{\"oauth2_token\": {\"access_token\": \"a\", \"expires_at\": \"soon\"}}"))
        .isEqualTo(
            user()
                + ": key 'oauth2_token.expires_at' must be a number of seconds since 1970,"
                + " not a string");
  }

  @Test
  void anErrorAboutACredentialNeverShowsItsValue() {
    assertThat(errorFor("{\"oauth2_token\": \"secret-token\"}"))
        .isEqualTo(user() + ": key 'oauth2_token' must be an object, not a string");
    assertThat(
            errorFor("{\"oauth2_token\": {\"access_token\": \"secret-token\", \"id_token\": 7}}"))
        .isEqualTo(user() + ": key 'oauth2_token.id_token' must be a string, not a number");
    write(
        fx.siteFile(),
        "{\"application_secrets\": {\"installed\": {\"client_secret\": \"secret\"}}}");
    assertThat(errorFor("{\"application_secrets\": {\"$append\": 1}}"))
        .isEqualTo(
            user()
                + ": key 'application_secrets' uses $append, which needs a list, but the"
                + " value so far is an object");
  }

  @Test
  void anOperatorOnAValueThatIsNotAListNamesTheFileWithTheOperator() {
    write(fx.siteFile(), "{\"upload\": {\"x\": \"abc\"}}");

    assertThat(errorFor("{\"upload\": {\"x\": {\"$append\": 1}}}"))
        .isEqualTo(
            user()
                + ": key 'upload.x' uses $append, which needs a list, but the value so far"
                + " is \"abc\"");
  }

  @Test
  void anOperatorWithTheWrongArgumentIsAnError() {
    write(fx.siteFile(), "{\"x\": [1]}");

    assertThat(errorFor("{\"x\": {\"$extend\": 2}}"))
        .isEqualTo(user() + ": key 'x' uses $extend, which needs a list argument, not 2");
    assertThat(errorFor("{\"x\": {\"$extendleft\": \"ab\"}}"))
        .isEqualTo(user() + ": key 'x' uses $extendleft, which needs a list argument, not \"ab\"");
    assertThat(errorFor("{\"x\": {\"$insert\": [0, 1]}}"))
        .isEqualTo(
            user()
                + ": key 'x' uses $insert, which needs an object of {\"position\": value},"
                + " not [0,1]");
    assertThat(errorFor("{\"x\": {\"$insert\": {\"first\": 1}}}"))
        .isEqualTo(
            user() + ": key 'x' uses $insert with position \"first\", which is not an integer");
  }

  @Test
  void anUnknownOperatorIsAnError() {
    assertThat(errorFor("{\"x\": {\"$apend\": 1}}"))
        .isEqualTo(
            user()
                + ": key 'x' uses unknown operator $apend; the operators are $append,"
                + " $extend, $insert, $extendleft, $remove");
  }

  @Test
  void anOperatorObjectWithASecondKeyIsAnErrorNotAnObject() {
    assertThat(errorFor("{\"x\": {\"$append\": 1, \"$remove\": 2}}"))
        .isEqualTo(user() + ": key 'x' mixes $append and $remove; an operator object holds one operator only");
    assertThat(errorFor("{\"x\": {\"$append\": 1, \"y\": 2}}"))
        .isEqualTo(user() + ": key 'x' mixes $append and other keys; an operator object holds one operator only");
  }

  @Test
  void aFileOverOneMebibyteOrWithoutEndIsRefusedUnread() throws Exception {
    Path big = write(tmp.resolve("big.json"), "{\"a\": \"" + "x".repeat(1 << 20) + "\"}");
    fx.extraFiles(big, Path.of("/dev/zero"));
    assertThat(loadError(Map.of())).isEqualTo(big + ": larger than 1 MiB, which is not a configuration file");
    fx.extraFiles(Path.of("/dev/zero"));
    assertThat(loadError(Map.of())).isEqualTo("/dev/zero: larger than 1 MiB, which is not a configuration file");
  }

  @Test
  void anErrorInAnHcaConfigFileEntryNamesThatFile() {
    Path extra = write(tmp.resolve("extra.json"), "{\"creator_uid\": \"x\"}");
    fx.extraFiles(extra);

    assertThat(loadError(Map.of()))
        .isEqualTo(extra + ": key 'creator_uid' must be an integer, not \"x\"");
  }

  @Test
  void aBadCommandLineValueNamesTheCommandLine() {
    assertThat(loadError(Map.of("log_level", TextNode.valueOf("loud"))))
        .startsWith("command line: key 'log_level' must be one of");
    assertThat(loadError(Map.of("DSSClient..swagger_url", TextNode.valueOf("https://h/"))))
        .isEqualTo(
            "command line: 'DSSClient..swagger_url' is not a config key: it needs names"
                + " separated by single dots");
  }

  @Test
  void aFolderWhereTheFileShouldBeIsAnError() throws IOException {
    Files.createDirectories(fx.defaultUserFile());

    assertThat(loadError(Map.of())).startsWith(user() + ": cannot be read: ");
  }

  @Test
  void anUnreadableFileIsAnErrorNotSkipped() throws IOException {
    write(fx.defaultUserFile(), "{}");
    Files.setPosixFilePermissions(
        fx.defaultUserFile(), PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(fx.defaultUserFile())).as("permissions bind this user").isFalse();

    assertThat(loadError(Map.of())).isEqualTo(user() + ": cannot be read: permission denied");
  }

  @Test
  void aLongValueIsShortenedInTheMessage() {
    String message = errorFor("{\"creator_uid\": \"" + "x".repeat(500) + "\"}");

    assertThat(message).hasSizeLessThan(user().length() + 120).endsWith("...");
  }

  @Test
  void goodValuesForEveryKnownKeyLoad() {
    // The counterpart of the cases above: the same keys with good values load.
    write(
        fx.defaultUserFile(),
        "{\"log_level\":\"error\",\"creator_uid\":0,\"allow_insecure_http\":false,"
            + "\"DSSClient\":{\"swagger_url\":\"http://127.0.0.1:5000/v1/swagger.json\"},"
            + "\"oauth2_token\":{\"access_token\":\"a\"},\"application_secrets\":{}}");

    assertThat(fx.load().asJson().get("DSSClient"))
        .isEqualTo(json("{\"swagger_url\":\"http://127.0.0.1:5000/v1/swagger.json\"}"));
  }
}
