package hca.localdss.store;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket of a blob store (the storage behind the local S3 and GCS endpoints), with the small
 * set of operations the local DSS and the GCS endpoint need. Writes are atomic: a reader sees the
 * old object or the whole new one.
 */
public final class ObjectStore {

  /**
   * Reserved user-metadata key under which GCS-side objects keep their CRC-32C (S3 has no place
   * for it); the GCS endpoint hides it from clients.
   */
  public static final String CRC32C_META = "x-local-crc32c";

  private final BlobStore blobs;
  private final String bucket;
  private final boolean recordCrc32c;

  /**
   * @param recordCrc32c whether to compute each written object's CRC-32C and keep it in {@link
   *     #CRC32C_META} (for the GCS side, whose API reports it)
   */
  public ObjectStore(BlobStore blobs, String bucket, boolean recordCrc32c) {
    this.blobs = blobs;
    this.bucket = bucket;
    this.recordCrc32c = recordCrc32c;
  }

  /** Creates the bucket if it does not exist. */
  public ObjectStore ensureBucket() {
    if (!blobs.containerExists(bucket)) {
      blobs.createContainer(bucket);
    }
    return this;
  }

  public String bucket() {
    return bucket;
  }

  public BlobStore blobStore() {
    return blobs;
  }

  public boolean exists(String key) {
    return head(key).isPresent();
  }

  public Optional<ObjectInfo> head(String key) {
    confine(key);
    try {
      HeadObjectResponse r =
          blobs.blobMetadataIfPresent(HeadObjectRequest.builder().bucket(bucket).key(key).build());
      if (r == null) {
        return Optional.empty();
      }
      return Optional.of(
          info(key, r.contentLength(), r.contentType(), r.eTag(), r.lastModified(), r.metadata()));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The whole content of a small object, or empty when it does not exist. */
  public Optional<byte[]> read(String key) {
    try (InputStream in = open(key, 0, -1)) {
      return Optional.of(in.readAllBytes());
    } catch (NoSuchObjectException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens an object for reading from byte {@code from} to {@code toInclusive} (-1: to the end).
   *
   * @throws NoSuchObjectException when there is no such object
   */
  public InputStream open(String key, long from, long toInclusive) {
    confine(key);
    GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(bucket).key(key);
    if (from > 0 || toInclusive >= 0) {
      b.range("bytes=" + from + "-" + (toInclusive >= 0 ? Long.toString(toInclusive) : ""));
    }
    try {
      return blobs.getBlob(b.build());
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        throw new NoSuchObjectException(bucket, key);
      }
      throw e;
    }
  }

  /** Writes a small object from memory. */
  public String write(
      String key, byte[] content, String contentType, Map<String, String> userMetadata) {
    String crc = null;
    if (recordCrc32c) {
      CRC32C c = new CRC32C();
      c.update(content);
      crc = hex8(c.getValue());
    }
    return write(
        key, new ByteArrayInputStream(content), content.length, contentType, userMetadata, crc);
  }

  /**
   * Writes an object from a stream of {@code length} bytes, replacing any object at the key, and
   * returns its ETag (the MD5 of its content, in hex).
   *
   * @param crc32c the content's CRC-32C when the caller knows it, else null; a store that records
   *     CRCs then computes it, spooling the stream through a temporary file
   */
  public String write(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> userMetadata,
      String crc32c) {
    confine(key);
    Map<String, String> meta = new LinkedHashMap<>(userMetadata);
    meta.remove(CRC32C_META);
    if (recordCrc32c && crc32c == null) {
      return spoolAndWrite(key, content, length, contentType, meta);
    }
    if (recordCrc32c) {
      meta.put(CRC32C_META, crc32c);
    }
    return stripQuotes(
        blobs
            .putBlob(
                PutObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .contentLength(length)
                    .contentType(contentType == null ? "application/octet-stream" : contentType)
                    .metadata(meta)
                    .build(),
                content)
            .eTag());
  }

  private String spoolAndWrite(
      String key, InputStream content, long length, String contentType, Map<String, String> meta) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("hca-spool-", ".tmp");
      CRC32C crc = new CRC32C();
      long n;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        n = new CrcInputStream(content, crc).transferTo(out);
      }
      if (length >= 0 && n != length) {
        throw new IllegalArgumentException(
            "expected " + length + " bytes for " + key + " but got " + n);
      }
      try (InputStream in = Files.newInputStream(tmp)) {
        return write(key, in, n, contentType, meta, hex8(crc.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /** Copies an object of this store to another key, keeping its metadata. */
  public ObjectInfo copy(String fromKey, String toKey) {
    confine(fromKey);
    confine(toKey);
    blobs.copyBlob(
        CopyObjectRequest.builder()
            .sourceBucket(bucket)
            .sourceKey(fromKey)
            .destinationBucket(bucket)
            .destinationKey(toKey)
            .build());
    return head(toKey).orElseThrow(() -> new IllegalStateException("lost object " + toKey));
  }

  /**
   * @throws KeyConfinement.IllegalKeyException when the key would leave this bucket
   */
  private void confine(String key) {
    KeyConfinement.check(blobs, bucket, key);
  }

  private static String hex8(long crc) {
    return String.format("%08x", crc);
  }

  public void delete(String key) {
    confine(key);
    blobs.removeBlob(bucket, key);
  }

  /** Keys (with their info) under a prefix, in key order, after {@code startAfter} if given. */
  public Iterator<ObjectInfo> list(String prefix, String startAfter) {
    confine(prefix);
    return new Iterator<>() {
      private List<S3Object> page = List.of();
      private int i;
      private String token;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (i >= page.size() && !done) {
          ListObjectsV2Request.Builder b =
              ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(1000);
          if (token != null) {
            b.continuationToken(token);
          } else if (startAfter != null) {
            b.startAfter(startAfter);
          }
          ListObjectsV2Response r = blobs.list(b.build());
          page = r.contents();
          i = 0;
          token = r.nextContinuationToken();
          done = !Boolean.TRUE.equals(r.isTruncated()) || token == null;
        }
        return i < page.size();
      }

      @Override
      public ObjectInfo next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        S3Object o = page.get(i++);
        return new ObjectInfo(
            o.key(),
            o.size() == null ? 0 : o.size(),
            null,
            stripQuotes(o.eTag()),
            o.lastModified(),
            new HashMap<>());
      }
    };
  }

  /**
   * Like {@link #head}, but with user-metadata keys in the case they were written in (the blob
   * store's head lower-cases them, as S3 does; GCS keeps case). Empty also when a parent "folder"
   * of the key is itself an object, which a file-system store cannot hold beside it.
   */
  public Optional<ObjectInfo> describe(String key) {
    confine(key);
    try (ResponseInputStream<GetObjectResponse> in =
        blobs.getBlob(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
      GetObjectResponse r = in.response();
      return Optional.of(
          info(key, r.contentLength(), r.contentType(), r.eTag(), r.lastModified(), r.metadata()));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (isPathConflict(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Whether a failure comes from the file system refusing a key because an object and a "folder"
   * of the same name would collide ({@code a} and {@code a/b}).
   */
  public static boolean isPathConflict(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FileSystemException) {
        return true;
      }
    }
    return false;
  }

  /** One page of a listing: objects, prefixes rolled up at a delimiter, and where to go on. */
  public record Page(List<ObjectInfo> objects, List<String> prefixes, String nextToken) {}

  /**
   * One page of at most {@code max} entries (objects and prefixes together) under {@code prefix},
   * rolling keys up to their first {@code delimiter} after the prefix when one is given.
   *
   * @param startAfter lists keys after this one (first page only; may be null)
   * @param token the {@link Page#nextToken()} of the previous page, or null
   */
  public Page listPage(String prefix, String delimiter, String startAfter, String token, int max) {
    confine(prefix == null ? "" : prefix);
    ListObjectsV2Request.Builder b =
        ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(max);
    if (delimiter != null && !delimiter.isEmpty()) {
      b.delimiter(delimiter);
    }
    if (token != null) {
      b.continuationToken(token);
    } else if (startAfter != null) {
      b.startAfter(startAfter);
    }
    ListObjectsV2Response r = blobs.list(b.build());
    List<ObjectInfo> objects = new ArrayList<>();
    for (S3Object o : r.contents()) {
      objects.add(
          new ObjectInfo(
              o.key(),
              o.size() == null ? 0 : o.size(),
              null,
              stripQuotes(o.eTag()),
              o.lastModified(),
              Map.of()));
    }
    List<String> prefixes = new ArrayList<>();
    for (CommonPrefix p : r.commonPrefixes()) {
      prefixes.add(p.prefix());
    }
    String next = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
    return new Page(objects, prefixes, next);
  }

  /**
   * Copies an object to a key of {@code target} (this store or another bucket of the same blob
   * store), giving the copy the content type and user metadata passed (null: the source's). The
   * recorded CRC-32C goes along.
   *
   * @throws NoSuchObjectException when there is no such source object
   */
  public ObjectInfo copyTo(
      ObjectStore target,
      String fromKey,
      String toKey,
      String contentType,
      Map<String, String> userMetadata) {
    target.confine(toKey);
    ObjectInfo src =
        describe(fromKey).orElseThrow(() -> new NoSuchObjectException(bucket, fromKey));
    Map<String, String> meta =
        new LinkedHashMap<>(userMetadata != null ? userMetadata : src.userMetadata());
    meta.remove(CRC32C_META);
    String crc = src.userMetadata().get(CRC32C_META);
    if (target.recordCrc32c && crc != null) {
      meta.put(CRC32C_META, crc);
    }
    String type = contentType != null ? contentType : src.contentType();
    // REPLACE, because a copy onto the same key is how metadata changes in place.
    blobs.copyBlob(
        CopyObjectRequest.builder()
            .sourceBucket(bucket)
            .sourceKey(fromKey)
            .destinationBucket(target.bucket)
            .destinationKey(toKey)
            .metadataDirective(MetadataDirective.REPLACE)
            .contentType(type == null ? "application/octet-stream" : type)
            .metadata(meta)
            .build());
    return target
        .describe(toKey)
        .orElseThrow(() -> new IllegalStateException("lost object " + toKey));
  }

  private static ObjectInfo info(
      String key, Long length, String contentType, String etag, Instant modified, Map<String, String> meta) {
    return new ObjectInfo(
        key,
        length == null ? 0 : length,
        contentType,
        stripQuotes(etag),
        modified == null ? Instant.EPOCH : modified,
        meta == null ? Map.of() : meta);
  }

  private static String stripQuotes(String etag) {
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }

  /** Thrown when an object that was to be read does not exist. */
  public static final class NoSuchObjectException extends RuntimeException {
    public NoSuchObjectException(String bucket, String key) {
      super("no object " + key + " in bucket " + bucket);
    }
  }

  private static final class CrcInputStream extends FilterInputStream {
    private final CRC32C crc;

    CrcInputStream(InputStream in, CRC32C crc) {
      super(in);
      this.crc = crc;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        crc.update(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
      }
      return n;
    }
  }
}
