package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Index documents on disk, one JSON file per document named after its (URL-encoded) id. Writes
 * go to a temporary file renamed over the old one, so a crash leaves either version and at worst
 * a stray temporary file, which loading removes.
 */
final class DocumentFiles {

  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path directory;
  private final ObjectMapper mapper;

  DocumentFiles(Path directory, ObjectMapper mapper) {
    this.directory = directory;
    this.mapper = mapper;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every stored document by id; deletes leftover temporary files. */
  Map<String, ObjectNode> loadAll() {
    List<Path> stored = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(file);
        } else if (name.endsWith(SUFFIX) && Files.isRegularFile(file)) {
          stored.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the search index from " + directory, e);
    }
    // Parsing dominates start-up with many documents; spread it over the cores.
    return stored.parallelStream()
        .collect(Collectors.toConcurrentMap(f -> idOf(f.getFileName().toString()), this::read));
  }

  private ObjectNode read(Path file) {
    try {
      JsonNode doc = mapper.readTree(file.toFile());
      if (!(doc instanceof ObjectNode)) {
        throw new IOException("not a JSON object: " + file);
      }
      return (ObjectNode) doc;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the search index document " + file, e);
    }
  }

  void write(String id, ObjectNode doc) {
    Path target = directory.resolve(fileName(id));
    Path temp = directory.resolve(fileName(id) + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      Files.write(temp, mapper.writeValueAsBytes(doc));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot store index document " + id, e);
    }
  }

  void delete(String id) {
    try {
      Files.deleteIfExists(directory.resolve(fileName(id)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete index document " + id, e);
    }
  }

  // URL encoding keeps ids such as <uuid>.<version> readable and any other id a safe file name.
  private static String fileName(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8) + SUFFIX;
  }

  private static String idOf(String fileName) {
    return URLDecoder.decode(
        fileName.substring(0, fileName.length() - SUFFIX.length()), StandardCharsets.UTF_8);
  }
}
