package hca.pipeline;

import hca.dss.BundleFileRef;
import hca.dss.DssClient;
import hca.transfer.UploadPlan;
import java.util.List;
import java.util.Locale;

/**
 * The last step of the {@code upload} flow: PUT /bundles with every file at the shared version,
 * {@code .json} files marked indexed unless the request says otherwise.
 */
public final class BundleRegistrar {

  private final DssClient dss;
  private final long creatorUid;

  public BundleRegistrar(DssClient dss, long creatorUid) {
    this.dss = dss;
    this.creatorUid = creatorUid;
  }

  public void put(UploadPlan plan) {
    boolean indexJson = plan.request().jsonIndexed();
    List<BundleFileRef> refs = plan.items().stream()
        .map(i -> new BundleFileRef(i.fileUuid(), plan.version(), i.name(),
            indexJson && i.name().toLowerCase(Locale.ROOT).endsWith(".json")))
        .toList();
    dss.putBundle(plan.bundleUuid(), plan.version(), plan.request().replica(), refs, creatorUid);
  }
}
