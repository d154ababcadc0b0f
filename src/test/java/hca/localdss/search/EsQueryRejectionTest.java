package hca.localdss.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Queries that cannot be answered faithfully are refused, naming the clause and where it is. */
class EsQueryRejectionTest {

  private static void rejected(String body, String... messageParts) {
    assertThatThrownBy(
            () -> EsQuery.compile(SampleDocuments.JSON.readTree(body.replace('\'', '"'))))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void unsupportedClauseIsNamedWithItsPath() {
    rejected(
        "{'query': {'bool': {'must': [{'match_all': {}}, {'fuzzy': {'name': 'smple'}}]}}}",
        "unsupported query clause 'fuzzy' at query.bool.must[1]");
  }

  @Test
  void nestedScriptQueryStringAndRegexpAreUnsupported() {
    rejected("{'query': {'nested': {'path': 'files', 'query': {}}}}", "'nested' at query");
    rejected("{'query': {'bool': {'filter': {'script': {'script': 'true'}}}}}",
        "'script' at query.bool.filter");
    rejected("{'query': {'query_string': {'query': 'brain'}}}", "'query_string'");
    rejected("{'query': {'regexp': {'name': 'b.*'}}}", "'regexp'");
    rejected("{'query': {'multi_match': {'query': 'brain', 'fields': ['a']}}}", "'multi_match'");
  }

  @Test
  void searchBodyKeysOtherThanQuerySortSourceSizeAndFromAreUnsupported() {
    rejected("{'query': {}, 'aggs': {'n': {'terms': {'field': 'uuid'}}}}", "'aggs'");
    rejected("{'post_filter': {'match_all': {}}}", "'post_filter'");
    rejected("{'search_after': ['a', 'b']}", "'search_after'");
  }

  @Test
  void parametersThatChangeMatchingAreUnsupported() {
    rejected("{'query': {'match': {'a': {'query': 'x', 'fuzziness': 'AUTO'}}}}",
        "'fuzziness'", "'match'");
    rejected("{'query': {'match_phrase': {'a': {'query': 'x y', 'slop': 2}}}}", "'slop'");
    rejected("{'query': {'match': {'a': {'query': 'x', 'zero_terms_query': 'all'}}}}",
        "zero_terms_query");
    rejected("{'query': {'range': {'a': {'gte': '2018', 'format': 'yyyy'}}}}", "'format'");
    rejected("{'query': {'terms': {'a': {'index': 'i', 'id': '1', 'path': 'p'}}}}",
        "terms lookup");
    rejected("{'query': {'match': {'_all': 'brain'}}}", "'_all'");
    rejected("{'query': {'exists': {'field': 'files.*'}}}", "'files.*'");
  }

  @Test
  void malformedClausesAreRejected() {
    rejected("{'query': {'bool': []}}", "'bool' at query");
    rejected("{'query': {'bool': {'must': 'x'}}}", "query.bool.must");
    rejected("{'query': {'bool': {'must': ['x']}}}", "query.bool.must[0]");
    rejected("{'query': {'term': {'a': 'x', 'b': 'y'}}}", "'term'", "'a' and 'b'");
    rejected("{'query': {'term': {'a': null}}}", "'term'");
    rejected("{'query': {'term': {'a': ['x']}}}", "'term'");
    rejected("{'query': {'match_all': {}, 'term': {'a': 'x'}}}", "one clause per object");
    rejected("{'query': {'exists': {}}}", "'exists'");
    rejected("{'query': {'bool': {'should': [], 'minimum_should_match': 'lots'}}}",
        "minimum_should_match");
    rejected("{'query': {'constant_score': {'filter': {}}}}", "'constant_score' at query");
    rejected("{'query': {'dis_max': {'queries': [{'match_all': {}}, {'span_term': {'a': 'b'}}]}}}",
        "'span_term' at query.dis_max.queries[1]");
    rejected("{'query': []}", "query");
    rejected("[]", "search body");
  }
}
