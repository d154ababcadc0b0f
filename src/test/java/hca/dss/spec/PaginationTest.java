package hca.dss.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaginationTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @Test
  void nextLinkAcceptsDoubleQuotedRelations() {
    assertThat(Pagination.nextLink(List.of(
        "<https://dss.example.org/v1/search?replica=aws&per_page=100&search_after=123>; rel=\"next\"")))
        .contains("https://dss.example.org/v1/search?replica=aws&per_page=100&search_after=123");
  }

  @Test
  void nextLinkAcceptsSingleQuotedAndBareRelations() {
    assertThat(Pagination.nextLink(List.of("<https://h/v1/bundles/u?replica=aws&start_at=500>; rel='next'")))
        .contains("https://h/v1/bundles/u?replica=aws&start_at=500");
    assertThat(Pagination.nextLink(List.of("<https://h/v1/events?token=t>;rel=next")))
        .contains("https://h/v1/events?token=t");
  }

  @Test
  void nextLinkFindsNextAmongSeveralLinksAndHeaders() {
    assertThat(Pagination.nextLink(List.of(
        "<https://h/a?p=1>; rel=\"prev\"; title=\"a, b\", <https://h/a?p=3>; rel=\"next last\"")))
        .contains("https://h/a?p=3");
    assertThat(Pagination.nextLink(List.of("<https://h/first>; rel=\"first\"", "<https://h/next>; REL='Next'")))
        .contains("https://h/next");
  }

  @Test
  void nextLinkIsEmptyOnTheLastPage() {
    assertThat(Pagination.nextLink(List.of())).isEmpty();
    assertThat(Pagination.nextLink(null)).isEmpty();
    assertThat(Pagination.nextLink(List.of("<https://h/a?p=1>; rel=\"prev\""))).isEmpty();
    assertThat(Pagination.nextLink(List.of("not a link header"))).isEmpty();
  }

  @Test
  void contentAtFollowsDottedKeys() throws IOException {
    JsonNode page = json("{\"bundle\": {\"uuid\": \"b\", \"files\": [{\"name\": \"a\"}]}, \"results\": [1]}");
    assertThat(Pagination.contentAt(page, "bundle.files")).isEqualTo(json("[{\"name\": \"a\"}]"));
    assertThat(Pagination.contentAt(page, Pagination.DEFAULT_CONTENT_KEY)).isEqualTo(json("[1]"));
    assertThat(Pagination.contentAt(page, "bundle.nope").isMissingNode()).isTrue();
  }

  @Test
  void concatenateJoinsSearchResultsKeepingTheFirstPageOtherwise() throws IOException {
    List<JsonNode> pages = List.of(
        json("{\"es_query\": {}, \"results\": [{\"bundle_fqid\": \"a\"}], \"total_hits\": 3}"),
        json("{\"es_query\": {}, \"results\": [{\"bundle_fqid\": \"b\"}, {\"bundle_fqid\": \"c\"}], \"total_hits\": 3}"),
        json("{\"es_query\": {}, \"results\": [], \"total_hits\": 3}"));

    assertThat(Pagination.concatenate(pages, "results")).isEqualTo(json(
        "{\"es_query\": {}, \"results\": [{\"bundle_fqid\": \"a\"}, {\"bundle_fqid\": \"b\"}, {\"bundle_fqid\": \"c\"}],"
            + " \"total_hits\": 3}"));
    assertThat(pages.get(0).path("results")).hasSize(1);
  }

  @Test
  void concatenateJoinsBundleFilesWithoutAddingADottedKey() throws IOException {
    List<JsonNode> pages = List.of(
        json("{\"bundle\": {\"uuid\": \"u\", \"version\": \"v\", \"files\": [{\"name\": \"1\"}, {\"name\": \"2\"}]}}"),
        json("{\"bundle\": {\"uuid\": \"u\", \"version\": \"v\", \"files\": [{\"name\": \"3\"}]}}"));

    JsonNode joined = Pagination.concatenate(pages, "bundle.files");

    assertThat(joined).isEqualTo(json(
        "{\"bundle\": {\"uuid\": \"u\", \"version\": \"v\", \"files\": [{\"name\": \"1\"}, {\"name\": \"2\"}, {\"name\": \"3\"}]}}"));
    assertThat(joined.has("bundle.files")).isFalse();
  }

  @Test
  void concatenateOfASinglePageIsThatPage() throws IOException {
    JsonNode only = json("{\"bundles\": [{\"uuid\": \"a\"}], \"has_more\": false}");
    assertThat(Pagination.concatenate(List.of(only), "bundles")).isEqualTo(only);
    assertThat(Pagination.concatenate(List.of(only), "missing")).isEqualTo(only);
  }

  @Test
  void concatenateNeedsPagesThatAreObjects() throws IOException {
    assertThatThrownBy(() -> Pagination.concatenate(List.of(), "results"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pagination.concatenate(List.of(json("{\"bundle\": 1}"), json("{\"bundle\": {\"files\": []}}")),
        "bundle.files"))
        .hasMessage("'bundle.files' does not lead to an array: bundle is not an object");
  }
}
