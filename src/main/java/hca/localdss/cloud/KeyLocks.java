package hca.localdss.cloud;

/**
 * Striped locks over bucket/object names, so that a precondition check and the write it guards
 * happen as one step; a fixed stripe count keeps memory bounded whatever the number of names.
 */
final class KeyLocks {

  private final Object[] stripes = new Object[256];

  KeyLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  Object of(String bucket, String name) {
    int h = (bucket.hashCode() * 31 + name.hashCode()) & 0x7fffffff;
    return stripes[h % stripes.length];
  }
}
