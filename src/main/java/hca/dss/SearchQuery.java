package hca.dss;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A search's {@code es_query}, from a search body ({@code {"es_query": {...}}}) or the query
 * itself, given inline when the value starts with '{', else as the path of a file holding it. The
 * command line's {@code --query}, the pipeline's query files and the {@code hca-dss:search}
 * endpoint all read queries here.
 */
public final class SearchQuery {

  /** A search body is a few kilobytes; a bigger file is the wrong file. */
  public static final int MAX_BYTES = 16 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchQuery() {}

  /** A query that cannot be used; the message is one line naming the input and the place. */
  public static final class BadQueryException extends IllegalArgumentException {
    BadQueryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Whether the value is an inline query rather than a file's path. */
  public static boolean inline(String value) {
    return value.stripLeading().startsWith("{");
  }

  /**
   * The es_query the value holds.
   *
   * @param what names the value in messages (a flag, an endpoint's option)
   * @throws BadQueryException naming the value or the file, and what is wrong
   */
  public static JsonNode read(String value, String what) {
    if (inline(value)) {
      return parse(value.getBytes(StandardCharsets.UTF_8), what);
    }
    Path file = Path.of(value);
    if (Files.isDirectory(file)) {
      throw new BadQueryException(file + ": a folder, not a query file (" + what + ")", null);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new BadQueryException(file + ": no such file (" + what + ")", e);
    } catch (AccessDeniedException e) {
      throw new BadQueryException(file + ": permission denied (" + what + ")", e);
    } catch (IOException e) {
      String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
      throw new BadQueryException(file + ": cannot be read (" + reason + ")", e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new BadQueryException(file + ": larger than 16 MiB, which is not a query file", null);
    }
    return parse(bytes, file.toString());
  }

  private static JsonNode parse(byte[] bytes, String source) {
    JsonNode n;
    try {
      n = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new BadQueryException(source + ": invalid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BadQueryException(source + ": cannot be parsed: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new BadQueryException(source + ": not a JSON object", null);
    }
    if (n.has("es_query") && !n.get("es_query").isObject()) {
      throw new BadQueryException(source + ": es_query is not a JSON object", null);
    }
    return n.has("es_query") ? n.get("es_query") : n;
  }
}
