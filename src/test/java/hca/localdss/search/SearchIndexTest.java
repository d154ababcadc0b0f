package hca.localdss.search;

import static hca.localdss.search.SampleDocuments.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexTest {

  @TempDir Path dir;

  private static final EsQuery ALL = EsQuery.matchAll();

  private static ObjectNode doc(String uuid, String version, String colour) {
    return json(
        "{'manifest': {'version': '" + version + "', 'files': []}, 'state': 'new',"
            + " 'files': {'sample_json': [{'colour': '" + colour + "'}]}, 'uuid': '" + uuid + "'}");
  }

  private static String uuid(int i) {
    return String.format("%08d-0000-4000-8000-000000000000", i);
  }

  private static String version(int day) {
    return String.format("2018-08-%02dT120000.000000Z", day);
  }

  private static List<String> fqids(SearchIndex.Page page) {
    return page.hits().stream().map(SearchIndex.Hit::fqid).collect(Collectors.toList());
  }

  /** Puts n bundles, one version each, in shuffled order; returns their fqids in search order. */
  private static List<String> putBundles(SearchIndex index, int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    for (int i : order) {
      index.put(uuid(i) + "." + version(1), doc(uuid(i), version(1), i % 2 == 0 ? "red" : "blue"));
    }
    List<String> expected = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      expected.add(uuid(i) + "." + version(1));
    }
    return expected;
  }

  @Test
  void resultsAreOrderedByUuidThenVersionDescendingWithMissingVersionsLast() {
    SearchIndex index = new SearchIndex(dir);
    String a = uuid(1);
    String b = uuid(2);
    ObjectNode tombstone =
        IndexDocuments.forTombstone(
            a, null, json("{'email': 'x@example.org', 'admin_deleted': true}"));
    index.put(a + "." + version(1), doc(a, version(1), "red"));
    index.put(a + "." + version(3), tombstone);
    index.put(b + "." + version(1), doc(b, version(1), "red"));
    index.put(a + "." + version(2), doc(a, version(2), "red"));

    SearchIndex.Page page = index.search(ALL, 10, null);

    assertThat(fqids(page))
        .containsExactly(
            b + "." + version(1), a + "." + version(2), a + "." + version(1), a + "." + version(3));
    assertThat(page.totalHits()).isEqualTo(4);
    assertThat(page.nextSearchAfterOrNull()).isNull();
  }

  @Test
  void searchAfterPagesVisitEveryMatchOnceInOrder() {
    SearchIndex index = new SearchIndex(dir);
    List<String> expected = putBundles(index, 25);

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String after = null;
    do {
      SearchIndex.Page page = index.search(ALL, 10, after);
      assertThat(page.totalHits()).isEqualTo(25);
      seen.addAll(fqids(page));
      pageSizes.add(page.hits().size());
      after = page.nextSearchAfterOrNull();
    } while (after != null);

    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pageSizes).containsExactly(10, 10, 5);
  }

  @Test
  void aFullLastPageStillLeadsToAnEmptyNextPage() {
    SearchIndex index = new SearchIndex(dir);
    putBundles(index, 20);

    SearchIndex.Page first = index.search(ALL, 10, null);
    SearchIndex.Page second = index.search(ALL, 10, first.nextSearchAfterOrNull());
    SearchIndex.Page third = index.search(ALL, 10, second.nextSearchAfterOrNull());

    assertThat(second.hits()).hasSize(10);
    assertThat(second.nextSearchAfterOrNull()).isNotNull();
    assertThat(third.hits()).isEmpty();
    assertThat(third.totalHits()).isEqualTo(20);
    assertThat(third.nextSearchAfterOrNull()).isNull();
  }

  @Test
  void searchAfterIsUuidCommaVersionOfTheLastHit() {
    SearchIndex index = new SearchIndex(dir);
    putBundles(index, 3);

    SearchIndex.Page page = index.search(ALL, 2, null);

    assertThat(page.nextSearchAfterOrNull()).isEqualTo(uuid(1) + "," + version(1));
  }

  @Test
  void totalHitsCountsEveryMatchNotOnlyThePage() {
    SearchIndex index = new SearchIndex(dir);
    putBundles(index, 25);
    EsQuery red =
        EsQuery.compile(json("{'query': {'match': {'files.sample_json.colour': 'RED'}}}"));

    SearchIndex.Page page = index.search(red, 5, null);

    assertThat(page.totalHits()).isEqualTo(13);
    assertThat(page.hits()).hasSize(5);
    assertThat(page.hits())
        .allSatisfy(
            h -> assertThat(h.doc().at("/files/sample_json/0/colour").asText()).isEqualTo("red"));
  }

  @Test
  void documentsWithoutVersionSharingAUuidArePagedWithoutDuplicates() {
    SearchIndex index = new SearchIndex(dir);
    String a = uuid(1);
    for (int day = 1; day <= 3; day++) {
      index.put(
          a + "." + version(day),
          IndexDocuments.forTombstone(a, null, json("{'email': 'x@example.org'}")));
    }

    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      SearchIndex.Page page = index.search(ALL, 1, after);
      seen.addAll(fqids(page));
      after = page.nextSearchAfterOrNull();
      pages++;
    } while (after != null);

    assertThat(seen)
        .containsExactlyInAnyOrder(
            a + "." + version(1), a + "." + version(2), a + "." + version(3));
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void searchAfterADocumentRemovedMeanwhileContinuesFromItsPlace() {
    SearchIndex index = new SearchIndex(dir);
    List<String> expected = putBundles(index, 5);
    String after = index.search(ALL, 2, null).nextSearchAfterOrNull();

    index.remove(expected.get(1));

    assertThat(fqids(index.search(ALL, 10, after)))
        .containsExactlyElementsOf(expected.subList(2, 5));
  }

  @Test
  void putReplacesTheDocumentWithTheSameFqid() {
    SearchIndex index = new SearchIndex(dir);
    String fqid = uuid(1) + "." + version(1);
    index.put(fqid, doc(uuid(1), version(1), "red"));

    index.put(fqid, doc(uuid(1), version(1), "blue"));

    assertThat(index.size()).isEqualTo(1);
    assertThat(index.get(fqid).orElseThrow().at("/files/sample_json/0/colour").asText())
        .isEqualTo("blue");
  }

  @Test
  void removeDeletesTheDocumentFromMemoryAndDisk() {
    SearchIndex index = new SearchIndex(dir);
    List<String> fqids = putBundles(index, 3);

    assertThat(index.remove(fqids.get(0))).isTrue();
    assertThat(index.remove(fqids.get(0))).isFalse();

    assertThat(index.get(fqids.get(0))).isEmpty();
    assertThat(fqids(index.search(ALL, 10, null))).containsExactlyElementsOf(fqids.subList(1, 3));
    assertThat(new SearchIndex(dir).get(fqids.get(0))).isEmpty();
  }

  @Test
  void documentsSurviveReopeningTheIndex() {
    SearchIndex index = new SearchIndex(dir);
    List<String> fqids = putBundles(index, 12);
    ObjectNode stored = index.get(fqids.get(3)).orElseThrow();

    SearchIndex reopened = new SearchIndex(dir);

    assertThat(reopened.size()).isEqualTo(12);
    assertThat(fqids(reopened.search(ALL, 100, null))).containsExactlyElementsOf(fqids);
    assertThat(reopened.get(fqids.get(3))).contains(stored);
  }

  @Test
  void anyIdIsStoredUnderASafeFileName() throws Exception {
    SearchIndex index = new SearchIndex(dir);
    index.put("../odd id/\u00e9", doc(uuid(1), version(1), "red"));

    SearchIndex reopened = new SearchIndex(dir);

    assertThat(reopened.get("../odd id/\u00e9")).isPresent();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void aCorruptDocumentFileFailsTheLoadRatherThanLosingTheDocument() throws Exception {
    Files.writeString(dir.resolve("broken.json"), "{\"uuid\": ");

    assertThatThrownBy(() -> new SearchIndex(dir))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("broken.json");
  }

  @Test
  void strayTemporaryFilesAreDeletedOnLoad() throws Exception {
    SearchIndex index = new SearchIndex(dir);
    putBundles(index, 2);
    Path stray = dir.resolve("half-written.json.1234.tmp");
    Files.writeString(stray, "{\"uuid\": ");

    SearchIndex reopened = new SearchIndex(dir);

    assertThat(reopened.size()).isEqualTo(2);
    assertThat(stray).doesNotExist();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".json"));
    }
  }

  @Test
  void documentsHandedOutAreCopies() {
    SearchIndex index = new SearchIndex(dir);
    List<String> fqids = putBundles(index, 1);

    index.get(fqids.get(0)).orElseThrow().put("uuid", "changed");
    index.search(ALL, 10, null).hits().get(0).doc().put("uuid", "changed");

    assertThat(index.get(fqids.get(0)).orElseThrow().get("uuid").asText()).isEqualTo(uuid(0));
  }

  @Test
  void largeIndexesGiveTheSameResultsWhenMatchedInParallel() {
    SearchIndex index = new SearchIndex(dir);
    List<String> expected = putBundles(index, 2100);
    EsQuery blue =
        EsQuery.compile(json("{'query': {'term': {'files.sample_json.colour': 'blue'}}}"));

    SearchIndex.Page page = index.search(blue, 500, null);

    assertThat(page.totalHits()).isEqualTo(1050);
    assertThat(fqids(page))
        .containsExactlyElementsOf(
            expected.stream().filter(f -> Integer.parseInt(f.substring(0, 8)) % 2 == 1)
                .limit(500).collect(Collectors.toList()));
  }

  @Test
  void queriesElasticsearchWouldRejectFailTheSearch() {
    SearchIndex index = new SearchIndex(dir);
    putBundles(index, 3);
    index.put("n.1", json("{'uuid': 'n', 'files': {'sample_json': [{'count': 12}]}}"));
    EsQuery prefixOnNumber =
        EsQuery.compile(json("{'query': {'prefix': {'files.sample_json.count': '1'}}}"));

    assertThatThrownBy(() -> index.search(prefixOnNumber, 10, null))
        .isInstanceOf(UnsupportedQueryException.class)
        .hasMessageContaining("'prefix'");
  }

  @Test
  void malformedSearchAfterIsRejected() {
    SearchIndex index = new SearchIndex(dir);

    assertThatThrownBy(() -> index.search(ALL, 10, "no-comma"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("search_after");
  }

  @Test
  void concurrentWritersAndSearchersSeeConsistentPages() throws Exception {
    SearchIndex index = new SearchIndex(dir);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int base = t * 100;
        work.add(
            pool.submit(
                () -> {
                  for (int i = base; i < base + 100; i++) {
                    index.put(uuid(i) + "." + version(1), doc(uuid(i), version(1), "red"));
                  }
                }));
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    SearchIndex.Page page = index.search(ALL, 500, null);
                    assertThat(page.hits()).hasSize((int) page.totalHits());
                  }
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(index.search(ALL, 500, null).totalHits()).isEqualTo(200);
  }
}
