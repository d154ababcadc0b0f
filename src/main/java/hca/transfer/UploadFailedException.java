package hca.transfer;

import java.nio.file.Path;
import java.util.List;

/**
 * Some files of an upload could not be staged or registered, so no bundle was created. The report
 * says what happened to each file; running the upload again with the same bundle uuid resumes it.
 */
public final class UploadFailedException extends RuntimeException {

  private final String bundleUuid;
  private final Path report;
  private final List<UploadItem> failed;
  private final boolean sourceProblem;

  public UploadFailedException(UploadPlan plan, String phase) {
    super(message(plan, phase));
    this.bundleUuid = plan.bundleUuid();
    this.report = plan.report();
    this.failed = plan.failed();
    this.sourceProblem = failed.stream().allMatch(i -> i.cause() instanceof UploadSourceException);
  }

  private static String message(UploadPlan plan, String phase) {
    List<UploadItem> failed = plan.failed();
    UploadItem first = failed.get(0);
    return failed.size() + " of " + plan.items().size() + " files failed in " + phase
        + " (" + first.name() + ": " + first.error() + (failed.size() > 1 ? "; ..." : "")
        + "); no bundle was created; report: " + plan.report()
        + "; to resume, run again with --bundle-uuid " + plan.bundleUuid();
  }

  public String bundleUuid() {
    return bundleUuid;
  }

  public Path report() {
    return report;
  }

  public List<UploadItem> failedItems() {
    return failed;
  }

  /** Whether every failure was the source's (a file changed or unreadable), not the services'. */
  public boolean sourceProblem() {
    return sourceProblem;
  }
}
