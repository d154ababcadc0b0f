package hca.localdss.store;

import java.util.Iterator;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The metadata keys of one replica (files, bundles, collections and their tombstones), kept in
 * memory in key order so that "latest version" lookups and enumerations do not list the bucket.
 * Loaded from the bucket at start; every write of the server adds to it. Blobs are not
 * catalogued.
 */
public final class KeyCatalog {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyCatalog.class);

  private final NavigableSet<String> keys = new ConcurrentSkipListSet<>();

  /**
   * Loads the catalogued keys of a replica's bucket, deleting what an interrupted write left
   * behind there (the blob store writes each object beside its final key first).
   */
  public static KeyCatalog load(ObjectStore store) {
    KeyCatalog c = new KeyCatalog();
    for (String prefix : new String[] {"files/", "bundles/", "collections/", "blobs/"}) {
      for (Iterator<ObjectInfo> it = store.list(prefix, null); it.hasNext(); ) {
        String key = it.next().key();
        if (Keys.isCatalogued(key)) {
          c.keys.add(key);
        } else if (!Keys.BLOB.matcher(key).matches()) {
          LOG.info("removing {} from {}: left by an interrupted write", key, store.bucket());
          store.delete(key);
        }
      }
    }
    return c;
  }

  public void add(String key) {
    keys.add(key);
  }

  public void remove(String key) {
    keys.remove(key);
  }

  public boolean contains(String key) {
    return keys.contains(key);
  }

  /** Keys starting with {@code prefix}, in order. */
  public NavigableSet<String> withPrefix(String prefix) {
    return keys.subSet(prefix, true, prefix + Character.MAX_VALUE, false);
  }

  /** Keys starting with {@code prefix} strictly after {@code after}, in order. */
  public NavigableSet<String> withPrefixAfter(String prefix, String after) {
    NavigableSet<String> all = withPrefix(prefix);
    return after == null ? all : all.tailSet(after, false);
  }

  /** The greatest key with this prefix that is accepted by {@code filter}. */
  public Optional<String> last(String prefix, java.util.function.Predicate<String> filter) {
    for (String k : withPrefix(prefix).descendingSet()) {
      if (filter.test(k)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  public int size() {
    return keys.size();
  }
}
