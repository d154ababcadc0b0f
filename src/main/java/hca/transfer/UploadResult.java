package hca.transfer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished upload: the bundle and its files, as the original client printed them.
 *
 * @param bundleUuid the bundle's uuid
 * @param version the version of the bundle and its files
 * @param replica where they were registered
 * @param creatorUid the creator uid they carry
 * @param files the files, sorted by name
 * @param stagedOnly true when the files were only staged (nothing registered)
 * @param report the report file
 */
public record UploadResult(String bundleUuid, String version, String replica, long creatorUid,
    List<File> files, boolean stagedOnly, Path report) {

  /**
   * One file of the bundle.
   *
   * @param name its name in the bundle
   * @param uuid its uuid
   * @param version its version (the bundle's)
   * @param sourceUrl the staged object it was registered from
   */
  public record File(String name, String uuid, String version, String sourceUrl) {}

  /** The result of a plan whose files all got as far as the run went. */
  public static UploadResult of(UploadPlan plan, long creatorUid) {
    List<File> files = plan.items().stream()
        .map(i -> new File(i.name(), i.fileUuid(), plan.version(), i.sourceUrl()))
        .toList();
    return new UploadResult(plan.bundleUuid(), plan.version(), plan.request().replica(), creatorUid,
        files, plan.request().stageOnly(), plan.report());
  }

  /**
   * {@code {bundle_uuid, creator_uid, replica, version, files: [{name, uuid, version,
   * creator_uid}]}}, plus each file's {@code source_url} when only staged.
   */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("bundle_uuid", bundleUuid);
    n.put("creator_uid", creatorUid);
    n.put("replica", replica);
    n.put("version", version);
    if (stagedOnly) {
      n.put("staged_only", true);
    }
    var list = n.putArray("files");
    for (File f : files) {
      ObjectNode o = list.addObject();
      o.put("name", f.name());
      o.put("uuid", f.uuid());
      o.put("version", f.version());
      o.put("creator_uid", creatorUid);
      if (stagedOnly) {
        o.put("source_url", f.sourceUrl());
      }
    }
    return n;
  }
}
