package hca.localdss.search;

import static hca.localdss.search.SampleDocuments.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The query from the sample-data README (and the DSS test suite) against real documents. */
class EsQueryReadmeQueryTest {

  private static ObjectNode query(String smoking, String species, String organ) {
    return json(
        "{'query': {'bool': {'must': ["
            + "{'match': {'files.donor_organism_json.medical_history.smoking_history': '" + smoking
            + "'}},"
            + "{'match': {'files.specimen_from_organism_json.genus_species.text': '" + species
            + "'}},"
            + "{'match': {'files.specimen_from_organism_json.organ.text': '" + organ + "'}}]}}}");
  }

  @Test
  void readmeQueryMatchesTheSampleIndexDocument() {
    EsQuery q = EsQuery.compile(query("yes", "Homo sapiens", "brain"));

    assertThat(q.matches(SampleDocuments.sampleIndexDocument())).isTrue();
  }

  @Test
  void readmeQueryMatchesTheExampleBundleDocument() {
    EsQuery q = EsQuery.compile(query("yes", "Homo sapiens", "brain"));

    assertThat(q.matches(SampleDocuments.exampleBundleDocument())).isTrue();
  }

  @Test
  void readmeQueryIgnoresCaseOfKeywordValues() {
    EsQuery q = EsQuery.compile(query("YES", "homo SAPIENS", "Brain"));

    assertThat(q.matches(SampleDocuments.sampleIndexDocument())).isTrue();
  }

  @Test
  void readmeQueryVariantsWithOtherValuesDoNotMatch() {
    ObjectNode doc = SampleDocuments.sampleIndexDocument();

    assertThat(EsQuery.compile(query("no", "Homo sapiens", "brain")).matches(doc)).isFalse();
    assertThat(EsQuery.compile(query("yes", "Mus musculus", "brain")).matches(doc)).isFalse();
    assertThat(EsQuery.compile(query("yes", "Homo sapiens", "heart")).matches(doc)).isFalse();
  }

  @Test
  void genusSpeciesTextIsTheLiteralKeywordSoPartOfTheNameDoesNotMatch() {
    ObjectNode doc = SampleDocuments.sampleIndexDocument();

    assertThat(EsQuery.compile(query("yes", "Homo", "brain")).matches(doc)).isFalse();
    assertThat(
            EsQuery.compile(
                    json(
                        "{'query': {'match': {"
                            + "'files.specimen_from_organism_json.genus_species.text.text':"
                            + " 'Homo'}}}"))
                .matches(doc))
        .isTrue();
  }

  @Test
  void queryOnAFieldTheDocumentLacksDoesNotMatch() {
    EsQuery q =
        EsQuery.compile(
            json(
                "{'query': {'match':"
                    + " {'files.donor_organism_json.medical_history.alcohol': 'yes'}}}"));

    assertThat(q.matches(SampleDocuments.sampleIndexDocument())).isFalse();
  }
}
