package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * One replica's search index: documents keyed by bundle fqid ({@code <uuid>.<version>}), kept in
 * memory and persisted as one file each under a directory. Thread-safe.
 *
 * <p>Searches return documents in the order the DSS imposed on Elasticsearch: {@code uuid}
 * descending, then {@code manifest.version} descending with documents lacking it (tombstones of
 * all versions) last. Pages continue after an opaque {@code search_after} string, {@code
 * <uuid>,<version>} of the previous page's last hit as in the DSS; for a hit without {@code
 * manifest.version} it is {@code <uuid>,missing:<fqid>}, since several such documents can share
 * a uuid. A document without a {@code uuid} field sorts by the uuid part of its fqid.
 */
public final class SearchIndex {

  /** A matching document. */
  public record Hit(String fqid, ObjectNode doc) {}

  /**
   * One page of results. {@code nextSearchAfterOrNull} is set whenever the page is full, even if
   * nothing follows (the DSS then returned a next link to an empty page).
   */
  public record Page(List<Hit> hits, long totalHits, String nextSearchAfterOrNull) {}

  private static final String MISSING_VERSION = "missing:";
  /** Below this many documents splitting the work costs more than it saves. */
  private static final int PARALLEL_THRESHOLD = 2048;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final DocumentFiles files;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Entry> byFqid = new HashMap<>();
  private final TreeMap<SortKey, Entry> ordered = new TreeMap<>(SortKey.ORDER);
  // The entries in search order as an array, to match them in parallel; rebuilt after writes.
  private volatile Entry[] snapshot;

  /** Opens the index stored under {@code directory}, creating the directory if needed. */
  public SearchIndex(Path directory) {
    this.files = new DocumentFiles(directory, MAPPER);
    files.loadAll().forEach(this::insert);
  }

  /** Adds or replaces the document with this fqid. */
  public void put(String fqid, ObjectNode doc) {
    Objects.requireNonNull(fqid, "fqid");
    ObjectNode copy = doc.deepCopy();
    lock.writeLock().lock();
    try {
      files.write(fqid, copy);
      insert(fqid, copy);
      snapshot = null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the document; false if there was none. */
  public boolean remove(String fqid) {
    lock.writeLock().lock();
    try {
      Entry old = byFqid.get(fqid);
      if (old == null) {
        return false;
      }
      // Disk first: a failed delete must not leave a document that comes back on restart.
      files.delete(fqid);
      byFqid.remove(fqid);
      ordered.remove(old.key());
      snapshot = null;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** A copy of the document with this fqid. */
  public Optional<ObjectNode> get(String fqid) {
    lock.readLock().lock();
    try {
      Entry e = byFqid.get(fqid);
      return e == null ? Optional.empty() : Optional.of(e.doc().deepCopy());
    } finally {
      lock.readLock().unlock();
    }
  }

  public int size() {
    lock.readLock().lock();
    try {
      return byFqid.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The page of matching documents after {@code searchAfterOrNull}, with the total number of
   * matches.
   *
   * @throws UnsupportedQueryException when the query cannot be evaluated against a document
   * @throws IllegalArgumentException when {@code searchAfterOrNull} is not a search_after string
   */
  public Page search(EsQuery q, int perPage, String searchAfterOrNull) {
    if (perPage < 1) {
      throw new IllegalArgumentException("perPage must be positive: " + perPage);
    }
    SortKey after = searchAfterOrNull == null ? null : SortKey.parse(searchAfterOrNull);
    long now = System.currentTimeMillis();
    List<Hit> hits = new ArrayList<>(Math.min(perPage, 1024));
    SortKey last = null;
    long total = 0;
    lock.readLock().lock();
    try {
      Entry[] entries = snapshot;
      if (entries == null) {
        // Readers exclude writers, so concurrent rebuilds produce the same array.
        entries = ordered.values().toArray(new Entry[0]);
        snapshot = entries;
      }
      boolean[] matched = match(q, entries, now);
      for (int i = 0; i < entries.length; i++) {
        if (!matched[i]) {
          continue;
        }
        total++;
        Entry e = entries[i];
        if (hits.size() < perPage && (after == null || SortKey.ORDER.compare(e.key(), after) > 0)) {
          hits.add(new Hit(e.fqid(), e.doc().deepCopy()));
          last = e.key();
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    String next = hits.size() == perPage ? last.token() : null;
    return new Page(List.copyOf(hits), total, next);
  }

  /** Which entries match; every one is evaluated because the total counts them all. */
  private static boolean[] match(EsQuery q, Entry[] entries, long now) {
    boolean[] matched = new boolean[entries.length];
    IntStream range = IntStream.range(0, entries.length);
    if (entries.length >= PARALLEL_THRESHOLD) {
      range = range.parallel();
    }
    range.forEach(i -> matched[i] = q.matches(entries[i].fqid(), entries[i].doc(), now));
    return matched;
  }

  private void insert(String fqid, ObjectNode doc) {
    Entry old = byFqid.get(fqid);
    if (old != null) {
      ordered.remove(old.key());
    }
    Entry e = new Entry(fqid, doc, SortKey.of(fqid, doc));
    byFqid.put(fqid, e);
    ordered.put(e.key(), e);
  }

  private record Entry(String fqid, ObjectNode doc, SortKey key) {}

  /**
   * The DSS's sort ({@code uuid} desc, {@code manifest.version} desc, missing last) and, to keep
   * pages apart where those tie, the fqid descending. A null fqid sorts after every fqid, so a
   * {@code search_after} key without one skips all documents tied on uuid and version.
   */
  private record SortKey(String uuid, String version, String fqid) {

    static final Comparator<String> DESC_NULLS_LAST =
        Comparator.nullsLast((String a, String b) -> KeywordTerms.compare(b, a));
    static final Comparator<SortKey> ORDER =
        Comparator.comparing(SortKey::uuid, DESC_NULLS_LAST)
            .thenComparing(SortKey::version, DESC_NULLS_LAST)
            .thenComparing(SortKey::fqid, DESC_NULLS_LAST);

    static SortKey of(String fqid, JsonNode doc) {
      JsonNode uuid = doc.get("uuid");
      JsonNode version = doc.path("manifest").get("version");
      String u = scalar(uuid);
      return new SortKey(u != null ? u : uuidOf(fqid), scalar(version), fqid);
    }

    private static String scalar(JsonNode node) {
      return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static String uuidOf(String fqid) {
      int dot = fqid.indexOf('.');
      return dot < 0 ? fqid : fqid.substring(0, dot);
    }

    String token() {
      return uuid + "," + (version != null ? version : MISSING_VERSION + fqid);
    }

    static SortKey parse(String token) {
      int comma = token.indexOf(',');
      if (comma < 0) {
        throw new IllegalArgumentException("not a search_after value: " + token);
      }
      String uuid = token.substring(0, comma);
      String rest = token.substring(comma + 1);
      if (rest.startsWith(MISSING_VERSION)) {
        return new SortKey(uuid, null, rest.substring(MISSING_VERSION.length()));
      }
      return new SortKey(uuid, rest, null);
    }
  }
}
