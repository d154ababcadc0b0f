package hca.cli;

import static hca.testing.DownloadFixture.sha256;
import static hca.testing.DownloadFixture.tsv;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.localdss.Seeder;
import hca.testing.LocalDssExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Set-up" walkthrough, its commands read from README.md itself: {@code ./hca
 * local-dss} is this class's local DSS, each {@code ./hca dss ...} line runs in process against it
 * (through {@code HCA_DSS_URL}, as the README says to export), and what the README says each one
 * leaves is checked.
 */
class ReadmeWalkthroughTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRATCH = "/tmp/hca-example";
  private static final Pattern JQ = Pattern.compile("\\$\\(jq (-r )?(\\S+) (\\S+)\\)");

  @TempDir Path tmp;

  static String section(String heading) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n## " + heading + "\n");
    assertThat(start).as("README has a section %s", heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The indented command lines of the section that start with {@code ./hca}. */
  static List<String> commands(String section) {
    return section.lines().filter(l -> l.startsWith("    ./hca ")).map(String::strip).toList();
  }

  /** Splits a command line as the shell would, evaluating {@code $(jq [-r] .path FILE)}. */
  static List<String> words(String line) throws Exception {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == '$' && line.startsWith("$(", i)) {
        Matcher m = JQ.matcher(line);
        assertThat(m.find(i) && m.start() == i).as("a jq substitution at %d of %s", i, line).isTrue();
        JsonNode v = JSON.readTree(Path.of(m.group(3)).toFile()).at(m.group(2).replace('.', '/'));
        w.append(v.isTextual() && m.group(1) != null ? v.textValue() : v.toPrettyString());
        i = m.end() - 1;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any || w.length() > 0) {
          words.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
      }
    }
    if (any || w.length() > 0) {
      words.add(w.toString());
    }
    return words;
  }

  @Test
  void theSetUpWalkthroughDoesWhatTheReadmeSays() throws Exception {
    String setUp = section("Set-up");
    List<String> lines = commands(setUp);
    assertThat(lines).anyMatch(l -> l.startsWith("./hca local-dss --seed example"));
    List<String> dssLines = lines.stream().filter(l -> l.startsWith("./hca dss ")).toList();
    assertThat(dssLines).hasSize(4);
    // the README's commands write into a scratch folder, never the repository
    assertThat(dssLines.stream().filter(l -> l.contains("--output") || l.contains("--download-dir")))
        .hasSize(2)
        .allMatch(l -> l.matches(".*(--output|--download-dir) " + SCRATCH + "\\b.*"));
    // on a port other than 5000 the README's export line points hca at the server
    assertThat(setUp).contains("`export HCA_DSS_URL=http://127.0.0.1:PORT/v1`");

    Path scratch = tmp.resolve("hca-example");
    CliRunner hca = new CliRunner(tmp.resolve("home"), dss.api()).env("HCA_DSS_URL", dss.api());
    Map<String, CliRunner.Result> results = new java.util.LinkedHashMap<>();
    for (String line : dssLines) {
      List<String> args = words(line).stream().skip(1).map(a -> a.replace(SCRATCH, scratch.toString())).toList();
      CliRunner.Result r = hca.run(args.toArray(String[]::new));
      assertThat(r.code()).as("%s\n%s", line, r).isZero();
      results.put(args.get(1), r);
    }

    JsonNode search = results.get("post-search").json();
    assertThat(setUp).contains("The search prints one result (`total_hits` 1)");
    assertThat(search.get("total_hits").asInt()).isEqualTo(1);
    assertThat(search.at("/results/0/bundle_fqid").asText()).startsWith(Seeder.EXAMPLE_BUNDLE_UUID + ".");

    JsonNode files = results.get("get-bundle").json().at("/bundle/files");
    assertThat(setUp).contains("the bundle lists 16 files");
    assertThat(files).hasSize(16);
    String r1Sha = null;
    for (JsonNode f : files) {
      if (f.get("name").asText().equals("R1.fastq.gz")) {
        r1Sha = f.get("sha256").asText();
      }
    }
    assertThat(sha256(Files.readAllBytes(scratch.resolve("R1.fastq.gz")))).isEqualTo(r1Sha);

    String layoutDir = Seeder.EXAMPLE_BUNDLE_UUID + "." + Seeder.EXAMPLE_BUNDLE_VERSION;
    assertThat(setUp).contains("`" + SCRATCH + "/" + layoutDir + "/`");
    assertThat(results.get("download-manifest").json().get("fetched").asInt()).isEqualTo(16);
    try (Stream<Path> s = Files.list(scratch.resolve(layoutDir))) {
      assertThat(s.map(p -> p.getFileName().toString())).hasSize(17).contains("bundle.json", "R1.fastq.gz");
    }
    JsonNode bundleJson = JSON.readTree(scratch.resolve(layoutDir).resolve("bundle.json").toFile());
    assertThat(bundleJson.get("files")).isEqualTo(files);
    // the output manifest is in the download folder, not the bundle's folder
    assertThat(setUp).contains("`bundle.json`, `manifest.report.tsv` and `manifest.tsv` (with `file_path`) beside it");
    assertThat(tsv(scratch.resolve("manifest.tsv"))).hasSize(16).allSatisfy(row -> assertThat(row).containsKey("file_path"));
    assertThat(tsv(scratch.resolve("manifest.report.tsv"))).hasSize(16);
    assertThat(scratch.resolve(layoutDir).resolve("manifest.tsv")).doesNotExist();
    assertThat(setUp).contains("`pipeline-data/downloads/example-manifest.tsv`");
  }

  @Test
  void theDefaultsOfTheConfigurationTableAreWhatConfigGetPrints() throws Exception {
    CliRunner hca = new CliRunner(tmp.resolve("home"), dss.api());
    Pattern row = Pattern.compile("^\\| `([A-Za-z_.]+)` \\| `([^`]+)` \\|", Pattern.MULTILINE);
    Matcher m = row.matcher(section("Configuration"));
    int checked = 0;
    while (m.find()) {
      CliRunner.Result r = hca.run("config", "get", m.group(1));
      assertThat(r.code()).as(m.group(1) + ": " + r).isZero();
      assertThat(r.out().strip()).as(m.group(1)).isEqualTo(m.group(2));
      assertThat(hca.run("config", "show", "--origin").out())
          .contains("default\t" + m.group(1) + "=" + m.group(2) + System.lineSeparator());
      checked++;
    }
    assertThat(checked).as("rows with a default").isEqualTo(4);
    CliRunner.Result token = hca.run("config", "get", "oauth2_token");
    assertThat(section("Configuration")).contains("says `hca: no oauth2_token is set; ...` (exit code 6)");
    assertThat(token.code()).isEqualTo(6);
    assertThat(token.stderr()).startsWith("hca: no oauth2_token is set; ");
  }

  @Test
  void theDefaultLayoutsAreTheOnesTheReadmeStates() throws Exception {
    String downloading = section("Downloading");
    assertThat(downloading).contains("`--layout none` (the command line's default)")
        .contains("`--layout bundle` (the pipeline's default, `hca.layout`)");
    assertThat(Files.readAllLines(Path.of("application.properties"))).contains("hca.layout = bundle");
    Path dir = tmp.resolve("none");
    CliRunner.Result r = new CliRunner(tmp.resolve("home"), dss.api())
        .dss("dss", "download-manifest", "--manifest", "examples/manifest.tsv", "--replica", "aws", "--download-dir", dir.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".hca", "manifest.tsv", "manifest.report.tsv");
    }
  }

  @Test
  void theBenchScriptsGiveJavaAFreshConfigFolderThroughXdgConfigHome() throws Exception {
    // Java takes the home folder from user.home, not HOME: only XDG_CONFIG_HOME moves the config
    Path fresh = tmp.resolve("fresh");
    hca.config.ConfigEnvironment byHome =
        new hca.config.ConfigEnvironment(Map.of("HOME", fresh.toString()), tmp.resolve("user.home"), tmp);
    assertThat(byHome.userConfigDir()).isEqualTo(tmp.resolve("user.home/.config/hca"));
    hca.config.ConfigEnvironment byXdg =
        new hca.config.ConfigEnvironment(Map.of("XDG_CONFIG_HOME", fresh.toString()), tmp.resolve("user.home"), tmp);
    assertThat(byXdg.userConfigDir()).isEqualTo(fresh.resolve("hca"));

    List<Path> scripts;
    try (Stream<Path> s = Files.list(Path.of("bench"))) {
      scripts = s.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
    }
    int exporting = 0;
    for (Path script : scripts) {
      for (String line : Files.readAllLines(script)) {
        if (line.startsWith("export HOME=")) {
          exporting++;
          assertThat(line).as(script.toString()).contains(" XDG_CONFIG_HOME=\"$work/");
        }
      }
    }
    assertThat(exporting).isEqualTo(3);
  }
}
