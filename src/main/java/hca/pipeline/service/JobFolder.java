package hca.pipeline.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A new job's folder under {@code <home>/jobs/}: made with its input in it, or not left at all. */
final class JobFolder {

  private static final Logger LOG = LoggerFactory.getLogger(JobFolder.class);

  /** How a new job's input is written into its folder. */
  interface InputWriter {
    void write(Path target) throws IOException;
  }

  private JobFolder() {}

  /** Makes {@code dir} (new) and writes the input {@code name} in it; when that fails, removes it again. */
  static Path create(Path dir, String name, InputWriter writer) throws IOException {
    Files.createDirectories(dir.getParent());
    Files.createDirectory(dir);
    try {
      Path input = dir.resolve(name);
      writer.write(input);
      return input;
    } catch (IOException | RuntimeException e) {
      remove(dir);
      throw e;
    }
  }

  /** Removes a job folder a failed creation left (best effort: the failure itself is what is reported). */
  static void remove(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }
}
