package hca.localdss.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * Keeps object keys inside their bucket: a key is refused when a file system would read it as
 * leaving the bucket's folder ({@code ..} or {@code .} segments, a leading {@code /}, a backslash,
 * a NUL), and, for a bucket on disk, when its file would lie outside the bucket's folder once
 * symbolic links are followed.
 */
public final class KeyConfinement {

  /** The folders of the stores kept on disk, by store (s3proxy's own stores do not tell theirs). */
  private static final Map<BlobStore, Path> ROOTS = Collections.synchronizedMap(new WeakHashMap<>());

  private KeyConfinement() {}

  /**
   * Records that {@code blobs} keeps its buckets as folders of {@code root}, so that keys are also
   * checked against the disk. (A subclass of s3proxy's file-system store would tell its folder, but
   * s3proxy picks its multipart behaviour by the store's class name, and a subclass loses the
   * metadata of multipart uploads.)
   */
  public static BlobStore onDisk(BlobStore blobs, Path root) {
    ROOTS.put(blobs, root.toAbsolutePath().normalize());
    return blobs;
  }

  /** Thrown for a key that would leave its bucket; the message names no server path. */
  public static final class IllegalKeyException extends IllegalArgumentException {
    IllegalKeyException(String bucket) {
      super("object key is not allowed in bucket " + bucket + ": it would leave the bucket");
    }
  }

  /** Whether the key's text alone keeps it inside its bucket (see the class comment). */
  public static boolean wellFormed(String key) {
    if (key == null || key.startsWith("/") || key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
      return false;
    }
    for (String seg : key.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks a key (or a listing prefix) of {@code bucket}.
   *
   * @param blobs the store the bucket lives in: on disk, the key's file is checked too
   * @throws IllegalKeyException when the key would leave the bucket
   */
  public static void check(BlobStore blobs, String bucket, String key) {
    if (!wellFormed(key)) {
      throw new IllegalKeyException(bucket);
    }
    Path root = ROOTS.get(blobs);
    if (root != null && !key.isEmpty()) {
      checkOnDisk(root.resolve(bucket), bucket, key);
    }
  }

  private static void checkOnDisk(Path bucketDir, String bucket, String key) {
    try {
      Path file = bucketDir.resolve(key).normalize();
      if (!file.startsWith(bucketDir)) {
        throw new IllegalKeyException(bucket);
      }
      if (!Files.isDirectory(bucketDir)) {
        return; // no bucket folder: the store answers "no such bucket"
      }
      // the deepest part of the key that exists decides where the rest would be written
      Path existing = file;
      while (!existing.equals(bucketDir) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (!existing.toRealPath().startsWith(bucketDir.toRealPath())) {
        throw new IllegalKeyException(bucket);
      }
    } catch (InvalidPathException | IOException e) {
      // a dangling link, or a name the file system cannot hold
      throw new IllegalKeyException(bucket);
    }
  }
}
