package hca.pipeline;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import hca.transfer.Checksummer;
import hca.transfer.Checksums;
import hca.transfer.S3MultipartUpload;
import hca.transfer.SourceFile;
import hca.transfer.StagingClients;
import hca.transfer.UploadItem;
import hca.transfer.UploadPlan;
import hca.transfer.UploadSourceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The beans of the {@code upload-stage-file} route: one checksum pass over a file, the headers
 * that make camel-aws2-s3 or camel-google-storage stage it with its content type and {@code
 * hca-dss-*} metadata, multipart staging, and the checks that the staged bytes are the bytes
 * that were checksummed.
 */
public final class FileStager {

  /** The exchange property holding the {@link UploadPlan}. */
  static final String PLAN = "hcaUploadPlan";
  /** The exchange property holding the {@link UploadItem} of a per-file exchange. */
  static final String ITEM = "hcaUploadItem";
  /** Set on a per-file exchange whose file went up in parts (progress was told part by part). */
  private static final String IN_PARTS = "hcaUploadInParts";

  static final String S3_KEY = "CamelAwsS3Key";
  static final String S3_CONTENT_TYPE = "CamelAwsS3ContentType";
  static final String S3_CONTENT_LENGTH = "CamelAwsS3ContentLength";
  static final String S3_CONTENT_MD5 = "CamelAwsS3ContentMD5";
  static final String S3_METADATA = "CamelAwsS3Metadata";
  static final String GCS_OBJECT = "CamelGoogleCloudStorageObjectName";
  static final String GCS_CONTENT_TYPE = "CamelGoogleCloudStorageContentType";
  static final String GCS_CONTENT_LENGTH = "CamelGoogleCloudStorageContentLength";
  static final String GCS_CONTENT_MD5 = "CamelGoogleCloudStorageContentMd5";

  /** One read buffer per staging thread: a new megabyte per small file is mostly garbage. */
  private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 20));

  private final StagingClients clients;

  public FileStager(StagingClients clients) {
    this.clients = clients;
  }

  /**
   * Computes the file's four checksums in one pass and sets the body (the file) and the headers
   * for staging it. A file whose size or modification time is not what it was when listed fails.
   */
  public void checksum(Exchange exchange) throws IOException {
    UploadItem item = exchange.getIn().getBody(UploadItem.class);
    UploadPlan plan = exchange.getProperty(PLAN, UploadPlan.class);
    exchange.setProperty(ITEM, item);
    SourceFile f = item.source();
    Checksums sums = checksums(f);
    item.checksums(sums);
    plan.request().afterChecksum().accept(f.path());

    Map<String, Object> h = exchange.getIn().getHeaders();
    h.clear();
    // The S3 ETag is the plain MD5 for single-part content; sent as Content-MD5 it makes the
    // store refuse bytes that are not the ones checksummed.
    String md5 = sums.s3Etag().contains("-") ? null : Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sums.s3Etag()));
    if (plan.request().replica().equals("gcp")) {
      h.put(GCS_OBJECT, item.key());
      h.put(GCS_CONTENT_TYPE, item.contentType());
      h.put(GCS_CONTENT_LENGTH, f.size());
      if (md5 != null) {
        h.put(GCS_CONTENT_MD5, md5);
      }
    } else {
      h.put(S3_KEY, item.key());
      h.put(S3_CONTENT_TYPE, item.contentType());
      h.put(S3_CONTENT_LENGTH, f.size());
      h.put(S3_METADATA, sums.stagingMetadata());
      if (md5 != null) {
        h.put(S3_CONTENT_MD5, md5);
      }
    }
    exchange.getIn().setBody(f.path().toFile());
  }

  private static Checksums checksums(SourceFile f) throws IOException {
    Checksummer c = new Checksummer(f.size());
    try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
      ByteBuffer buf = BUFFERS.get();
      buf.clear();
      while (ch.read(buf) >= 0) {
        buf.flip();
        c.update(buf);
        buf.clear();
      }
    }
    if (c.size() != f.size()) {
      throw f.changed();
    }
    f.requireUnchanged();
    return c.finish();
  }

  /** Whether the file goes to S3 in parts. */
  public boolean multipart(Exchange exchange) {
    UploadPlan plan = exchange.getProperty(PLAN, UploadPlan.class);
    UploadItem item = exchange.getProperty(ITEM, UploadItem.class);
    return item.source().size() > plan.request().multipartThreshold();
  }

  /**
   * Stages a large file to S3 in parts with the S3 client itself: camel-aws2-s3 4.17.0 does not
   * pass user metadata to its multipart uploads. Parts follow the DSS's part-size rule, so that
   * S3's own ETag of the object is the {@code s3_etag} computed here; when the store reports an
   * ETag of that form, it must be equal.
   */
  public void stageMultipart(Exchange exchange) {
    UploadPlan plan = exchange.getProperty(PLAN, UploadPlan.class);
    UploadItem item = exchange.getProperty(ITEM, UploadItem.class);
    SourceFile f = item.source();
    long partSize = plan.request().partSize() > 0 ? plan.request().partSize() : Checksummer.partSize(f.size());
    String etag = S3MultipartUpload.upload(clients.s3(), plan.request().stagingBucket(), item.key(),
        f.path(), f.size(), partSize, item.contentType(), item.checksums().stagingMetadata(),
        n -> plan.request().progress().advance(0, n));
    exchange.setProperty(IN_PARTS, true);
    // Comparable only when both are multipart ETags over the DSS's parts.
    boolean comparable = partSize == Checksummer.partSize(f.size()) && item.checksums().s3Etag().contains("-")
        && etag != null && etag.contains("-");
    if (comparable && !etag.equals(item.checksums().s3Etag())) {
      throw f.changed();
    }
  }

  /**
   * Sets the {@code hca-dss-*} metadata of an object staged by camel-google-storage, whose
   * producer takes only the standard headers (and stores the {@code Content-Length} header as
   * metadata, removed here).
   */
  public void setGcsMetadata(Exchange exchange) {
    UploadPlan plan = exchange.getProperty(PLAN, UploadPlan.class);
    UploadItem item = exchange.getProperty(ITEM, UploadItem.class);
    Map<String, String> meta = new HashMap<>(item.checksums().stagingMetadata());
    meta.put("Content-Length", null);
    clients.gcs().update(BlobInfo.newBuilder(BlobId.of(plan.request().stagingBucket(), item.key()))
        .setContentType(item.contentType()).setMetadata(meta).build());
  }

  /** Marks the file staged, after checking it did not change while it was read. */
  public void staged(Exchange exchange) {
    UploadPlan plan = exchange.getProperty(PLAN, UploadPlan.class);
    UploadItem item = exchange.getProperty(ITEM, UploadItem.class);
    item.source().requireUnchanged();
    item.staged(plan.request().stagedUrl(item.key()));
    boolean parts = exchange.getProperty(IN_PARTS, false, Boolean.class);
    plan.request().progress().advance(1, parts ? 0 : item.source().size());
  }

  /** Marks the file failed with the exception the route caught. */
  public void failed(Exchange exchange) {
    UploadItem item = exchange.getProperty(ITEM, UploadItem.class);
    if (item == null) {
      item = exchange.getIn().getBody(UploadItem.class);
    }
    Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    try {
      // a store refusing the bytes (Content-MD5) is most often a file that changed: say that
      item.source().requireUnchanged();
    } catch (UploadSourceException changed) {
      changed.addSuppressed(e);
      e = changed;
    }
    item.failed("staging", e);
    UploadPlan plan = exchange.getProperty(PLAN, UploadPlan.class);
    plan.request().progress().advance(1, 0);
  }
}
