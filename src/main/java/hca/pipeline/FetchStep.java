package hca.pipeline;

import hca.transfer.DiskFullException;
import hca.transfer.FetchRequest;
import hca.transfer.FetchResult;
import hca.transfer.LinkOutOfFolderException;
import hca.transfer.ManifestRow;
import hca.transfer.RowError;
import hca.transfer.SafeNames;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch-file step: one file into the store (skipped when there), then linked into its
 * bundle's folder, and its outcome recorded. Never fails the exchange: a failure is a report row,
 * and the other files go on, except after a full disk or a folder that is a link out of the
 * download folder, which stop the run (see {@link DownloadRun#stop}).
 */
public final class FetchStep {

  private static final Logger LOG = LoggerFactory.getLogger(FetchStep.class);

  public FetchResult fetch(Exchange e) {
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    if (run.stopped()) {
      return null; // a full disk or a link out of the folder: no new file is started
    }
    Object body = e.getIn().getBody();
    if (body instanceof RowError err) {
      run.recordError(err.line(), err.fileUuid(), err.fileVersion(), err.fileName(), err.sha256(), err.message());
      return null;
    }
    FileTask task = body instanceof ManifestRow row ? task(run, row) : (FileTask) body;
    FetchRequest r = task.request();
    try {
      FetchResult result = run.fetch(r);
      if (result == null) {
        return null;
      }
      if (result.ok() && task.layoutDir() != null) {
        Path target = SafeNames.resolveInside(run.options().downloadDir().resolve(task.layoutDir()), task.name());
        run.store().link(r.sha256(), target);
      }
      run.record(task.line(), r, task.name(), result);
      return result;
    } catch (Exception ex) {
      LOG.debug("fetching {} failed", task.name(), ex);
      if (DiskFullException.is(ex)) {
        String why = ex instanceof DiskFullException ? ex.getMessage() : "no space left on device in " + run.options().downloadDir();
        run.stop(ex); // first: recording the row may meet the full disk too
        run.record(task.line(), r, task.name(), new FetchResult(FetchResult.Status.FAILED, 0, 0, why));
        return null;
      }
      LinkOutOfFolderException link = LinkOutOfFolderException.in(ex);
      if (link != null) {
        run.stop(link);
        run.recordPlacementError(task.line(), r, task.name(), link.getMessage());
        return null;
      }
      // the fetcher never throws: this is the placing of a file the progress has counted already
      run.recordPlacementError(task.line(), r, task.name(), String.valueOf(ex.getMessage()));
      return null;
    }
  }

  private static FileTask task(DownloadRun run, ManifestRow row) {
    FetchRequest r =
        new FetchRequest(row.fileUuid(), row.fileVersion(), run.options().replica(), row.sha256(), row.size(), null);
    String layout = run.options().bundleLayout() ? row.bundleUuid() + "." + row.bundleVersion() : null;
    return new FileTask(row.line(), row.fileName(), layout, r);
  }
}
