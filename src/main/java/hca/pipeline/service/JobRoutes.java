package hca.pipeline.service;

import hca.pipeline.BundleRef;
import hca.pipeline.DownloadRun;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The pipeline's own flow on top of the download flows: {@code sync-bundle} downloads a bundle
 * version unless the ledger says this scope (a sync, a subscription) already took it, and records
 * it as taken when every file of it ended in the store.
 */
public final class JobRoutes extends RouteBuilder {

  private static final String FAILED_BEFORE = "hca.sync.failed-before";
  private static final String REF = "hca.sync.bundle";

  private final Ledger ledger;

  public JobRoutes(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void configure() {
    from("direct:sync-bundle")
        .routeId("sync-bundle")
        .filter(method(this, "isNew"))
        .to("direct:download-bundle")
        .bean(this, "taken")
        .end();
  }

  /** Whether the bundle in the body is new to the scope; remembers the run's failures so far. */
  public boolean isNew(Exchange e) throws SQLException {
    BundleRef ref = e.getIn().getBody(BundleRef.class);
    String scope = e.getProperty(Jobs.SCOPE, String.class);
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    e.setProperty(REF, ref);
    e.setProperty(FAILED_BEFORE, run.summary(null).failed());
    if (ref.version() == null || scope == null) {
      return true;
    }
    if (ledger.hasBundle(scope, ref.uuid(), ref.version())) {
      log.debug("{} {}.{} was taken before", scope, ref.uuid(), ref.version());
      return false;
    }
    return true;
  }

  /** Records the bundle as taken (or failed) in its scope. */
  public void taken(Exchange e) throws SQLException {
    BundleRef ref = e.getProperty(REF, BundleRef.class);
    String scope = e.getProperty(Jobs.SCOPE, String.class);
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    long before = e.getProperty(FAILED_BEFORE, Long.class);
    if (scope == null || ref.version() == null) {
      return;
    }
    boolean ok = run.summary(null).failed() == before;
    ledger.bundle(scope, ref.uuid(), ref.version(), e.getProperty(Jobs.JOB, String.class),
        ok ? Ledger.State.DONE : Ledger.State.FAILED);
  }
}
