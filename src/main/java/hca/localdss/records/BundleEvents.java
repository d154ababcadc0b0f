package hca.localdss.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.store.Replica;
import java.util.List;

/** What happens after bundles change: indexing and subscription notifications listen here. */
public interface BundleEvents {

  /** A bundle version was stored (in {@code replica} and mirrored to the other). */
  void stored(Replica replica, String uuid, String version, ObjectNode manifest);

  /**
   * Bundle versions were tombstoned.
   *
   * @param versions the versions the tombstone hides
   */
  void tombstoned(Replica replica, String uuid, List<String> versions, ObjectNode tombstone);

  BundleEvents NONE =
      new BundleEvents() {
        @Override
        public void stored(Replica r, String uuid, String version, ObjectNode manifest) {}

        @Override
        public void tombstoned(Replica r, String uuid, List<String> versions, ObjectNode t) {}
      };
}
