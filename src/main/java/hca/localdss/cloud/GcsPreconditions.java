package hca.localdss.cloud;

import hca.localdss.store.ObjectInfo;
import java.util.Optional;

/**
 * The generation preconditions of a request ({@code ifGenerationMatch} and friends; with the
 * {@code Source} infix for the source of a copy). {@code ifGenerationMatch=0} means "does not
 * exist yet".
 */
record GcsPreconditions(
    Long ifGenerationMatch,
    Long ifGenerationNotMatch,
    Long ifMetagenerationMatch,
    Long ifMetagenerationNotMatch) {

  static GcsPreconditions of(GcsRequest r) {
    return new GcsPreconditions(
        r.longParam("ifGenerationMatch"),
        r.longParam("ifGenerationNotMatch"),
        r.longParam("ifMetagenerationMatch"),
        r.longParam("ifMetagenerationNotMatch"));
  }

  static GcsPreconditions ofSource(GcsRequest r) {
    return new GcsPreconditions(
        r.longParam("ifSourceGenerationMatch"),
        r.longParam("ifSourceGenerationNotMatch"),
        r.longParam("ifSourceMetagenerationMatch"),
        r.longParam("ifSourceMetagenerationNotMatch"));
  }

  /** Throws 412 unless the object's current state (empty: absent) meets every precondition. */
  void check(Optional<ObjectInfo> current) {
    if (!holds(current)) {
      throw GcsException.preconditionFailed();
    }
  }

  /** Like {@link #check}, but a failed not-match on a read is 304 Not Modified, as GCS answers. */
  void checkRead(Optional<ObjectInfo> current) {
    if (ifGenerationMatch != null || ifMetagenerationMatch != null) {
      new GcsPreconditions(ifGenerationMatch, null, ifMetagenerationMatch, null).check(current);
    }
    if (!new GcsPreconditions(null, ifGenerationNotMatch, null, ifMetagenerationNotMatch)
        .holds(current)) {
      throw GcsException.notModified();
    }
  }

  private boolean holds(Optional<ObjectInfo> current) {
    long generation = current.map(GcsResources::generation).orElse(0L);
    long metageneration = current.map(GcsResources::metageneration).orElse(0L);
    if (ifGenerationMatch != null && ifGenerationMatch != generation) {
      return false;
    }
    if (ifGenerationNotMatch != null && ifGenerationNotMatch == generation) {
      return false;
    }
    if (ifMetagenerationMatch != null
        && (current.isEmpty() || ifMetagenerationMatch != metageneration)) {
      return false;
    }
    return ifMetagenerationNotMatch == null
        || (current.isPresent() && ifMetagenerationNotMatch != metageneration);
  }
}
