package hca.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What makes a re-run of an upload with the same bundle uuid resume rather than start over: the
 * version shared by the bundle and its files, each file's uuid by name, and what an earlier run
 * staged. Kept in {@code .hca-upload-<bundle uuid>.json} beside the report, written before
 * anything is registered, so that files registered by an earlier run are registered again with
 * the same uuid and version (which the DSS answers with 200) and the bundle is finally created as
 * first planned; and after staging, so that a file staged by an earlier run, and not changed
 * since (same size and modification time), is not read and sent again.
 */
public final class UploadState {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String bundleUuid;
  private final String version;
  private final Map<String, String> fileUuids;
  private final Map<String, Staged> staged;
  private final boolean resumed;

  /**
   * A file as an earlier run staged it.
   *
   * @param size its size then
   * @param modified its modification time then
   * @param checksums its checksums
   * @param url the {@code s3://} or {@code gs://} URL of the staged object
   */
  public record Staged(long size, FileTime modified, Checksums checksums, String url) {

    /** Whether this is what was staged of {@code f} as it is listed now. */
    public boolean matches(SourceFile f) {
      return f.size() == size && f.modified().equals(modified);
    }
  }

  private UploadState(Path file, String bundleUuid, String version, Map<String, String> fileUuids,
      Map<String, Staged> staged, boolean resumed) {
    this.file = file;
    this.bundleUuid = bundleUuid;
    this.version = version;
    this.fileUuids = fileUuids;
    this.staged = staged;
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
      return new UploadState(file, bundleUuid, newVersion.get(), new TreeMap<>(), new TreeMap<>(), false);
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
      Map<String, Staged> staged = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("staged").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        staged.put(e.getKey(), staged(e.getValue()));
      }
      return new UploadState(file, bundleUuid, n.get("version").asText(), uuids, staged, true);
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new UploadSourceException(file + ": cannot be read as the upload state of bundle " + bundleUuid
          + " (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); remove it to start this bundle over", e);
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

  /** What an earlier run staged of this file, if the file has not changed since. */
  public synchronized Optional<Staged> stagedEarlier(SourceFile f) {
    Staged st = staged.get(f.name());
    return st != null && st.matches(f) ? Optional.of(st) : Optional.empty();
  }

  /** Remembers that a file was staged (written by the next {@link #save}). */
  public synchronized void staged(SourceFile f, Checksums checksums, String url) {
    staged.put(f.name(), new Staged(f.size(), f.modified(), checksums, url));
  }

  /** Forgets what was staged of a file, so that a re-run stages it again. */
  public synchronized void forgetStaged(String name) {
    staged.remove(name);
  }

  private static Staged staged(JsonNode n) {
    Checksums c = new Checksums(n.path("sha256").asText(), n.path("sha1").asText(), n.path("s3_etag").asText(),
        n.path("crc32c").asText());
    if (!c.wellFormed()) {
      throw new IllegalArgumentException("a staged file's checksums are missing or malformed");
    }
    String url = n.path("url").asText();
    if (!url.startsWith("s3://") && !url.startsWith("gs://")) {
      throw new IllegalArgumentException("a staged file's url is not s3:// or gs://");
    }
    if (!n.path("size").canConvertToLong() || n.path("size").asLong() < 0) {
      throw new IllegalArgumentException("a staged file has no size");
    }
    return new Staged(n.get("size").asLong(), FileTime.from(Instant.parse(n.path("modified").asText())), c, url);
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
    ObjectNode done = n.putObject("staged");
    staged.forEach((name, st) -> done.putObject(name)
        .put("size", st.size())
        .put("modified", st.modified().toInstant().toString())
        .put("sha256", st.checksums().sha256())
        .put("sha1", st.checksums().sha1())
        .put("s3_etag", st.checksums().s3Etag())
        .put("crc32c", st.checksums().crc32c())
        .put("url", st.url()));
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
