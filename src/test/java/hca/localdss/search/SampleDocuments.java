package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The sample index document and the example bundle, as test fixtures. */
final class SampleDocuments {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String BUNDLE_UUID = "011c7340-9b3c-4d62-bf49-090d79daf198";
  static final String BUNDLE_VERSION = "2018-08-02T154515.785290Z";

  /** The 14 metadata files of the example bundle, in manifest order. */
  static final List<String> EXAMPLE_FILES =
      List.of(
          "cell_suspension_0.json",
          "dissociation_protocol_0.json",
          "donor_organism_0.json",
          "enrichment_protocol_0.json",
          "library_preparation_protocol_0.json",
          "links.json",
          "process_0.json",
          "process_1.json",
          "process_2.json",
          "project_0.json",
          "sequence_file_0.json",
          "sequence_file_1.json",
          "sequencing_protocol_0.json",
          "specimen_from_organism_0.json");

  private SampleDocuments() {}

  /** The real index document from the DSS test fixtures. */
  static ObjectNode sampleIndexDocument() {
    return (ObjectNode) resource("/sample-data/sample_index_document.json");
  }

  static JsonNode exampleFile(String name) {
    return resource("/hca/localdss/example_bundle/" + name);
  }

  /** A manifest listing the example files plus a data file that is not indexed. */
  static ObjectNode exampleManifest() {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", "0.0.1");
    manifest.put("version", BUNDLE_VERSION);
    ArrayNode files = manifest.putArray("files");
    for (String name : EXAMPLE_FILES) {
      files.add(entry(name, "application/json", true));
    }
    files.add(entry("R1.fastq.gz", "application/gzip", false));
    return manifest;
  }

  static ObjectNode entry(String name, String contentType, boolean indexed) {
    ObjectNode e = JSON.createObjectNode();
    e.put("name", name);
    e.put("uuid", UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    e.put("version", "2018-08-02T154512.123456Z");
    e.put("content-type", contentType);
    e.put("indexed", indexed);
    e.put("size", 100);
    return e;
  }

  /** Loads example files by entry name from the classpath. */
  static Optional<JsonNode> exampleContent(JsonNode entry) {
    String name = entry.path("name").asText();
    return EXAMPLE_FILES.contains(name) ? Optional.of(exampleFile(name)) : Optional.empty();
  }

  /** The index document of the example bundle. */
  static ObjectNode exampleBundleDocument() {
    return IndexDocuments.forBundle(
        BUNDLE_UUID, exampleManifest(), SampleDocuments::exampleContent);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode resource(String path) {
    try (InputStream in = SampleDocuments.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
