package hca.pipeline;

import hca.dss.DssVersion;
import hca.transfer.SourceFile;
import hca.transfer.StagingBucketCheck;
import hca.transfer.StagingClients;
import hca.transfer.UploadItem;
import hca.transfer.UploadPlan;
import hca.transfer.UploadRequest;
import hca.transfer.UploadSource;
import hca.transfer.UploadState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The first step of the {@code upload} flow: lists the source folder, checks that the staging
 * bucket takes writes, and fixes the bundle's uuid, version and file uuids (from the upload state
 * of an earlier run of the same bundle, if there is one), saving them before anything is staged.
 */
public final class UploadPlanner {

  private final StagingClients clients;

  public UploadPlanner(StagingClients clients) {
    this.clients = clients;
  }

  /** The plan for a request; nothing is staged or registered yet. */
  public UploadPlan plan(UploadRequest request) {
    List<SourceFile> files = UploadSource.list(request.srcDir());
    String bundleUuid = request.bundleUuid() != null ? request.bundleUuid() : UUID.randomUUID().toString();
    Path report = request.report() != null
        ? request.report().toAbsolutePath()
        : UploadPlan.defaultReport(request.srcDir(), bundleUuid);
    UploadState state = UploadState.open(UploadState.fileFor(report.getParent(), bundleUuid), bundleUuid, DssVersion::now);
    if (request.replica().equals("gcp")) {
      StagingBucketCheck.gcs(clients.gcs(), clients.gcsLocation(), request.stagingBucket(), bundleUuid);
    } else {
      StagingBucketCheck.s3(clients.s3(), clients.s3Location(), request.stagingBucket(), bundleUuid);
    }
    List<UploadItem> items = new ArrayList<>(files.size());
    for (SourceFile f : files) {
      String uuid = state.fileUuid(f.name());
      UploadItem item = new UploadItem(f, uuid, bundleUuid + "/" + uuid + "/" + f.name());
      Optional<UploadState.Staged> earlier = request.stageOnly() ? Optional.empty() : state.stagedEarlier(f);
      if (earlier.isPresent() && earlier.get().url().equals(request.stagedUrl(item.key()))) {
        item.checksums(earlier.get().checksums());
        item.staged(earlier.get().url());
      }
      items.add(item);
    }
    if (!request.stageOnly()) {
      state.save();
    }
    UploadPlan plan = new UploadPlan(request, bundleUuid, state.version(), List.copyOf(items), report, state);
    request.progress().phase("staging", items.size(), plan.totalBytes());
    for (UploadItem i : items) {
      if (i.status() == UploadItem.Status.STAGED) {
        request.progress().advance(1, i.source().size()); // staged by an earlier run
      }
    }
    return plan;
  }
}
