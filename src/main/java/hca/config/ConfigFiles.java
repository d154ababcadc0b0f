package hca.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** Reads one config file strictly and writes one atomically. */
final class ConfigFiles {

  /** Duplicate keys and trailing garbage are mistakes in a hand-edited file, so they are errors. */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** A hand-edited settings file is small; more is a wrong file (or a device) that would fill memory. */
  static final int MAX_BYTES = 1 << 20;

  private ConfigFiles() {}

  /**
   * The object in {@code file}, or empty if there is no such file. An empty (or blank) file is an
   * empty object. Anything else that is not a JSON object, or a file that exists but cannot be
   * read, is a {@link ConfigException} naming the file.
   */
  static Optional<ObjectNode> read(Path file) {
    byte[] bytes;
    try {
      bytes = readCapped(file);
    } catch (NoSuchFileException missing) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot be read: " + reason(e), e);
    }
    return Optional.of(parse(bytes, file.toString()));
  }

  // read through a stream, not by size(): a device such as /dev/zero has no size and no end
  private static byte[] readCapped(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new ConfigException(file.toString(), "larger than 1 MiB, which is not a configuration file");
    }
    return bytes;
  }

  /** Parses the content of a config source named {@code source}. */
  static ObjectNode parse(byte[] bytes, String source) {
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return JSON.createObjectNode();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException(source, "invalid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(source, "cannot be parsed: " + reason(e), e);
    }
    if (!tree.isObject()) {
      throw new ConfigException(
          source, "the top level must be a JSON object, not " + ConfigException.show(tree));
    }
    return (ObjectNode) tree;
  }

  /**
   * Replaces {@code file} with {@code content}: written to a temporary file in the same folder,
   * flushed to disk, then renamed over the file, so a reader sees the old or the new content and
   * never a part. The folder is created if needed; a symbolic link is followed so that the link
   * survives. The file is owner-only (0600) when new or when it holds a credential; otherwise an
   * existing file keeps its permissions.
   */
  static void write(Path file, ObjectNode content) {
    try {
      Path target = followLinks(file).toAbsolutePath();
      Path dir = target.getParent();
      Files.createDirectories(dir);
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
      boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
      Path tmp =
          posix
              ? Files.createTempFile(
                  dir,
                  "." + target.getFileName(),
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(OWNER_ONLY))
              : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try {
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          out.write(ByteBuffer.wrap(bytes));
          out.write(ByteBuffer.wrap(new byte[] {'\n'}));
          out.force(true);
        }
        if (posix && !holdsCredentials(content) && Files.exists(target)) {
          Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot be written: " + reason(e), e);
    }
  }

  /** Whether a file with this content must be readable by its owner only. */
  static boolean holdsCredentials(ObjectNode content) {
    return ConfigMerge.WHOLE_VALUES.stream().anyMatch(content::has);
  }

  private static Path followLinks(Path file) throws IOException {
    Path p = file;
    // A bound guards against a link cycle; the write then fails on the last link.
    for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) {
      p = p.resolveSibling(Files.readSymbolicLink(p));
    }
    return p;
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    return reason != null ? reason : e.getClass().getSimpleName();
  }
}
