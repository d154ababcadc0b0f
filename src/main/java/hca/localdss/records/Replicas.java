package hca.localdss.records;

import hca.localdss.api.DssException;
import hca.localdss.store.KeyLocks;
import hca.localdss.store.ObjectInfo;
import hca.localdss.store.ObjectStore;
import hca.localdss.store.Replica;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two replicas and the writes that keep them alike: every metadata object and blob written
 * to one replica is written to the other before the request completes, standing in for the real
 * DSS's asynchronous sync daemon.
 */
public final class Replicas {

  private final Replica aws;
  private final Replica gcp;
  private final KeyLocks locks = new KeyLocks();

  public Replicas(Replica aws, Replica gcp) {
    this.aws = aws;
    this.gcp = gcp;
  }

  /** The replica of that name; 400 when there is none. */
  public Replica get(String name) {
    return switch (name) {
      case "aws" -> aws;
      case "gcp" -> gcp;
      default -> throw DssException.illegalArguments("Unknown replica '" + name + "'");
    };
  }

  /** The replica whose cloud uses this URL scheme, if any. */
  public Optional<Replica> forScheme(String scheme) {
    return all().stream().filter(r -> r.scheme().equals(scheme)).findFirst();
  }

  public Replica other(Replica r) {
    return r == aws ? gcp : aws;
  }

  public List<Replica> all() {
    return List.of(aws, gcp);
  }

  public KeyLocks locks() {
    return locks;
  }

  /** Writes a JSON metadata object to {@code origin} and its twin. */
  public void writeMirrored(Replica origin, String key, byte[] json) {
    for (Replica r : List.of(origin, other(origin))) {
      r.main().write(key, json, "application/json", Map.of());
      r.catalog().add(key);
    }
  }

  /** Reads a catalogued metadata object of a replica. */
  public Optional<byte[]> read(Replica r, String key) {
    if (!r.catalog().contains(key)) {
      return Optional.empty();
    }
    return r.main().read(key);
  }

  /** Copies a blob that {@code origin} holds to the other replica, unless it is there already. */
  public void mirrorBlob(Replica origin, String blobKey) {
    Replica twin = other(origin);
    Optional<ObjectInfo> src = origin.main().head(blobKey);
    if (src.isEmpty()) {
      return;
    }
    Optional<ObjectInfo> have = twin.main().head(blobKey);
    if (have.isPresent() && have.get().size() == src.get().size()) {
      return;
    }
    String crc = blobKey.substring(blobKey.lastIndexOf('.') + 1);
    try (InputStream in = origin.main().open(blobKey, 0, -1)) {
      twin.main().write(blobKey, in, src.get().size(), src.get().contentType(), Map.of(), crc);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The store behind an {@code s3://} or {@code gs://} bucket name. */
  public ObjectStore source(String scheme, String bucket) {
    Replica r =
        forScheme(scheme)
            .orElseThrow(
                () ->
                    new DssException(
                        400, "unknown_source_schema", "Unknown source URL scheme '" + scheme + "'"));
    return r.sources().apply(bucket);
  }
}
