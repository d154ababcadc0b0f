package hca.localdss.search;

import static hca.localdss.search.QueryFixtures.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EsQueryTermLevelTest {

  private static final String S = "files.sample_json.";

  @Test
  void termOnAKeywordIgnoresCase() {
    assertThat(matches("{'term': {'" + S + "name': 'sample one'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "name': 'SAMPLE ONE'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "name': 'sample'}}")).isFalse();
  }

  @Test
  void termMatchesAnyElementOfAnArrayAndAnyObjectOfAList() {
    assertThat(matches("{'term': {'" + S + "tags': 'beta'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "name': 'sample two'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "disease.text': 'brain tumour'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "tags': 'gamma'}}")).isFalse();
  }

  @Test
  void termOnTheTextSubFieldComparesUnanalyzedWithTokens() {
    assertThat(matches("{'term': {'" + S + "title.text': 'glioblastomas'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "title.text': 'Glioblastomas'}}")).isFalse();
    assertThat(matches("{'term': {'" + S + "title.text': 'rna'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "disease.text.text': 'tumour'}}")).isTrue();
  }

  @Test
  void termAcceptsTheObjectFormWithBoostAndName() {
    String params = "{'value': 'Sample One', 'boost': 2.0, '_name': 'n'}";
    assertThat(matches("{'term': {'" + S + "name': " + params + "}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "name': {'value': 'Sample Three'}}}")).isFalse();
  }

  @Test
  void termOnNumbersAndBooleansComparesValues() {
    assertThat(matches("{'term': {'" + S + "count': 7}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "count': '3'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "count': 3.5}}")).isFalse();
    assertThat(matches("{'term': {'" + S + "ratio': 0.5}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "living': false}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "living': 'false'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "living': true}}")).isFalse();
  }

  @Test
  void termWithAWordAgainstANumberFieldIsRejectedAsElasticsearchDid() {
    assertThatThrownBy(() -> matches("{'term': {'" + S + "count': 'many'}}"))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContaining("'many' is not a number")
        .hasMessageContaining("query");
  }

  @Test
  void termOnADateMatchesTheWholeDayGiven() {
    assertThat(matches("{'term': {'" + S + "collected': '2018-07-22'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "submitted': '2018-07-22'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "submitted': '2018-07-22T23:38:35.863Z'}}")).isTrue();
    assertThat(matches("{'term': {'" + S + "submitted': '2018-07-23'}}")).isFalse();
  }

  @Test
  void uuidAndManifestVersionAreCaseSensitiveKeywords() {
    assertThat(matches("{'term': {'uuid': 'AbCd0000-uuid'}}")).isTrue();
    assertThat(matches("{'term': {'uuid': 'abcd0000-uuid'}}")).isFalse();
    assertThat(matches("{'term': {'manifest.version': '2018-08-01T223408.596553Z'}}")).isTrue();
    assertThat(matches("{'term': {'manifest.version': '2018-08-01t223408.596553z'}}")).isFalse();
    assertThat(matches("{'match': {'uuid.text': 'AbCd0000'}}")).isFalse();
  }

  @Test
  void otherVersionStringsAreLowerCasedKeywordsNotDates() {
    assertThat(matches("{'term': {'manifest.files.version': '2018-08-01t223413.475426z'}}"))
        .isTrue();
  }

  @Test
  void dottedFieldNamesAlsoReachKeysThatContainDots() {
    assertThat(matches("{'term': {'dotted.key.inner': 'value'}}")).isTrue();
  }

  @Test
  void termsMatchesWhenAnyValueMatches() {
    assertThat(matches("{'terms': {'" + S + "tags': ['gamma', 'ALPHA']}}")).isTrue();
    assertThat(matches("{'terms': {'" + S + "count': [1, 2, 7]}}")).isTrue();
    assertThat(matches("{'terms': {'" + S + "tags': ['gamma', 'delta']}}")).isFalse();
    assertThat(matches("{'terms': {'" + S + "tags': []}}")).isFalse();
  }

  @Test
  void idsAndIdTermsMatchTheDocumentFqid() {
    EsQuery ids = QueryFixtures.compile("{'ids': {'values': ['x', '" + QueryFixtures.FQID + "']}}");
    EsQuery other = QueryFixtures.compile("{'ids': {'values': ['x']}}");
    EsQuery term = QueryFixtures.compile("{'term': {'_id': '" + QueryFixtures.FQID + "'}}");

    assertThat(ids.matches(QueryFixtures.DOC)).isTrue();
    assertThat(ids.matches("other.fqid", QueryFixtures.DOC)).isFalse();
    assertThat(other.matches(QueryFixtures.DOC)).isFalse();
    assertThat(term.matches(QueryFixtures.FQID, QueryFixtures.DOC)).isTrue();
  }

  @Test
  void existsNeedsANonNullValue() {
    assertThat(matches("{'exists': {'field': '" + S + "name'}}")).isTrue();
    assertThat(matches("{'exists': {'field': '" + S + "absent'}}")).isFalse();
    assertThat(matches("{'exists': {'field': '" + S + "nothing'}}")).isFalse();
    assertThat(matches("{'exists': {'field': '" + S + "empty'}}")).isFalse();
  }

  @Test
  void existsOnAnObjectNeedsAValueBelowIt() {
    assertThat(matches("{'exists': {'field': '" + S + "organ'}}")).isTrue();
    assertThat(matches("{'exists': {'field': '" + S + "only_nulls'}}")).isFalse();
  }

  @Test
  void existsOnATextSubFieldNeedsAStringParent() {
    assertThat(matches("{'exists': {'field': '" + S + "title.text'}}")).isTrue();
    assertThat(matches("{'exists': {'field': '" + S + "count.text'}}")).isFalse();
    assertThat(matches("{'exists': {'field': '" + S + "collected.text'}}")).isFalse();
  }

  @Test
  void prefixOnAKeywordIgnoresCase() {
    assertThat(matches("{'prefix': {'" + S + "name': 'SAMPLE O'}}")).isTrue();
    assertThat(matches("{'prefix': {'" + S + "name': {'value': 'sample t'}}}")).isTrue();
    assertThat(matches("{'prefix': {'" + S + "name': 'one'}}")).isFalse();
  }

  @Test
  void prefixOnATextFieldMatchesTokens() {
    assertThat(matches("{'prefix': {'" + S + "title.text': 'gliob'}}")).isTrue();
    assertThat(matches("{'prefix': {'" + S + "title.text': 'Gliob'}}")).isFalse();
  }

  @Test
  void prefixOnANumberFieldIsRejected() {
    assertThatThrownBy(() -> matches("{'prefix': {'" + S + "count': '3'}}"))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContaining("'prefix'");
  }

  @Test
  void wildcardMatchesWholeKeywordsIgnoringCase() {
    assertThat(matches("{'wildcard': {'" + S + "name': '*ONE'}}")).isTrue();
    assertThat(matches("{'wildcard': {'" + S + "name': 's?mple*'}}")).isTrue();
    assertThat(matches("{'wildcard': {'" + S + "name': 'sample'}}")).isFalse();
    assertThat(matches("{'wildcard': {'" + S + "file_name': 'r1.*.gz'}}")).isTrue();
    assertThat(matches("{'wildcard': {'" + S + "file_name': {'value': 'r1\\\\*'}}}")).isFalse();
  }

  @Test
  void wildcardOnATextFieldMatchesTokens() {
    assertThat(matches("{'wildcard': {'" + S + "title.text': 'glio*s'}}")).isTrue();
    assertThat(matches("{'wildcard': {'" + S + "title.text': 'single*human'}}")).isFalse();
  }

  @Test
  void keywordsLongerThanIgnoreAboveHaveNoKeywordTermButStillText() {
    assertThat(matches("{'term': {'" + S + "long': '" + QueryFixtures.LONG_TEXT + "'}}")).isFalse();
    assertThat(matches("{'match': {'" + S + "long.text': 'end'}}")).isTrue();
    assertThat(matches("{'exists': {'field': '" + S + "long'}}")).isTrue();
  }
}
