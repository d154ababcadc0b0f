package hca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library packages stay a library: config, dss and transfer import nothing from the CLI, the
 * pipeline, the Camel component, Camel itself or the local DSS, and their arrows run one way only:
 * transfer to dss to config.
 */
class LayeringTest {

  private static final Pattern IMPORT = Pattern.compile("^import (static )?([a-z][\\w.]*)\\.", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\bhca\\.(cli|pipeline|camel|localdss)\\.[A-Za-z]");

  /** What each library package may not use. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "config", List.of("hca.dss", "hca.transfer", "hca.cli", "hca.pipeline", "hca.camel", "hca.localdss",
          "org.apache.camel"),
      "dss", List.of("hca.transfer", "hca.cli", "hca.pipeline", "hca.camel", "hca.localdss", "org.apache.camel"),
      "transfer", List.of("hca.cli", "hca.pipeline", "hca.camel", "hca.localdss", "org.apache.camel"));

  @Test
  void theLibraryPackagesImportNothingAboveThemAndHaveNoCycle() throws IOException {
    List<String> offences = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : FORBIDDEN.entrySet()) {
      try (Stream<Path> files = Files.walk(Path.of("src/main/java/hca", e.getKey()))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String src = Files.readString(f);
          Matcher m = IMPORT.matcher(src);
          while (m.find()) {
            String imported = src.substring(m.start(2), src.indexOf(';', m.start(2)));
            for (String bad : e.getValue()) {
              if (imported.equals(bad) || imported.startsWith(bad + ".")) {
                offences.add(f + " imports " + imported);
              }
            }
          }
          // fully qualified names in code, not in comments
          Matcher q = QUALIFIED.matcher(src.replaceAll("(?m)^\\s*(\\*|//).*$", ""));
          while (q.find()) {
            offences.add(f + " names " + q.group());
          }
          assertThat(src).as(f.toString()).doesNotContain("ServiceLoader");
        }
      }
    }
    assertThat(offences).isEmpty();
  }
}
