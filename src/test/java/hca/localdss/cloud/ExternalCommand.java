package hca.localdss.cloud;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command-line client (rclone, gcloud) to completion and keeps what it printed. */
record ExternalCommand(int exitCode, String output) {

  /** Whether an executable of this name is on the PATH. */
  static boolean onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code command} with extra environment variables (a null value removes one), merging
   * stderr into the output; fails after {@code timeoutSeconds}.
   */
  static ExternalCommand run(List<String> command, Map<String, String> env, Path workDir,
      long timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.directory(workDir.toFile());
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Path log = Files.createTempFile(workDir, "command-", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out after " + timeoutSeconds + " s: " + command + "\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new ExternalCommand(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
