package hca.transfer;

import java.nio.file.Path;
import java.util.List;

/**
 * An upload ready to run: the request, the bundle's uuid and version, and one item per file.
 *
 * @param request what was asked for
 * @param bundleUuid the bundle's uuid
 * @param version the version of the bundle and of every file in it
 * @param items the files, sorted by name
 * @param report where the report goes
 * @param state the upload state (written only when files are registered, not by a staging-only run)
 */
public record UploadPlan(
    UploadRequest request, String bundleUuid, String version, List<UploadItem> items, Path report, UploadState state) {

  /** The total size of the files. */
  public long totalBytes() {
    return items.stream().mapToLong(i -> i.source().size()).sum();
  }

  /** The items still to be staged (those staged by an earlier run are not). */
  public List<UploadItem> toStage() {
    return items.stream().filter(i -> i.status() == UploadItem.Status.PENDING).toList();
  }

  /**
   * Saves in the upload state what is staged now, and forgets what failed to register (so that a
   * re-run stages it again, in case its staged object is what failed). Nothing for a staging-only
   * run, which keeps no state.
   */
  public void saveState() {
    if (request.stageOnly()) {
      return;
    }
    for (UploadItem i : items) {
      if (i.status() == UploadItem.Status.STAGED || i.status() == UploadItem.Status.REGISTERED) {
        state.staged(i.source(), i.checksums(), i.sourceUrl());
      } else if (i.status() == UploadItem.Status.FAILED) {
        state.forgetStaged(i.name());
      }
    }
    state.save();
  }

  /** The items that failed. */
  public List<UploadItem> failed() {
    return items.stream().filter(i -> i.status() == UploadItem.Status.FAILED).toList();
  }

  /** The default report path: {@code hca-upload-<bundle uuid>.tsv} beside the source folder. */
  public static Path defaultReport(Path srcDir, String bundleUuid) {
    Path parent = srcDir.toAbsolutePath().normalize().getParent();
    return (parent == null ? srcDir.toAbsolutePath() : parent).resolve("hca-upload-" + bundleUuid + ".tsv");
  }
}
