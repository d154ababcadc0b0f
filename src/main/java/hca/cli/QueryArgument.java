package hca.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The value of {@code --query}: a search body ({@code {"es_query": {...}}} or the query itself),
 * given inline when it starts with {@code {}, else the path of a file holding it.
 */
final class QueryArgument {

  /** A search body is a few kilobytes; a bigger file is the wrong file. */
  static final int MAX_BYTES = 16 << 20;

  private QueryArgument() {}

  static boolean inline(String value) {
    return value.stripLeading().startsWith("{");
  }

  /** The name of the run's report: the file's name without .json, or "query" for an inline query. */
  static String name(String value) {
    if (inline(value)) {
      return "query";
    }
    Path file = Path.of(value).getFileName();
    return file == null ? "query" : file.toString().replaceFirst("\\.json$", "");
  }

  /** The Elasticsearch query the value holds. */
  static JsonNode read(String value) {
    if (inline(value)) {
      return parse(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), "--query");
    }
    Path file = Path.of(value);
    if (Files.isDirectory(file)) {
      throw new BadInputException(file + ": a folder, not a query file (--query)");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file (--query)", e);
    } catch (AccessDeniedException e) {
      throw new BadInputException(file + ": permission denied (--query)", e);
    } catch (IOException e) {
      String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
      throw new BadInputException(file + ": cannot be read (" + reason + ")", e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new BadInputException(file + ": larger than 16 MiB, which is not a query file");
    }
    return parse(bytes, file.toString());
  }

  private static JsonNode parse(byte[] bytes, String source) {
    JsonNode n;
    try {
      n = Output.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new BadInputException(source + ": invalid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BadInputException(source + ": cannot be parsed: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new BadInputException(source + ": not a JSON object");
    }
    if (n.has("es_query") && !n.get("es_query").isObject()) {
      throw new BadInputException(source + ": es_query is not a JSON object");
    }
    return n.has("es_query") ? n.get("es_query") : n;
  }
}
