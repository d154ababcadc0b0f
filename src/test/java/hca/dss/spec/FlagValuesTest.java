package hca.dss.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.spec.Param.Location;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagValuesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static Param param(String name, String type, String itemsType) {
    return new Param(name, Location.BODY, type, itemsType, false, List.of(), null, null, null, null);
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Test
  void scalarsAreParsedByType() {
    assertThat(FlagValues.parseFlagValue(param("per_page", "integer", null), "25")).isEqualTo(25L);
    assertThat(FlagValues.parseFlagValue(param("ratio", "number", null), "0.5")).isEqualTo(0.5);
    assertThat(FlagValues.parseFlagValue(param("indexed", "boolean", null), "TRUE")).isEqualTo(true);
    assertThat(FlagValues.parseFlagValue(param("indexed", "boolean", null), "False")).isEqualTo(false);
    assertThat(FlagValues.parseFlagValue(param("name", "string", null), " keep spaces ")).isEqualTo(" keep spaces ");
  }

  @Test
  void badScalarsNameTheFlag() {
    assertThatThrownBy(() -> FlagValues.parseFlagValue(param("per_page", "integer", null), "ten"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--per-page expects an integer, not 'ten'");
    assertThatThrownBy(() -> FlagValues.parseFlagValue(param("ratio", "number", null), "half"))
        .hasMessage("--ratio expects a number, not 'half'");
    assertThatThrownBy(() -> FlagValues.parseFlagValue(param("indexed", "boolean", null), "yes"))
        .hasMessage("--indexed expects true or false, not 'yes'");
  }

  @Test
  void objectsAreJsonObjects() throws IOException {
    Object value = FlagValues.parseFlagValue(param("es_query", "object", null), "{\"query\": {\"match_all\": {}}}");
    assertThat(value).isEqualTo(json("{\"query\": {\"match_all\": {}}}"));
    assertThatThrownBy(() -> FlagValues.parseFlagValue(param("es_query", "object", null), "[1]"))
        .hasMessage("--es-query expects a JSON object, not '[1]'");
  }

  @Test
  void invalidJsonGivesTheFlagAndPositionOnOneLine() {
    assertThatThrownBy(() -> FlagValues.parseFlagValue(param("es_query", "object", null), "{\"query\": }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON for --es-query at line 1, column 11: Unexpected character ('}'")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> FlagValues.parseFlagValue(param("es_query", "object", null), "{\"a\": 1} x"))
        .hasMessageStartingWith("invalid JSON for --es-query at line 1, column 10:");
    assertThatThrownBy(() -> FlagValues.parseFlagValue(param("details", "object", null), ""))
        .hasMessage("invalid JSON for --details: empty value");
  }

  @Test
  void arraysTakeOneJsonValuePerRepeatedFlagWhetherRequiredOrOptional() throws IOException {
    Param required = new Param("files", Location.BODY, "array", "object", true, List.of(), null, null, null, null);
    Param optional = param("add_contents", "array", "object");
    List<String> texts = List.of("{\"type\": \"file\", \"uuid\": \"u1\"}", "{\"type\": \"bundle\", \"uuid\": \"u2\"}");
    JsonNode expected = json("[{\"type\": \"file\", \"uuid\": \"u1\"}, {\"type\": \"bundle\", \"uuid\": \"u2\"}]");

    assertThat(FlagValues.parseArrayItems(required, texts)).isEqualTo(expected);
    assertThat(FlagValues.parseArrayItems(optional, texts)).isEqualTo(expected);
  }

  @Test
  void arraysAlsoTakeOneJsonArray() throws IOException {
    Param files = param("files", "array", "object");
    assertThat(FlagValues.parseFlagValue(files, "[{\"name\": \"a\"}, {\"name\": \"b\"}]"))
        .isEqualTo(json("[{\"name\": \"a\"}, {\"name\": \"b\"}]"));
    assertThat(FlagValues.parseFlagValue(files, "{\"name\": \"a\"}")).isEqualTo(json("[{\"name\": \"a\"}]"));
  }

  @Test
  void arrayItemsFollowTheItemType() throws IOException {
    assertThat(FlagValues.parseArrayItems(param("tags", "array", "string"), List.of("plain", "\"quoted\"", "[x")))
        .isEqualTo(json("[\"plain\", \"quoted\", \"[x\"]"));
    assertThat(FlagValues.parseArrayItems(param("tags", "array", "string"), List.of("[\"a\", \"b\"]")))
        .isEqualTo(json("[\"a\", \"b\"]"));
    assertThat(FlagValues.parseArrayItems(param("sizes", "array", "integer"), List.of("1", "2")))
        .containsExactly(com.fasterxml.jackson.databind.node.LongNode.valueOf(1),
            com.fasterxml.jackson.databind.node.LongNode.valueOf(2));
    assertThat(FlagValues.parseArrayItems(param("any", "array", null), List.of("1", "\"s\"", "{}")))
        .isEqualTo(json("[1, \"s\", {}]"));
  }

  @Test
  void badArrayItemsNameTheFlag() {
    assertThatThrownBy(() -> FlagValues.parseArrayItems(param("files", "array", "object"), List.of("{}", "{oops")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON for --files at line 1, column 2: Unexpected character ('o'");
    assertThatThrownBy(() -> FlagValues.parseArrayItems(param("files", "array", "object"), List.of("42")))
        .hasMessage("--files expects JSON objects, not '42'");
    assertThatThrownBy(() -> FlagValues.parseArrayItems(param("sizes", "array", "integer"), List.of("1", "x")))
        .hasMessage("--sizes expects an integer, not 'x'");
  }

  @Test
  void parsedValuesBuildARequest() throws IOException {
    Operation patch;
    try (var in = getClass().getResourceAsStream("/hca/dss/dss-api.yml")) {
      patch = ApiSpec.parse(in.readAllBytes(), "dss-api.yml").operation("patch-collection").orElseThrow();
    }
    Param add = patch.param("add_contents").orElseThrow();
    Object contents = FlagValues.parseArrayItems(add, List.of("{\"type\": \"file\", \"uuid\": \"u\", \"version\": \"v\"}"));
    RequestSpec request = patch.build(new java.util.HashMap<>(java.util.Map.of(
        "uuid", "c1", "replica", "aws", "version", "v1", "add_contents", contents)));
    assertThat(request.body()).isEqualTo(json("{\"add_contents\": [{\"type\": \"file\", \"uuid\": \"u\", \"version\": \"v\"}]}"));
  }
}
