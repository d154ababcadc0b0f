package hca.localdss.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.search.IndexDocuments;
import hca.localdss.search.SearchIndex;
import hca.localdss.store.Replica;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each replica's search index in step with its bundles, and passes every change on to the
 * subscription notifier. The DSS indexed each replica on its own; here both are indexed when a
 * write (mirrored to both) completes.
 */
public final class BundleIndexer implements BundleEvents {

  private static final Logger LOG = LoggerFactory.getLogger(BundleIndexer.class);

  private final Replicas replicas;
  private final Map<String, SearchIndex> indexes;
  private final BundleEvents next;

  /**
   * @param indexes the index of each replica, by replica name
   * @param next told of each change once it is indexed (the notifier)
   */
  public BundleIndexer(Replicas replicas, Map<String, SearchIndex> indexes, BundleEvents next) {
    this.replicas = replicas;
    this.indexes = indexes;
    this.next = next;
  }

  public SearchIndex index(Replica r) {
    return indexes.get(r.name());
  }

  @Override
  public void stored(Replica origin, String uuid, String version, ObjectNode manifest) {
    for (Replica r : replicas.all()) {
      index(r).put(uuid + "." + version, BundleDocuments.index(r, uuid, manifest));
    }
    next.stored(origin, uuid, version, manifest);
  }

  @Override
  public void tombstoned(Replica origin, String uuid, List<String> versions, ObjectNode tombstone) {
    String tombstoneVersion = tombstone.path("version").asText(null);
    for (Replica r : replicas.all()) {
      for (String v : versions) {
        index(r).put(uuid + "." + v, IndexDocuments.forTombstone(uuid, tombstoneVersion, tombstone));
      }
    }
    next.tombstoned(origin, uuid, versions, tombstone);
  }

  /**
   * Indexes every visible bundle of each replica that its index lacks, for a data folder whose
   * index was lost or predates the bundles.
   */
  public void catchUp(BundleRecords bundles) {
    for (Replica r : replicas.all()) {
      int added = 0;
      for (String[] b : bundles.allVisible(r)) {
        String fqid = b[0] + "." + b[1];
        if (index(r).get(fqid).isPresent()) {
          continue;
        }
        Optional<BundleRecords.Stored> s = bundles.resolve(r, b[0], b[1]);
        if (s.isPresent()) {
          index(r).put(fqid, BundleDocuments.index(r, b[0], s.get().manifest()));
          added++;
        }
      }
      if (added > 0) {
        LOG.info("indexed {} bundles of replica {} missing from its search index", added, r.name());
      }
    }
  }
}
