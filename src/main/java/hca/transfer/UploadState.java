package hca.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What makes a re-run of an upload with the same bundle uuid resume rather than start over: the
 * version shared by the bundle and its files, and each file's uuid by name. Kept in {@code
 * .hca-upload-<bundle uuid>.json} beside the report, written before anything is registered, so
 * that files registered by an earlier run are registered again with the same uuid and version
 * (which the DSS answers with 200) and the bundle is finally created as first planned.
 */
public final class UploadState {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String bundleUuid;
  private final String version;
  private final Map<String, String> fileUuids;
  private final boolean resumed;

  private UploadState(Path file, String bundleUuid, String version, Map<String, String> fileUuids, boolean resumed) {
    this.file = file;
    this.bundleUuid = bundleUuid;
    this.version = version;
    this.fileUuids = fileUuids;
    this.resumed = resumed;
  }

  /** The state file of a bundle's upload, in {@code folder}. */
  public static Path fileFor(Path folder, String bundleUuid) {
    return folder.resolve(".hca-upload-" + bundleUuid + ".json");
  }

  /**
   * The state of an earlier run of this bundle's upload if {@code file} exists, else a new one
   * with a version from {@code newVersion} (not written until {@link #save}).
   *
   * @throws UploadSourceException when the file exists but is not this bundle's state
   */
  public static UploadState open(Path file, String bundleUuid, Supplier<String> newVersion) {
    if (!Files.exists(file)) {
      return new UploadState(file, bundleUuid, newVersion.get(), new TreeMap<>(), false);
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      if (!bundleUuid.equals(n.path("bundle_uuid").asText()) || !n.path("version").isTextual()
          || !n.path("files").isObject()) {
        throw new IOException("not the upload state of bundle " + bundleUuid);
      }
      Map<String, String> uuids = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("files").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        uuids.put(e.getKey(), UUID.fromString(e.getValue().asText()).toString());
      }
      return new UploadState(file, bundleUuid, n.get("version").asText(), uuids, true);
    } catch (IOException | IllegalArgumentException e) {
      throw new UploadSourceException(file + ": cannot be read as the upload state of bundle " + bundleUuid
          + " (" + e.getMessage().lines().findFirst().orElse("") + "); remove it to start this bundle over", e);
    }
  }

  public Path file() {
    return file;
  }

  public String version() {
    return version;
  }

  /** Whether this state comes from an earlier run. */
  public boolean resumed() {
    return resumed;
  }

  /** The uuid of the file of this name: the earlier run's, or a new one. */
  public synchronized String fileUuid(String name) {
    return fileUuids.computeIfAbsent(name, n -> UUID.randomUUID().toString());
  }

  /**
   * Writes the state through a temporary file, so that a crash never leaves half of it.
   *
   * @throws UploadSourceException when the folder cannot be written
   */
  public synchronized void save() {
    ObjectNode n = JSON.createObjectNode();
    n.put("bundle_uuid", bundleUuid);
    n.put("version", version);
    ObjectNode files = n.putObject("files");
    fileUuids.forEach(files::put);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), n);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UploadSourceException(file + ": the upload state cannot be written (" + e.getMessage()
          + "); name a writable place with --report", e);
    }
  }
}
