package hca.localdss.store;

/**
 * One DSS replica: its main bucket (blobs, file and bundle metadata, collections), its checkout
 * bucket, the catalog of its keys, how to make download URLs for it, and where its staged
 * sources come from.
 *
 * @param name "aws" or "gcp"
 * @param scheme the URL scheme of its cloud: "s3" or "gs"
 * @param sources opens any bucket of the same cloud by name (staging buckets included)
 */
public record Replica(
    String name,
    String scheme,
    ObjectStore main,
    ObjectStore checkout,
    KeyCatalog catalog,
    BlobUrls urls,
    java.util.function.Function<String, ObjectStore> sources) {

  /** The native URL of an object in this replica's main bucket. */
  public String nativeUrl(String key) {
    return scheme + "://" + main.bucket() + "/" + key;
  }
}
