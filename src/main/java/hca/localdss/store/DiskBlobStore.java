package hca.localdss.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;

/**
 * s3proxy's file-system blob store (one folder per bucket, one file per object) that tells where
 * it keeps its buckets, so that {@link ObjectStore} can confine keys to their bucket's folder.
 */
public final class DiskBlobStore extends AbstractNio2BlobStore {

  public DiskBlobStore(Path root) throws IOException {
    super(Files.createDirectories(root));
  }

  /** The folder that holds one folder per bucket. */
  public Path root() {
    return getRoot();
  }
}
