package hca.pipeline;

import hca.dss.DssApiException;
import hca.dss.DssClient;
import hca.dss.DssResponse;
import hca.dss.FileHead;
import hca.transfer.UploadItem;
import hca.transfer.UploadPlan;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;

/**
 * The beans of the {@code upload-register-file} route: PUT /files for a staged file and, when the
 * DSS answers 202 (it copies large files in the background), HEAD on the same replica until the
 * file is there, waiting longer each time, until the request's timeout.
 */
public final class FileRegistrar {

  /** Set while the DSS is still copying the file. */
  static final String PENDING = "hcaUploadPending";
  private static final String DEADLINE = "hcaUploadDeadline";
  private static final String DELAY = "hcaUploadDelay";

  static final Duration FIRST_DELAY = Duration.ofMillis(250);
  static final Duration MAX_DELAY = Duration.ofSeconds(10);
  private static final double GROWTH = 1.618;

  private final DssClient dss;
  private final long creatorUid;

  public FileRegistrar(DssClient dss, long creatorUid) {
    this.dss = dss;
    this.creatorUid = creatorUid;
  }

  /** PUT /files: 200 or 201 registers the file; 202 leaves it pending. */
  public void put(Exchange exchange) {
    UploadPlan plan = exchange.getProperty(FileStager.PLAN, UploadPlan.class);
    UploadItem item = exchange.getIn().getBody(UploadItem.class);
    exchange.setProperty(FileStager.ITEM, item);
    DssResponse r = dss.putFile(item.fileUuid(), plan.version(), item.sourceUrl(), creatorUid);
    if (r.status() == 202) {
      exchange.setProperty(PENDING, true);
      exchange.setProperty(DEADLINE, Instant.now().plus(plan.request().timeout()));
      exchange.setProperty(DELAY, FIRST_DELAY);
    } else {
      exchange.setProperty(PENDING, false);
      registered(plan, item);
    }
  }

  /**
   * The wait before the next HEAD, in milliseconds: growing by the golden ratio up to 10 s, never
   * past the deadline. Fails the file once the deadline has passed.
   */
  public long nextDelay(Exchange exchange) {
    UploadPlan plan = exchange.getProperty(FileStager.PLAN, UploadPlan.class);
    Instant deadline = exchange.getProperty(DEADLINE, Instant.class);
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new IllegalStateException("the DSS did not finish copying the file within "
          + plan.request().timeout().toSeconds() + " s (--timeout-seconds)");
    }
    Duration delay = exchange.getProperty(DELAY, Duration.class);
    Duration next = Duration.ofMillis(Math.min((long) (delay.toMillis() * GROWTH), MAX_DELAY.toMillis()));
    exchange.setProperty(DELAY, next);
    return Math.min(delay.toMillis(), left.toMillis());
  }

  /** HEAD /files on the replica the file was staged for: 200 registers it, 404 keeps waiting. */
  public void poll(Exchange exchange) {
    UploadPlan plan = exchange.getProperty(FileStager.PLAN, UploadPlan.class);
    UploadItem item = exchange.getProperty(FileStager.ITEM, UploadItem.class);
    FileHead head;
    try {
      head = dss.headFile(item.fileUuid(), plan.request().replica(), plan.version());
    } catch (DssApiException e) {
      if (e.status() == 404) {
        return;
      }
      if (e.status() == 422) {
        throw new IllegalStateException("the DSS could not copy the staged object (HTTP 422: its content did not"
            + " match its hca-dss-* checksums, or it could not be read)", e);
      }
      throw new IllegalStateException("unexpected reply while the DSS copied the file: " + e.getMessage(), e);
    }
    if (head.sha256() != null && !head.sha256().equals(item.checksums().sha256())) {
      throw new IllegalStateException("the DSS holds this file uuid and version with other content (sha256 "
          + head.sha256() + ")");
    }
    exchange.setProperty(PENDING, false);
    registered(plan, item);
  }

  private static void registered(UploadPlan plan, UploadItem item) {
    item.registered();
    plan.request().progress().advance(1, item.source().size());
  }

  /** Marks the file failed with the exception the route caught. */
  public void failed(Exchange exchange) {
    UploadItem item = exchange.getProperty(FileStager.ITEM, UploadItem.class);
    if (item == null) {
      item = exchange.getIn().getBody(UploadItem.class);
    }
    item.failed("registration", exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    exchange.getProperty(FileStager.PLAN, UploadPlan.class).request().progress().advance(1, 0);
  }
}
