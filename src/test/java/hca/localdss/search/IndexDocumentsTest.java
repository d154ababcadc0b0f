package hca.localdss.search;

import static hca.localdss.search.SampleDocuments.BUNDLE_UUID;
import static hca.localdss.search.SampleDocuments.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexDocumentsTest {

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void exampleBundleDocumentHasTheFilesKeysOfTheRealIndexDocument() {
    ObjectNode doc = SampleDocuments.exampleBundleDocument();

    assertThat(keys(doc.get("files")))
        .containsExactlyElementsOf(keys(SampleDocuments.sampleIndexDocument().get("files")));
  }

  @Test
  void documentHoldsManifestStateFilesAndUuidInTheDssOrder() {
    ObjectNode manifest = SampleDocuments.exampleManifest();

    ObjectNode doc = SampleDocuments.exampleBundleDocument();

    assertThat(keys(doc)).containsExactly("manifest", "state", "files", "uuid");
    assertThat(doc.get("manifest")).isEqualTo(manifest);
    assertThat(doc.get("state").asText()).isEqualTo("new");
    assertThat(doc.get("uuid").asText()).isEqualTo(BUNDLE_UUID);
  }

  @Test
  void filesOfOneKindAreCollectedInManifestOrder() {
    ObjectNode doc = SampleDocuments.exampleBundleDocument();

    assertThat(doc.at("/files/process_json")).hasSize(3);
    assertThat(doc.at("/files/process_json/0"))
        .isEqualTo(SampleDocuments.exampleFile("process_0.json"));
    assertThat(doc.at("/files/process_json/2"))
        .isEqualTo(SampleDocuments.exampleFile("process_2.json"));
    assertThat(doc.at("/files/sequence_file_json")).hasSize(2);
    assertThat(doc.at("/files/links_json/0")).isEqualTo(SampleDocuments.exampleFile("links.json"));
  }

  @Test
  void onlyIndexedJsonFilesThatParseAreIncluded() {
    ObjectNode manifest = JSON.createObjectNode();
    ArrayNode files = manifest.putArray("files");
    files.add(SampleDocuments.entry("donor_organism_0.json", "application/json", true));
    files.add(SampleDocuments.entry("project_0.json", "application/json", false));
    files.add(SampleDocuments.entry("notes_0.json", "text/plain", true));
    files.add(SampleDocuments.entry("broken_0.json", "application/json", true));
    files.add(
        SampleDocuments.entry(
            "links.json", "application/json; dcp-type=\"metadata/links\"", true));
    List<String> loaded = new ArrayList<>();

    ObjectNode doc =
        IndexDocuments.forBundle(
            BUNDLE_UUID,
            manifest,
            entry -> {
              loaded.add(entry.get("name").asText());
              return entry.get("name").asText().startsWith("broken")
                  ? Optional.empty()
                  : SampleDocuments.exampleContent(entry);
            });

    assertThat(loaded).containsExactly("donor_organism_0.json", "broken_0.json", "links.json");
    assertThat(keys(doc.get("files"))).containsExactly("donor_organism_json", "links_json");
  }

  @Test
  void fileNamesAreNormalizedAsTheDssDid() {
    assertThat(IndexDocuments.normalizedName("library_preparation_protocol_0.json"))
        .isEqualTo("library_preparation_protocol_json");
    assertThat(IndexDocuments.normalizedName("links.json")).isEqualTo("links_json");
    assertThat(IndexDocuments.normalizedName("process_12.json")).isEqualTo("process_json");
    // The DSS dropped the last word whatever it was.
    assertThat(IndexDocuments.normalizedName("cell_suspension.json")).isEqualTo("cell_json");
    assertThat(IndexDocuments.normalizedName("a.b.json")).isEqualTo("a_json");
    assertThat(IndexDocuments.normalizedName("notes.txt")).isEqualTo("notes_txt");
  }

  @Test
  void storedManifestIsCopiedNotShared() {
    ObjectNode manifest = SampleDocuments.exampleManifest();

    ObjectNode doc =
        IndexDocuments.forBundle(BUNDLE_UUID, manifest, SampleDocuments::exampleContent);
    manifest.put("version", "changed");

    assertThat(doc.at("/manifest/version").asText()).isEqualTo(SampleDocuments.BUNDLE_VERSION);
  }

  @Test
  void manifestsWithMoreThanTheIndexLimitOfFilesAreIndexedWithoutTheirFileList() {
    ObjectNode manifest = JSON.createObjectNode();
    ArrayNode files = manifest.putArray("files");
    files.add(SampleDocuments.entry("donor_organism_0.json", "application/json", true));
    for (int i = 0; i < IndexDocuments.MANIFEST_FILES_LIMIT; i++) {
      files.add(SampleDocuments.entry("data_" + i + ".bin", "application/octet-stream", false));
    }

    ObjectNode doc =
        IndexDocuments.forBundle(BUNDLE_UUID, manifest, SampleDocuments::exampleContent);

    assertThat(doc.at("/manifest/files")).isEmpty();
    assertThat(keys(doc.get("files"))).containsExactly("donor_organism_json");
  }

  @Test
  void tombstoneDocumentIsTheTombstonePlusUuidAndManifestVersion() {
    ObjectNode tombstone =
        SampleDocuments.json(
            "{'email': 'admin@example.org', 'reason': 'bad', 'admin_deleted': true}");

    ObjectNode one =
        IndexDocuments.forTombstone(BUNDLE_UUID, "2018-08-02T154515.785290Z", tombstone);
    ObjectNode all = IndexDocuments.forTombstone(BUNDLE_UUID, null, tombstone);

    assertThat(one)
        .isEqualTo(
            SampleDocuments.json(
                "{'email': 'admin@example.org', 'reason': 'bad', 'admin_deleted': true,"
                    + " 'uuid': '" + BUNDLE_UUID + "',"
                    + " 'manifest': {'version': '2018-08-02T154515.785290Z'}}"));
    assertThat(all.at("/manifest/version").isNull()).isTrue();
    assertThat(tombstone.has("uuid")).isFalse();
  }
}
