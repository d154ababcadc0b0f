package hca.localdss.search;

import static hca.localdss.search.QueryFixtures.matches;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EsQueryFullTextTest {

  private static final String S = "files.sample_json.";

  @Test
  void matchOnAKeywordComparesTheWholeValueIgnoringCase() {
    assertThat(matches("{'match': {'" + S + "name': 'SAMPLE one'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "name': 'sample'}}")).isFalse();
    assertThat(matches("{'match': {'" + S + "name': 'one sample'}}")).isFalse();
  }

  @Test
  void matchOnTheTextSubFieldOfAStringOrsItsTerms() {
    assertThat(matches("{'match': {'" + S + "title.text': 'Glioblastomas'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "title.text': 'mouse glioblastomas'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "title.text': 'mouse liver'}}")).isFalse();
  }

  @Test
  void matchWithOperatorAndNeedsEveryTerm() {
    String q = "{'match': {'" + S + "title.text': {'query': ";
    assertThat(matches(q + "'human RNA', 'operator': 'and'}}}")).isTrue();
    assertThat(matches(q + "'mouse RNA', 'operator': 'AND'}}}")).isFalse();
  }

  @Test
  void matchWithMinimumShouldMatchCountsTerms() {
    String q =
        "{'match': {'" + S + "title.text': {'query': 'human mouse rat RNA',"
            + " 'minimum_should_match': ";
    assertThat(matches(q + "2}}}")).isTrue();
    assertThat(matches(q + "3}}}")).isFalse();
    assertThat(matches(q + "'50%'}}}")).isTrue();
    assertThat(matches(q + "'75%'}}}")).isFalse();
    assertThat(matches(q + "'-2'}}}")).isTrue();
    assertThat(matches(q + "'-1'}}}")).isFalse();
  }

  @Test
  void matchTermsMayComeFromDifferentElementsOfTheField() {
    assertThat(
            matches(
                "{'match': {'" + S + "disease.text.text':"
                    + " {'query': 'glioblastoma tumour', 'operator': 'and'}}}"))
        .isTrue();
  }

  @Test
  void standardAnalyzerKeepsWordsJoinedByUnderscoresDotsAndColons() {
    assertThat(matches("{'match': {'" + S + "file_name.text': 'fastq.gz'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "file_name.text': 'fastq'}}")).isFalse();
    assertThat(matches("{'match': {'" + S + "organ.ontology.text': 'uberon'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "organ.ontology.text': '0000955'}}")).isTrue();
  }

  @Test
  void matchWithNoTermsAfterAnalysisMatchesNothingOnText() {
    assertThat(matches("{'match': {'" + S + "title.text': '!!!'}}")).isFalse();
  }

  @Test
  void matchOnNumbersBooleansAndDatesIsATermQuery() {
    assertThat(matches("{'match': {'" + S + "count': '7'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "living': 'false'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "collected': '2018-07-22'}}")).isTrue();
    assertThat(matches("{'match': {'" + S + "collected': '2018-07-21'}}")).isFalse();
  }

  @Test
  void matchPhraseNeedsConsecutiveTermsInOneValue() {
    assertThat(matches("{'match_phrase': {'" + S + "title.text': 'RNA-seq of primary'}}")).isTrue();
    assertThat(matches("{'match_phrase': {'" + S + "title.text': 'primary of'}}")).isFalse();
    assertThat(matches("{'match_phrase': {'" + S + "title.text': 'single human'}}")).isFalse();
    assertThat(matches("{'match_phrase': {'" + S + "disease.text.text': 'glioblastoma brain'}}"))
        .isFalse();
    String typed = "{'match': {'" + S + "title.text': {'query': 'cell rna', 'type': 'phrase'}}}";
    assertThat(matches(typed)).isTrue();
  }

  @Test
  void matchPhraseOnAKeywordComparesTheWholeValue() {
    assertThat(matches("{'match_phrase': {'" + S + "name': 'Sample One'}}")).isTrue();
    assertThat(matches("{'match_phrase': {'" + S + "name': 'Sample'}}")).isFalse();
  }

  @Test
  void matchOnTheRealDocumentsLongDescriptionWorksThroughTextOnly() {
    String field = "files.project_json.project_core.project_description";

    assertThat(matches("{'match_phrase': {'" + field + ".text': 'single glioblastoma cells'}}",
            SampleDocuments.sampleIndexDocument()))
        .isTrue();
    assertThat(matches("{'match': {'" + field + "': 'glioblastoma'}}",
            SampleDocuments.sampleIndexDocument()))
        .isFalse();
  }

  @Test
  void textMatchingLowerCasesLikeLuceneIncludingSignsThatLowerCaseToAscii() {
    var doc = SampleDocuments.json("{'unit': '\u212Aelvin scale', 'city': '\u0130stanbul'}");

    assertThat(QueryFixtures.matches("{'match': {'unit.text': 'KELVIN'}}", doc)).isTrue();
    assertThat(QueryFixtures.matches("{'term': {'unit.text': 'kelvin'}}", doc)).isTrue();
    assertThat(QueryFixtures.matches("{'match': {'city.text': 'istanbul'}}", doc)).isTrue();
    assertThat(QueryFixtures.matches("{'match': {'city': 'ISTANBUL'}}", doc)).isTrue();
  }
}
