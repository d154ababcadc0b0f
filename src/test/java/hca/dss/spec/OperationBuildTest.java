package hca.dss.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperationBuildTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String UUID = "ce55fd51-7833-469b-be0b-5da88ebebfcd";
  static ApiSpec dss;

  @BeforeAll
  static void loadDssSpec() throws IOException {
    try (InputStream in = OperationBuildTest.class.getResourceAsStream("/hca/dss/dss-api.yml")) {
      dss = ApiSpec.parse(in.readAllBytes(), "dss-api.yml");
    }
  }

  static Operation op(String command) {
    return dss.operation(command).orElseThrow();
  }

  static Map<String, Object> args(Object... keyValues) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    return args;
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  /** The body as it arrives at a server: Jackson trees tell 7L from 7, the wire does not. */
  static JsonNode reparsed(JsonNode body) throws IOException {
    return JSON.readTree(JSON.writeValueAsBytes(body));
  }

  @Test
  void getBundlePutsThePathParamInThePathAndTheRestInTheQueryInSpecOrder() {
    RequestSpec request = op("get-bundle").build(
        args("replica", "aws", "per_page", 10L, "uuid", UUID, "directurls", true, "version", null));

    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.pathAndQuery())
        .isEqualTo("/bundles/" + UUID + "?replica=aws&directurls=true&per_page=10");
    assertThat(request.headers()).isEmpty();
    assertThat(request.body()).isNull();
    assertThat(request.bodyOrNull()).isNull();
  }

  @Test
  void pathAndQueryValuesArePercentEncoded() {
    RequestSpec request = op("get-file").build(
        args("uuid", "a/b c?d", "replica", "aws", "version", "2017-06-16T19:36:04.240704Z",
            "content_disposition", "attachment; filename=\"x y.txt\""));

    assertThat(request.pathAndQuery()).isEqualTo("/files/a%2Fb%20c%3Fd?replica=aws"
        + "&version=2017-06-16T19%3A36%3A04.240704Z"
        + "&content_disposition=attachment%3B%20filename%3D%22x%20y.txt%22");
  }

  @Test
  void theBodyHoldsOnlySuppliedBodyParams() throws IOException {
    JsonNode files = json("[{\"uuid\": \"" + UUID + "\", \"version\": \"v\", \"name\": \"n\", \"indexed\": false}]");
    RequestSpec put = op("put-bundle").build(
        args("uuid", UUID, "version", "2017-06-16T193604.240704Z", "replica", "gcp",
            "files", files, "creator_uid", 7L));

    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.pathAndQuery())
        .isEqualTo("/bundles/" + UUID + "?version=2017-06-16T193604.240704Z&replica=gcp");
    assertThat(reparsed(put.body())).isEqualTo(json("{\"files\": " + files + ", \"creator_uid\": 7}"));

    RequestSpec patch = op("patch-collection").build(
        args("uuid", UUID, "replica", "aws", "version", "v1", "name", "renamed"));
    assertThat(reparsed(patch.body())).isEqualTo(json("{\"name\": \"renamed\"}"));

    RequestSpec search = op("post-search").build(
        args("replica", "aws", "es_query", json("{\"query\": {\"match_all\": {}}}")));
    assertThat(search.pathAndQuery()).isEqualTo("/search?replica=aws");
    assertThat(reparsed(search.body())).isEqualTo(json("{\"es_query\": {\"query\": {\"match_all\": {}}}}"));
  }

  @Test
  void anOperationWithOnlyOptionalBodyParamsSendsAnEmptyObject() throws IOException {
    RequestSpec checkout = op("post-bundles-checkout").build(args("uuid", UUID, "replica", "aws"));
    assertThat(reparsed(checkout.body())).isEqualTo(json("{}"));
  }

  @Test
  void plainJavaMapsAndListsAreAcceptedForObjectsAndArrays() throws IOException {
    RequestSpec put = op("put-bundle").build(args("uuid", UUID, "version", "v", "replica", "aws",
        "files", List.of(Map.of("name", "a")), "creator_uid", 1));
    assertThat(reparsed(put.body())).isEqualTo(json("{\"files\": [{\"name\": \"a\"}], \"creator_uid\": 1}"));
  }

  @Test
  void missingRequiredParamsAreNamedByFlag() {
    assertThatThrownBy(() -> op("get-bundle").build(args("uuid", UUID)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing required --replica");
    assertThatThrownBy(() -> op("put-file").build(args("version", "v")))
        .hasMessage("missing required --uuid, --source-url, --creator-uid");
    assertThatThrownBy(() -> op("get-bundle").build(null))
        .hasMessage("missing required --uuid, --replica");
  }

  @Test
  void valuesOutsideAnEnumAreRejectedListingTheChoices() {
    assertThatThrownBy(() -> op("get-bundle").build(args("uuid", UUID, "replica", "azure")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--replica must be one of aws, gcp, not 'azure'");
    assertThatThrownBy(() -> op("put-subscription").build(
        args("replica", "aws", "callback_url", "https://x", "method", "GET")))
        .hasMessage("--method must be one of POST, PUT, not 'GET'");
  }

  @Test
  void valuesOfTheWrongTypeAreRejected() {
    assertThatThrownBy(() -> op("get-bundle").build(args("uuid", UUID, "replica", "aws", "per_page", "ten")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--per-page expects an integer, not 'ten'");
    assertThatThrownBy(() -> op("post-search").build(args("replica", "aws", "es_query", "match_all")))
        .hasMessage("--es-query expects a JSON object, not 'match_all'");
    assertThatThrownBy(() -> op("put-bundle").build(args("uuid", UUID, "version", "v", "replica", "aws",
        "files", List.of("not-an-object"), "creator_uid", 1L)))
        .hasMessage("--files item 1 expects a JSON object, not 'not-an-object'");
    assertThatThrownBy(() -> op("get-bundle").build(args("uuid", UUID, "replica", "aws", "directurls", "yes")))
        .hasMessage("--directurls expects true or false, not 'yes'");
    assertThatThrownBy(() -> op("get-bundle").build(args("uuid", UUID, "replica", "aws", "colour", "red")))
        .hasMessage("unknown parameter 'colour' for get-bundle");
  }

  @Test
  void numericTextForIntegerParamsIsAccepted() {
    RequestSpec request = op("get-bundle").build(args("uuid", UUID, "replica", "aws", "per_page", "25"));
    assertThat(request.pathAndQuery()).endsWith("?replica=aws&per_page=25");
  }

  static final String SHARED_NAME_SPEC = """
      swagger: '2.0'
      paths:
        /areas/{area}/files:
          get:
            parameters:
              - {name: area, in: path, required: true, type: string}
              - {name: limit, in: query, type: integer}
            security: [{token: []}]
            responses: {200: {description: ok}}
        /areas/{area}/files/{name}:
          get:
            parameters:
              - {name: area, in: path, required: true, type: string}
              - {name: name, in: path, required: true, type: string}
              - {name: X-Request-Id, in: header, type: string}
            responses: {200: {description: ok}}
      """;

  @Test
  void pathsSharingANameAreChosenByTheSuppliedPathParams() {
    ApiSpec api = ApiSpec.parse(SHARED_NAME_SPEC.getBytes(StandardCharsets.UTF_8), "shared");
    assertThat(api.operations()).hasSize(1);
    Operation files = api.operation("get-areas-files").orElseThrow();
    assertThat(files.pathTemplates()).extracting(Operation.PathTemplate::template)
        .containsExactly("/areas/{area}/files", "/areas/{area}/files/{name}");
    assertThat(files.param("area").orElseThrow().required()).isTrue();
    assertThat(files.param("name").orElseThrow().required()).isFalse();
    assertThat(files.requiresAuth()).isTrue();

    assertThat(files.build(args("area", "a1", "limit", 5L)).pathAndQuery()).isEqualTo("/areas/a1/files?limit=5");
    RequestSpec one = files.build(args("area", "a1", "name", "dir/x.txt", "X-Request-Id", "r-1"));
    assertThat(one.pathAndQuery()).isEqualTo("/areas/a1/files/dir%2Fx.txt");
    assertThat(one.headers()).containsExactly(Map.entry("X-Request-Id", "r-1"));
    assertThat(one.body()).isNull();
  }

  @Test
  void pathParamsMatchingNoTemplateAreRejectedListingTheCombinations() {
    String spec = """
        swagger: '2.0'
        paths:
          /things/{uuid}/parts:
            get:
              parameters: [{name: uuid, in: path, required: true, type: string}]
          /things/parts/{part_id}:
            get:
              parameters: [{name: part_id, in: path, required: true, type: string}]
        """;
    Operation parts = ApiSpec.parse(spec.getBytes(StandardCharsets.UTF_8), "t")
        .operation("get-things-parts").orElseThrow();
    assertThat(parts.params()).noneMatch(Param::required);
    assertThat(parts.build(args("part_id", "p1")).pathAndQuery()).isEqualTo("/things/parts/p1");
    assertThatThrownBy(() -> parts.build(args("uuid", "u1", "part_id", "p1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("get-things-parts takes path flags --uuid | --part-id, not --uuid --part-id");
    assertThatThrownBy(() -> parts.build(Map.of()))
        .hasMessage("get-things-parts takes path flags --uuid | --part-id");
  }

  @Test
  void queryArraysRepeatTheKey() {
    String spec = """
        swagger: '2.0'
        paths:
          /tags:
            get:
              parameters:
                - {name: tag, in: query, type: array, items: {type: string}}
              responses: {200: {description: ok}}
        """;
    Operation tags = ApiSpec.parse(spec.getBytes(StandardCharsets.UTF_8), "t").operation("get-tags").orElseThrow();
    assertThat(tags.build(args("tag", List.of("a b", "c"))).pathAndQuery()).isEqualTo("/tags?tag=a%20b&tag=c");
  }
}
