package hca.dss.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import hca.dss.spec.Param.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiSpecTest {

  static final List<String> DSS_COMMANDS = List.of(
      "post-search", "head-file", "get-file", "put-file", "get-subscriptions", "put-subscription",
      "get-subscription", "delete-subscription", "get-collections", "put-collection", "get-collection",
      "patch-collection", "delete-collection", "get-bundles-all", "get-bundle", "put-bundle",
      "patch-bundle", "delete-bundle", "post-bundles-checkout", "get-bundles-checkout", "get-events",
      "get-event");

  static byte[] dssYaml;
  static ApiSpec dss;

  @BeforeAll
  static void loadDssSpec() throws IOException {
    try (InputStream in = ApiSpecTest.class.getResourceAsStream("/hca/dss/dss-api.yml")) {
      dssYaml = in.readAllBytes();
    }
    dss = ApiSpec.parse(dssYaml, "dss-api.yml");
  }

  static Operation op(String command) {
    return dss.operation(command).orElseThrow();
  }

  static Param param(String command, String name) {
    return op(command).param(name).orElseThrow();
  }

  static ApiSpec parse(String text) {
    return ApiSpec.parse(text.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void dssSpecYieldsExactlyTheOriginalCommandNamesInDocumentOrder() {
    assertThat(dss.operations()).extracting(Operation::commandName).containsExactlyElementsOf(DSS_COMMANDS);
    assertThat(op("get-bundle").name()).isEqualTo("get_bundle");
    assertThat(dss.operation("get_bundle")).contains(op("get-bundle"));
  }

  @Test
  void dssSpecInfoAndBaseUrl() {
    assertThat(dss.isOpenApi3()).isFalse();
    assertThat(dss.title()).isEqualTo("HCA DCP DSS API");
    assertThat(dss.version()).isEqualTo("0.0.2");
    assertThat(dss.description()).startsWith("Human Cell Atlas Data Coordination Platform");
    assertThat(dss.schemes()).containsExactly("https");
    assertThat(dss.basePath()).isEqualTo("/v1");
    // The DSS keeps its spec as a template; the unfilled host placeholder survives as text.
    assertThat(dss.host()).isEqualTo("{{API_DOMAIN_NAME}}");
    assertThat(dss.baseUrl("http")).isEqualTo("https://{{API_DOMAIN_NAME}}/v1");
  }

  @Test
  void dssOperationFlagsForPaginationRedirectsAuthAndBody() {
    assertThat(dss.operations().stream().filter(Operation::paginated).map(Operation::commandName))
        .containsExactly("post-search", "get-collections", "get-bundles-all", "get-bundle", "get-events");
    assertThat(dss.operations().stream().filter(Operation::streamsRedirect).map(Operation::commandName))
        .containsExactly("get-file");
    assertThat(op("put-bundle").requiresAuth()).isTrue();
    assertThat(op("get-bundle").requiresAuth()).isFalse();
    assertThat(op("put-bundle").hasBody()).isTrue();
    assertThat(op("get-bundle").hasBody()).isFalse();
    assertThat(op("get-bundle").httpMethod()).isEqualTo("GET");
    assertThat(op("get-bundle").path()).isEqualTo("/bundles/{uuid}");
    assertThat(op("get-bundle").summary()).isEqualTo("Retrieve a bundle given a UUID and optionally a version.");
  }

  @Test
  void putBundleTakesPathQueryAndFlattenedBodyParams() {
    assertThat(op("put-bundle").params())
        .extracting(Param::name, Param::location, Param::type, Param::required)
        .containsExactly(
            tuple("uuid", Location.PATH, "string", true),
            tuple("version", Location.QUERY, "string", true),
            tuple("replica", Location.QUERY, "string", true),
            tuple("files", Location.BODY, "array", true),
            tuple("creator_uid", Location.BODY, "integer", true));
    assertThat(param("put-bundle", "files").itemsType()).isEqualTo("object");
    assertThat(param("put-bundle", "replica").enumValues()).containsExactly("aws", "gcp");
    assertThat(param("put-bundle", "version").format()).isEqualTo("DSS_VERSION");
    assertThat(param("put-bundle", "creator_uid").flagName()).isEqualTo("--creator-uid");
  }

  @Test
  void putFileBodyHasRequiredSourceUrlAndCreatorUid() {
    assertThat(op("put-file").params())
        .extracting(Param::flagName, Param::location, Param::type, Param::required)
        .containsExactly(
            tuple("--uuid", Location.PATH, "string", true),
            tuple("--version", Location.QUERY, "string", true),
            tuple("--source-url", Location.BODY, "string", true),
            tuple("--creator-uid", Location.BODY, "integer", true));
    assertThat(param("put-file", "source_url").pattern()).isEqualTo("^(gs|s3|wasb)://");
    assertThat(param("put-file", "uuid").pattern()).startsWith("[A-Za-z0-9]{8}-");
  }

  @Test
  void getBundleQueryParamsKeepTheirTypes() {
    assertThat(op("get-bundle").params())
        .extracting(Param::name, Param::location, Param::type, Param::required)
        .containsExactly(
            tuple("uuid", Location.PATH, "string", true),
            tuple("version", Location.QUERY, "string", false),
            tuple("replica", Location.QUERY, "string", true),
            tuple("directurls", Location.QUERY, "boolean", false),
            tuple("presignedurls", Location.QUERY, "boolean", false),
            tuple("token", Location.QUERY, "string", false),
            tuple("per_page", Location.QUERY, "integer", false),
            tuple("start_at", Location.QUERY, "integer", false));
    assertThat(param("get-bundle", "per_page").defaultValue().asInt()).isEqualTo(500);
    assertThat(param("get-bundle", "replica").enumValues()).containsExactly("aws", "gcp");
  }

  @Test
  void postSearchHasARequiredObjectBodyAndOptionalEnumQuery() {
    assertThat(op("post-search").params())
        .extracting(Param::name, Param::location, Param::type, Param::required)
        .containsExactly(
            tuple("es_query", Location.BODY, "object", true),
            tuple("output_format", Location.QUERY, "string", false),
            tuple("replica", Location.QUERY, "string", true),
            tuple("per_page", Location.QUERY, "integer", false),
            tuple("search_after", Location.QUERY, "string", false));
    assertThat(param("post-search", "output_format").enumValues()).containsExactly("summary", "raw");
    assertThat(param("post-search", "output_format").defaultValue().asText()).isEqualTo("summary");
    assertThat(param("post-search", "es_query").description()).isEqualTo("Elasticsearch query");
  }

  @Test
  void patchCollectionHasOptionalArraysOfObjects() {
    assertThat(op("patch-collection").params())
        .extracting(Param::name, Param::location, Param::type, Param::itemsType, Param::required)
        .containsExactly(
            tuple("uuid", Location.PATH, "string", null, true),
            tuple("replica", Location.QUERY, "string", null, true),
            tuple("version", Location.QUERY, "string", null, true),
            tuple("add_contents", Location.BODY, "array", "object", false),
            tuple("remove_contents", Location.BODY, "array", "object", false),
            tuple("name", Location.BODY, "string", null, false),
            tuple("description", Location.BODY, "string", null, false),
            tuple("details", Location.BODY, "object", null, false));
  }

  @Test
  void putSubscriptionInfersEnumTypesAndKeepsDefaults() {
    Operation put = op("put-subscription");
    assertThat(put.params()).extracting(Param::name).containsExactly(
        "replica", "es_query", "jmespath_query", "callback_url", "method", "encoding", "form_fields",
        "payload_form_field", "hmac_secret_key", "hmac_key_id", "attachments");
    assertThat(put.params()).filteredOn(Param::required).extracting(Param::name)
        .containsExactly("replica", "callback_url");
    Param method = param("put-subscription", "method");
    assertThat(method.type()).isEqualTo("string");
    assertThat(method.enumValues()).containsExactly("POST", "PUT");
    assertThat(method.defaultValue().asText()).isEqualTo("POST");
    assertThat(param("put-subscription", "es_query").type()).isEqualTo("object");
    assertThat(param("put-subscription", "encoding").enumValues())
        .containsExactly("application/json", "multipart/form-data");
  }

  @Test
  void deleteBundleNeedsAReasonInTheBody() {
    assertThat(op("delete-bundle").params())
        .extracting(Param::name, Param::location, Param::type, Param::required)
        .containsExactly(
            tuple("uuid", Location.PATH, "string", true),
            tuple("replica", Location.QUERY, "string", true),
            tuple("version", Location.QUERY, "string", false),
            tuple("reason", Location.BODY, "string", true));
    assertThat(param("delete-bundle", "replica").enumValues()).containsExactly("aws", "gcp");
  }

  @Test
  void theDssSpecAsJsonParsesIdentically() throws IOException {
    // Quote the template placeholder the way the DSS server's substitution would leave valid YAML.
    String yaml = new String(dssYaml, StandardCharsets.UTF_8)
        .replace("host: {{API_DOMAIN_NAME}}", "host: '{{API_DOMAIN_NAME}}'");
    JsonNode tree = new YAMLMapper().readTree(yaml);
    byte[] json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"$ref\" : \"#/definitions/BundleFile\"");

    ApiSpec fromJson = ApiSpec.parse(json, "dss-api.json");

    assertThat(fromJson.document()).isEqualTo(dss.document());
    assertThat(fromJson.operations()).extracting(Operation::commandName).containsExactlyElementsOf(DSS_COMMANDS);
    for (Operation op : dss.operations()) {
      Operation same = fromJson.operation(op.commandName()).orElseThrow();
      assertThat(same.params()).isEqualTo(op.params());
      assertThat(same.pathTemplates()).isEqualTo(op.pathTemplates());
    }
    assertThat(fromJson.baseUrl("http")).isEqualTo(dss.baseUrl("http"));
  }

  @Test
  void referencesAreResolvedEverywhere() {
    JsonNode items = dss.document()
        .at("/paths/~1bundles~1{uuid}/put/parameters/3/schema/properties/files/items");
    assertThat(items.has("$ref")).isFalse();
    assertThat(items.path("properties").has("indexed")).isTrue();
    assertThat(dss.document().toString()).doesNotContain("\"$ref\"");
  }

  @Test
  void openApi3ServersParametersAndRequestBody() {
    String spec = """
        openapi: 3.0.1
        info: {title: Auth, version: '1.2', description: An auth API}
        servers:
          - url: https://{stage}.example.org/v1/
            variables: {stage: {default: auth}}
        security: [{bearer: []}]
        components:
          schemas:
            Login: {type: object, properties: {user: {type: string}, remember: {type: boolean}}, required: [user]}
        paths:
          /.well-known/openid-configuration:
            get:
              security: []
              parameters:
                - {name: client-id, in: query, schema: {type: string, enum: [a, b]}}
              responses: {'200': {description: ok}}
          /login:
            post:
              parameters:
                - {name: X-Trace, in: header, schema: {type: string}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Login'}
              responses: {'200': {description: ok}}
        """;
    ApiSpec api = parse(spec);
    assertThat(api.isOpenApi3()).isTrue();
    assertThat(api.baseUrl("http")).isEqualTo("https://auth.example.org/v1");
    assertThat(api.host()).isEqualTo("auth.example.org");
    assertThat(api.basePath()).isEqualTo("/v1/");
    assertThat(api.schemes()).containsExactly("https");
    assertThat(api.title()).isEqualTo("Auth");
    assertThat(api.version()).isEqualTo("1.2");
    assertThat(api.operations()).extracting(Operation::commandName)
        .containsExactly("get-openid-configuration", "post-login");
    Operation config = api.operation("get-openid-configuration").orElseThrow();
    assertThat(config.requiresAuth()).isFalse();
    assertThat(config.params().get(0).enumValues()).containsExactly("a", "b");
    assertThat(config.params().get(0).flagName()).isEqualTo("--client-id");
    Operation login = api.operation("post-login").orElseThrow();
    assertThat(login.requiresAuth()).isTrue();
    assertThat(login.params()).extracting(Param::name, Param::location, Param::type, Param::required)
        .containsExactly(
            tuple("X-Trace", Location.HEADER, "string", false),
            tuple("user", Location.BODY, "string", true),
            tuple("remember", Location.BODY, "boolean", false));
  }

  @Test
  void swagger2WithoutSchemesUsesTheFallbackScheme() {
    ApiSpec api = parse("{\"swagger\": \"2.0\", \"host\": \"localhost:5000\", \"basePath\": \"/v1\", \"paths\": {}}");
    assertThat(api.baseUrl("http")).isEqualTo("http://localhost:5000/v1");
    ApiSpec listed = parse("{\"swagger\": \"2.0\", \"host\": \"h\", \"schemes\": [\"http\", \"https\"], \"paths\": {}}");
    assertThat(listed.baseUrl("https")).isEqualTo("http://h");
  }

  @Test
  void namingRuleStripsPluralsOnlyForPostPutOrUuidPaths() {
    assertThat(OperationName.of("GET", "/subscriptions")).isEqualTo("get_subscriptions");
    assertThat(OperationName.of("PUT", "/subscriptions")).isEqualTo("put_subscription");
    assertThat(OperationName.of("GET", "/events/{uuid}")).isEqualTo("get_event");
    assertThat(OperationName.of("GET", "/bundles/checkout/{checkout_job_id}")).isEqualTo("get_bundles_checkout");
    assertThat(OperationName.of("GET", "/.well-known/dss-status")).isEqualTo("get_dss_status");
    assertThat(OperationName.command("get_bundles_all")).isEqualTo("get-bundles-all");
  }
}
