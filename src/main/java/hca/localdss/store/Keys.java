package hca.localdss.store;

import java.util.regex.Pattern;

/** The key layout of a DSS replica bucket, as the real DSS wrote it. */
public final class Keys {

  private Keys() {}

  /** A storage UUID (lower case only: keys are written lower-cased). */
  public static final String UUID = "[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}";

  private static final String VERSION = "\\d{4}-\\d{2}-\\d{2}T\\d{6}\\.\\d{6}Z";

  public static final Pattern FILE = Pattern.compile("^files/(" + UUID + ")\\.(" + VERSION + ")$");
  public static final Pattern BUNDLE =
      Pattern.compile("^bundles/(" + UUID + ")\\.(" + VERSION + ")$");
  public static final Pattern BUNDLE_TOMBSTONE =
      Pattern.compile("^bundles/(" + UUID + ")(\\.(" + VERSION + "))?\\.dead$");
  public static final Pattern COLLECTION =
      Pattern.compile("^collections/(" + UUID + ")\\.(" + VERSION + ")$");
  public static final Pattern COLLECTION_TOMBSTONE =
      Pattern.compile("^collections/(" + UUID + ")\\.dead$");
  public static final Pattern BLOB =
      Pattern.compile("^blobs/[a-z0-9]{64}\\.[a-z0-9]{40}\\.[a-z0-9]{32}(-\\d+)?\\.[a-z0-9]{8}$");

  /** Whether a key belongs to the layout (anything else, e.g. a write's leftovers, is ignored). */
  public static boolean isCatalogued(String key) {
    return FILE.matcher(key).matches()
        || BUNDLE.matcher(key).matches()
        || BUNDLE_TOMBSTONE.matcher(key).matches()
        || COLLECTION.matcher(key).matches()
        || COLLECTION_TOMBSTONE.matcher(key).matches();
  }

  public static String file(String uuid, String version) {
    return "files/" + uuid + "." + version;
  }

  public static String bundle(String uuid, String version) {
    return "bundles/" + uuid + "." + version;
  }

  public static String bundleTombstone(String uuid, String versionOrNull) {
    return versionOrNull == null
        ? "bundles/" + uuid + ".dead"
        : "bundles/" + uuid + "." + versionOrNull + ".dead";
  }

  public static String collection(String uuid, String version) {
    return "collections/" + uuid + "." + version;
  }

  public static String collectionTombstone(String uuid) {
    return "collections/" + uuid + ".dead";
  }
}
