package hca.pipeline;

import hca.transfer.UploadFailedException;
import hca.transfer.UploadPlan;
import hca.transfer.UploadReport;
import hca.transfer.UploadResult;

/**
 * Ends the phases of the {@code upload} flow: after staging and after registration, fails the
 * run (report written, no bundle) when any file failed; at the end, writes the report and gives
 * the result.
 */
public final class UploadOutcome {

  private final long creatorUid;

  public UploadOutcome(long creatorUid) {
    this.creatorUid = creatorUid;
  }

  /**
   * After staging: remembers what was staged, for a re-run; fails the run if a file could not be
   * staged, else starts registration.
   */
  public void staged(UploadPlan plan) {
    plan.saveState();
    requireAll(plan, "staging", "registering");
  }

  /** After registration: fails the run if a file could not be registered (to be staged again). */
  public void registered(UploadPlan plan) {
    if (!plan.failed().isEmpty()) {
      plan.saveState();
    }
    requireAll(plan, "registration", null);
  }

  private static void requireAll(UploadPlan plan, String phase, String next) {
    if (!plan.failed().isEmpty()) {
      UploadReport.write(plan);
      plan.request().progress().done();
      throw new UploadFailedException(plan, phase);
    }
    if (next != null && !plan.request().stageOnly()) {
      plan.request().progress().phase(next, plan.items().size(), plan.totalBytes());
    }
  }

  public UploadResult result(UploadPlan plan) {
    UploadReport.write(plan);
    plan.request().progress().done();
    return UploadResult.of(plan, creatorUid);
  }
}
