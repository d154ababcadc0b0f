package hca.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.Seeder;
import hca.testing.LocalDssExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The library, called from a program of its own, logs nothing at INFO its caller did not ask for. */
class LibraryLoggingTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  @TempDir Path tmp;

  /**
   * The class path a program using the library gets: this one without logback, which hca declares
   * optional (its services' backend), so that slf4j-simple is the one provider.
   */
  private static String libraryUsersClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains(File.separator + "logback-"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void logbackIsOptionalSoALibraryUserGetsOneProvider() throws Exception {
    org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Path.of("pom.xml").toFile());
    javax.xml.xpath.XPath x = javax.xml.xpath.XPathFactory.newInstance().newXPath();
    String deps = "/project/dependencies/dependency";
    assertThat(x.evaluate(deps + "[artifactId='logback-classic']/optional", pom)).isEqualTo("true");
    assertThat(x.evaluate(deps + "[artifactId='s3proxy']/exclusions/exclusion[artifactId='logback-classic']/groupId", pom))
        .isEqualTo("ch.qos.logback");
    assertThat(x.evaluate(deps + "[artifactId='slf4j-simple']/optional", pom)).isEmpty();
  }

  @Test
  void aBundleAndAManifestDownloadLogNoCamelInfoLinesAndNoSlf4jWarning() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path err = tmp.resolve("stderr.txt");
    Process child =
        new ProcessBuilder(
                java.toString(), "-cp", libraryUsersClassPath(), LibraryDownloadChild.class.getName(),
                dss.api(), tmp.resolve("home").toString(), tmp.resolve("data").toString(),
                Seeder.EXAMPLE_BUNDLE_UUID, "examples/manifest.tsv")
            .redirectError(err.toFile())
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err);
    assertThat(child.exitValue()).as("stdout: %s\nstderr: %s", out, stderr).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("16 fetched, 0 already present, 0 failed");
    assertThat(lines.get(1)).startsWith("0 fetched, 16 already present, 0 failed");

    assertThat(stderr.lines()).noneMatch(l -> l.contains("INFO org.apache.camel"));
    assertThat(stderr).doesNotContain("SLF4J").doesNotContain("multiple");
    assertThat(stderr).isEmpty();
  }
}
