package hca.localdss.store;

import java.time.Duration;

/** Makes time-limited download URLs for objects of one cloud. */
@FunctionalInterface
public interface BlobUrls {
  /**
   * @param contentDisposition the Content-Disposition the download should carry, or null
   */
  String download(String bucket, String key, Duration ttl, String contentDisposition);
}
