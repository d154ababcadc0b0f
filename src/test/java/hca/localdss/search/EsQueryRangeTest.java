package hca.localdss.search;

import static hca.localdss.search.QueryFixtures.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EsQueryRangeTest {

  private static final String S = "files.sample_json.";

  private static boolean range(String field, String bounds) {
    return matches("{'range': {'" + field + "': " + bounds + "}}");
  }

  @Test
  void rangeOnNumbersComparesNumerically() {
    assertThat(range(S + "count", "{'gte': 7}")).isTrue();
    assertThat(range(S + "count", "{'gt': 7}")).isFalse();
    assertThat(range(S + "count", "{'gt': 3, 'lt': 7}")).isFalse();
    assertThat(range(S + "count", "{'gte': 2.5, 'lte': 3.5}")).isTrue();
    assertThat(range(S + "count", "{'from': 10, 'to': 20}")).isFalse();
    assertThat(range(S + "count", "{'from': 3, 'include_lower': false, 'to': 4}")).isFalse();
    assertThat(range(S + "ratio", "{'gt': 0.25, 'lte': '0.5'}")).isTrue();
    assertThat(range(S + "ratio", "{'lt': 0.5}")).isFalse();
  }

  @Test
  void rangeOnDatesRoundsMissingTimeAsElasticsearch() {
    assertThat(range(S + "collected", "{'gte': '2018-07-01', 'lt': '2018-08-01'}")).isTrue();
    assertThat(range(S + "collected", "{'lte': '2018-07-22'}")).isTrue();
    assertThat(range(S + "collected", "{'lt': '2018-07-22'}")).isFalse();
    assertThat(range(S + "submitted", "{'gt': '2018-07-22'}")).isFalse();
    assertThat(range(S + "submitted", "{'gte': '2018-07-22T23:00:00Z', 'lt': '2018-07-23'}"))
        .isTrue();
    assertThat(range(S + "submitted", "{'gte': '2018-07-23T00:00:00+01:00'}")).isTrue();
    assertThat(range(S + "submitted", "{'gte': '2018-07-23T00:00:00-01:00'}")).isFalse();
    assertThat(range(S + "submitted", "{'gte': '2018'}")).isTrue();
  }

  @Test
  void rangeOnDatesSupportsDateMath() {
    assertThat(range(S + "submitted", "{'lt': 'now-1d/d'}")).isTrue();
    assertThat(range(S + "submitted", "{'gte': 'now-1d/d'}")).isFalse();
    assertThat(range(S + "collected", "{'gte': '2018-07-01||+1M/M'}")).isFalse();
    assertThat(range(S + "collected", "{'gte': '2018-07-01||/M', 'lte': '2018-07-01||+1M-1d'}"))
        .isTrue();
  }

  @Test
  void rangeOnDatesHonoursTimeZone() {
    // 2018-07-22T23:38Z is already 2018-07-23 at +02:00
    assertThat(range(S + "submitted", "{'gte': '2018-07-23', 'time_zone': '+02:00'}")).isTrue();
    assertThat(range(S + "submitted", "{'gte': '2018-07-23'}")).isFalse();
  }

  @Test
  void rangeOnVersionStringsComparesThemAsKeywords() {
    assertThat(range("manifest.version", "{'gte': '2018-08-01T000000.000000Z'}")).isTrue();
    assertThat(range("manifest.version", "{'gt': '2018-08-01T223408.596553Z'}")).isFalse();
    assertThat(range("manifest.version", "{'lte': '2018-08-01T223408.596553Z'}")).isTrue();
    assertThat(range("manifest.files.version", "{'gt': '2018-08-01T223413'}")).isTrue();
    assertThat(range("manifest.files.version", "{'lt': '2018-08-01t223413'}")).isFalse();
  }

  @Test
  void rangeOnKeywordsIsLowerCasedLexicographic() {
    assertThat(range(S + "name", "{'gte': 'SAMPLE', 'lt': 'SAMPLF'}")).isTrue();
    assertThat(range(S + "name", "{'gt': 'sample two'}")).isFalse();
  }

  @Test
  void rangeOnADateWithAWordIsRejected() {
    assertThatThrownBy(() -> range(S + "collected", "{'gte': 'yesterday'}"))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContaining("'yesterday' is not a date");
  }

  @Test
  void rangeWithoutBoundsIsRejected() {
    assertThatThrownBy(() -> range(S + "count", "{}"))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContaining("'range'")
        .hasMessageContaining("no bounds");
    assertThatThrownBy(() -> range(S + "count", "{'gte': null, 'boost': 2}"))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContaining("no bounds");
  }

  @Test
  void dateDetectionFollowsTheMappingFormats() {
    assertThat(EsDates.detect("2018-07-22")).isNotNull();
    assertThat(EsDates.detect("2018-07-22 10:11:12")).isNotNull();
    assertThat(EsDates.detect("2018-07-22T23:38:35.863Z")).isNotNull();
    assertThat(EsDates.detect("2018-08-01T223408.596553Z")).isNull();
    assertThat(EsDates.detect("2018-02-30")).isNull();
    assertThat(EsDates.detect("2018")).isNull();
  }
}
