package hca.transfer;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks, before anything is read or registered, that the staging bucket exists and takes writes:
 * by writing a zero-byte object under the upload's prefix and deleting it again.
 */
public final class StagingBucketCheck {

  private static final String PROBE = ".hca-write-check";

  private StagingBucketCheck() {}

  /** Checks an S3 bucket; {@code prefix} is the upload's key prefix (the bundle uuid). */
  public static void s3(S3Client s3, String where, String bucket, String prefix) {
    String key = prefix + "/" + PROBE;
    try {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.empty());
    } catch (NoSuchBucketException e) {
      throw missing(bucket, where, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw missing(bucket, where, e);
      }
      throw new StagingException("staging bucket " + bucket + " on " + where + " cannot be written: "
          + e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")", e);
    } catch (SdkClientException e) {
      throw new StagingException("staging endpoint " + where + " cannot be reached: " + oneLine(e.getMessage()), e);
    }
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (RuntimeException ignored) {
      // a bucket may take writes but not deletes; the probe is harmless
    }
  }

  /** Checks a Google Cloud Storage bucket. */
  public static void gcs(Storage gcs, String where, String bucket, String prefix) {
    BlobId id = BlobId.of(bucket, prefix + "/" + PROBE);
    try {
      gcs.create(BlobInfo.newBuilder(id).build(), new byte[0]);
    } catch (StorageException e) {
      if (e.getCode() == 404) {
        throw missing(bucket, where, e);
      }
      if (e.getCode() == 0) {
        throw new StagingException("staging endpoint " + where + " cannot be reached: " + oneLine(e.getMessage()), e);
      }
      throw new StagingException("staging bucket " + bucket + " on " + where + " cannot be written: "
          + oneLine(e.getMessage()) + " (HTTP " + e.getCode() + ")", e);
    }
    try {
      gcs.delete(id);
    } catch (RuntimeException ignored) {
      // as for S3
    }
  }

  private static StagingException missing(String bucket, String where, Exception e) {
    return new StagingException("staging bucket " + bucket + " does not exist on " + where, e);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").strip();
  }
}
