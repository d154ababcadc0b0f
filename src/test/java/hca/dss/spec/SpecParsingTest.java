package hca.dss.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.spec.Param.Location;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Reading spec documents: formats, what is not a spec, and $ref resolution. */
class SpecParsingTest {

  static ApiSpec parse(String text) {
    return ApiSpec.parse(text.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void contentThatIsNeitherJsonNorYamlIsRejectedNamingTheSource() {
    assertThatThrownBy(() -> ApiSpec.parse("key: [unclosed\n  - : :".getBytes(StandardCharsets.UTF_8),
        "http://x/v1/swagger.json"))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("spec http://x/v1/swagger.json: neither JSON nor YAML:")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> parse("<html><body>Bad gateway</body></html>"))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec test: neither a JSON object nor a YAML mapping");
    assertThatThrownBy(() -> parse("{\"swagger\": \"2.0\", \"paths\": {"))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("spec test: not valid JSON:")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> ApiSpec.parse(new byte[0], "empty.json"))
        .hasMessage("spec empty.json: empty content");
  }

  @Test
  void aYamlFlowMappingIsNotMistakenForBrokenJson() {
    ApiSpec api = parse("{swagger: '2.0', host: h, paths: {/a: {get: {responses: {200: {description: ok}}}}}}");
    assertThat(api.operations()).extracting(Operation::commandName).containsExactly("get-a");
  }

  @Test
  void documentsThatAreNotOpenApiAreRejected() {
    assertThatThrownBy(() -> parse("{\"swagger\": \"2.0\", \"info\": {\"title\": \"x\"}}"))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec test: not an OpenAPI document (no 'paths' object)");
    assertThatThrownBy(() -> parse("name: just some yaml\npaths: {}\n"))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec test: not an OpenAPI document (no 'swagger' or 'openapi' key)");
    assertThatThrownBy(() -> parse("swagger: '1.2'\npaths: {}\n"))
        .hasMessage("spec test: unsupported swagger version '1.2'");
  }

  @Test
  void aDanglingReferenceIsNamedWithItsLocation() {
    String spec = """
        {"swagger": "2.0", "paths": {"/bundles/{uuid}": {"get": {"responses": {"200": {
          "schema": {"$ref": "#/definitions/Nope"}}}}}}, "definitions": {}}
        """;
    assertThatThrownBy(() -> ApiSpec.parse(spec.getBytes(StandardCharsets.UTF_8), "http://x/v1/swagger.json"))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec http://x/v1/swagger.json: $ref '#/definitions/Nope' at "
            + "paths./bundles/{uuid}.get.responses.200.schema points nowhere");
  }

  @Test
  void anExternalReferenceIsRejected() {
    String spec = """
        swagger: '2.0'
        paths:
          /a:
            get:
              parameters:
                - $ref: 'common.yml#/parameters/replica'
        """;
    assertThatThrownBy(() -> parse(spec))
        .isInstanceOf(SpecException.class)
        .hasMessage("spec test: external $ref 'common.yml#/parameters/replica' at paths./a.get.parameters.0 "
            + "is not supported");
  }

  @Test
  void escapedPointersAndSharedParametersResolve() {
    String spec = """
        swagger: '2.0'
        parameters:
          replica: {name: replica, in: query, required: true, type: string, enum: [aws, gcp]}
        definitions:
          a/b~c: {type: object, properties: {n: {type: integer}}}
        paths:
          /things/{id}:
            parameters:
              - {name: id, in: path, required: true, type: string}
            put:
              parameters:
                - $ref: '#/parameters/replica'
                - name: body
                  in: body
                  schema: {$ref: '#/definitions/a~1b~0c'}
        """;
    Operation put = parse(spec).operation("put-thing").orElseThrow();
    assertThat(put.params()).extracting(Param::name, Param::location, Param::type, Param::required)
        .containsExactly(
            tuple("id", Location.PATH, "string", true),
            tuple("replica", Location.QUERY, "string", true),
            tuple("n", Location.BODY, "integer", false));
  }

  @Test
  void aCyclicReferenceIsCutInsteadOfRecursingForever() {
    String spec = """
        swagger: '2.0'
        definitions:
          Node:
            type: object
            properties:
              name: {type: string}
              children: {type: array, items: {$ref: '#/definitions/Node'}}
          Self: {$ref: '#/definitions/Self'}
        paths:
          /nodes:
            post:
              parameters:
                - {name: body, in: body, required: true, schema: {$ref: '#/definitions/Node'}}
              responses:
                200: {description: ok, schema: {$ref: '#/definitions/Self'}}
        """;
    ApiSpec parsed = Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> parse(spec));
    Operation post = parsed.operation("post-node").orElseThrow();
    assertThat(post.params()).extracting(Param::name, Param::type, Param::itemsType)
        .containsExactly(tuple("name", "string", null), tuple("children", "array", "object"));
    JsonNode node = parsed.document().at("/definitions/Node");
    assertThat(node.at("/properties/children/items/$ref").asText()).isEqualTo("#/definitions/Node");
    assertThat(parsed.document().toString()).isNotEmpty();
  }

  @Test
  void denselyCrossReferencedSchemasResolveInLinearTime() {
    // Every definition refers to every other: expanding each reference afresh would take factorial time.
    StringBuilder spec = new StringBuilder("{\"swagger\": \"2.0\", \"paths\": {}, \"definitions\": {");
    int n = 30;
    for (int i = 0; i < n; i++) {
      spec.append(i == 0 ? "" : ",").append("\"D").append(i).append("\": {\"type\": \"object\", \"properties\": {");
      for (int j = 0; j < n; j++) {
        spec.append(j == 0 ? "" : ",").append("\"p").append(j).append("\": {\"$ref\": \"#/definitions/D").append(j).append("\"}");
      }
      spec.append("}}");
    }
    spec.append("}}");
    ApiSpec parsed = Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> parse(spec.toString()));
    assertThat(parsed.document().at("/definitions/D0/properties/p1/properties/p0/$ref").asText())
        .isEqualTo("#/definitions/D0");
  }

  @Test
  void allOfMembersAreFlattenedIntoBodyParams() {
    String spec = """
        swagger: '2.0'
        definitions:
          Base: {type: object, properties: {name: {type: string}}, required: [name]}
        paths:
          /items:
            put:
              parameters:
                - name: body
                  in: body
                  schema:
                    allOf:
                      - $ref: '#/definitions/Base'
                      - {type: object, properties: {size: {type: integer}, tags: {type: array, items: {type: string}}}}
        """;
    Operation put = parse(spec).operation("put-item").orElseThrow();
    assertThat(put.params()).extracting(Param::name, Param::type, Param::itemsType, Param::required)
        .containsExactly(tuple("name", "string", null, true), tuple("size", "integer", null, false),
            tuple("tags", "array", "string", false));
  }
}
