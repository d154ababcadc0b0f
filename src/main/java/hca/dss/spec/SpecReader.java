package hca.dss.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/** Reads spec bytes, JSON or YAML, into a Jackson tree. */
final class SpecReader {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectMapper YAML;

  static {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024);
    YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
  }

  /**
   * A {@code {{NAME}}} placeholder standing alone as a YAML value. The DSS keeps its spec as a
   * template ({@code host: {{API_DOMAIN_NAME}}}) that its server fills in before serving; unquoted,
   * YAML reads the placeholder as a nested mapping key and fails.
   */
  private static final Pattern BARE_PLACEHOLDER =
      Pattern.compile("^([ \\t]*[^#\\s][^:\\n]*:[ \\t]+)(\\{\\{[A-Za-z0-9_.-]+}})[ \\t]*$", Pattern.MULTILINE);

  private SpecReader() {}

  static JsonNode read(byte[] content, String sourceName) {
    if (content == null || content.length == 0) {
      throw new SpecException(sourceName, "empty content");
    }
    String text = new String(content, StandardCharsets.UTF_8);
    String start = text.stripLeading();
    if (start.startsWith("\uFEFF")) {
      start = start.substring(1).stripLeading();
    }
    String jsonError = null;
    if (start.startsWith("{")) {
      try {
        return JSON.readTree(content);
      } catch (IOException e) {
        // Could still be a YAML flow mapping; report the JSON error if YAML fails too.
        jsonError = "not valid JSON: " + describe(e);
      }
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(text);
    } catch (IOException e) {
      Matcher m = BARE_PLACEHOLDER.matcher(text);
      if (jsonError != null || !m.find()) {
        throw new SpecException(sourceName, jsonError != null ? jsonError : "neither JSON nor YAML: " + describe(e));
      }
      try {
        tree = YAML.readTree(m.replaceAll("$1'$2'"));
      } catch (IOException again) {
        throw new SpecException(sourceName, "neither JSON nor YAML: " + describe(again));
      }
    }
    if (tree == null || !tree.isObject()) {
      throw new SpecException(sourceName, "neither a JSON object nor a YAML mapping");
    }
    return tree;
  }

  private static String describe(IOException e) {
    if (e instanceof JacksonException je) {
      JsonLocation at = je.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      return SpecException.oneLine(je.getOriginalMessage()) + where;
    }
    return SpecException.oneLine(e.getMessage());
  }
}
