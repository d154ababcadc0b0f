package hca.localdss.search;

import static hca.localdss.search.QueryFixtures.matches;
import static hca.localdss.search.SampleDocuments.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EsQueryCompoundTest {

  private static final String YES = "{'term': {'files.sample_json.tags': 'alpha'}}";
  private static final String YES2 = "{'term': {'files.sample_json.count': 7}}";
  private static final String NO = "{'term': {'files.sample_json.tags': 'gamma'}}";
  private static final String NO2 = "{'term': {'files.sample_json.count': 99}}";

  private static boolean bool(String body) {
    return matches("{'bool': {" + body + "}}");
  }

  @Test
  void emptyBodiesAndMatchAllMatchEverything() {
    assertThat(EsQuery.compile(json("{}")).matches(QueryFixtures.DOC)).isTrue();
    assertThat(EsQuery.compile(json("{'query': {}}")).matches(QueryFixtures.DOC)).isTrue();
    assertThat(matches("{'match_all': {'boost': 1.0}}")).isTrue();
    assertThat(matches("{'match_none': {}}")).isFalse();
    assertThat(bool("")).isTrue();
  }

  @Test
  void sortSourceSizeAndFromAreIgnored() {
    EsQuery q =
        EsQuery.compile(
            json(
                "{'query': " + NO + ", 'sort': [{'uuid': 'asc'}], '_source': false,"
                    + " 'size': 1, 'from': 5}"));

    assertThat(q.matches(QueryFixtures.DOC)).isFalse();
    assertThat(EsQuery.compile(json("{'size': 0}")).matches(QueryFixtures.DOC)).isTrue();
  }

  @Test
  void mustAndFilterNeedEveryClause() {
    assertThat(bool("'must': [" + YES + ", " + YES2 + "]")).isTrue();
    assertThat(bool("'must': [" + YES + ", " + NO + "]")).isFalse();
    assertThat(bool("'filter': [" + YES + "], 'must': " + YES2)).isTrue();
    assertThat(bool("'filter': " + NO)).isFalse();
  }

  @Test
  void mustNotExcludesAndAloneMatchesEverythingElse() {
    assertThat(bool("'must_not': [" + NO + ", " + NO2 + "]")).isTrue();
    assertThat(bool("'must_not': " + YES)).isFalse();
    assertThat(bool("'must': " + YES + ", 'must_not': [" + NO + ", " + YES2 + "]")).isFalse();
  }

  @Test
  void shouldAloneNeedsOneMatch() {
    assertThat(bool("'should': [" + NO + ", " + YES + "]")).isTrue();
    assertThat(bool("'should': [" + NO + ", " + NO2 + "]")).isFalse();
    assertThat(bool("'should': [" + NO + "], 'must_not': " + NO2)).isFalse();
  }

  @Test
  void shouldBesideMustIsOptional() {
    assertThat(bool("'must': " + YES + ", 'should': [" + NO + ", " + NO2 + "]")).isTrue();
    assertThat(bool("'filter': " + YES + ", 'should': " + NO)).isTrue();
  }

  @Test
  void minimumShouldMatchMakesShouldClausesCount() {
    String should = "'should': [" + YES + ", " + NO + ", " + YES2 + "]";
    assertThat(bool(should + ", 'minimum_should_match': 2")).isTrue();
    assertThat(bool(should + ", 'minimum_should_match': 3")).isFalse();
    assertThat(bool(should + ", 'minimum_should_match': '100%'")).isFalse();
    assertThat(bool(should + ", 'minimum_should_match': '-1'")).isTrue();
    assertThat(bool("'must': " + YES + ", 'should': " + NO + ", 'minimum_should_match': 1"))
        .isFalse();
    // more than there are clauses is capped to all of them
    assertThat(bool("'should': [" + YES + ", " + YES2 + "], 'minimum_should_match': 5")).isTrue();
  }

  @Test
  void inFilterContextABoolWithShouldNeedsOneOfThemEvenBesideMust() {
    String inner = "{'bool': {'must': " + YES + ", 'should': " + NO + "}}";

    assertThat(matches(inner)).isTrue();
    assertThat(bool("'filter': " + inner)).isFalse();
    assertThat(matches("{'constant_score': {'filter': " + inner + "}}")).isFalse();
    assertThat(bool("'must_not': " + inner)).isTrue();
  }

  @Test
  void emptyClausesInsideBoolAreIgnoredAsInElasticsearch5() {
    assertThat(bool("'must': [{}, " + YES + "], 'should': [{}]")).isTrue();
  }

  @Test
  void disMaxMatchesWhenAnyQueryMatches() {
    assertThat(matches("{'dis_max': {'queries': [" + NO + ", " + YES + "], 'tie_breaker': 0.3}}"))
        .isTrue();
    assertThat(matches("{'dis_max': {'queries': [" + NO + "]}}")).isFalse();
  }

  @Test
  void tombstonesCanBeExcludedByAdminDeleted() {
    String query = "{'bool': {'must_not': [{'term': {'admin_deleted': true}}]}}";
    var tombstone =
        IndexDocuments.forTombstone(
            "u", null, json("{'email': 'a@example.org', 'admin_deleted': true}"));

    assertThat(matches(query, tombstone)).isFalse();
    assertThat(matches(query, SampleDocuments.sampleIndexDocument())).isTrue();
  }
}
