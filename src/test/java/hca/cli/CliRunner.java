package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.config.ConfigEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs {@code hca} in this JVM with its own home folder and environment, capturing its output. */
final class CliRunner {

  /** The outcome of one run. */
  record Result(int code, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return new ObjectMapper().readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + out() + "\nstderr: " + stderr, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout: " + out() + "\nstderr: " + stderr;
    }
  }

  static JsonNode json(byte[] b) {
    try {
      return new ObjectMapper().readTree(b);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Keeps everything written and hands each completed line to a consumer. */
  private static final class LineWatchingStream extends ByteArrayOutputStream {
    private final Consumer<String> lines;
    private int lineStart;

    LineWatchingStream(Consumer<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
      super.write(b);
      emitLines();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, len);
      emitLines();
    }

    private void emitLines() {
      for (int i = lineStart; i < count; i++) {
        if (buf[i] == '\n') {
          lines.accept(new String(buf, lineStart, i - lineStart, StandardCharsets.UTF_8));
          lineStart = i + 1;
        }
      }
    }
  }

  private final Path home;
  private final Map<String, String> env = new HashMap<>();
  private final String apiUrl;

  CliRunner(Path home, String apiUrl) throws IOException {
    this.home = Files.createDirectories(home);
    this.apiUrl = apiUrl;
  }

  CliRunner env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  Path home() {
    return home;
  }

  ConfigEnvironment environment() {
    return new ConfigEnvironment(env, home, home.resolve("etc"));
  }

  /** Runs {@code hca --dss-url <local DSS> args...}. */
  Result dss(String... args) {
    List<String> all = new ArrayList<>(List.of("--dss-url", apiUrl));
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }

  /**
   * Runs {@code hca --dss-url <local DSS> args...} in a child JVM with these JVM options, as a
   * user would (its stderr is the process's own, so that anything a library logs shows).
   */
  Result child(List<String> jvm, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Duser.home=" + home));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "hca.cli.Hca", "--dss-url", apiUrl));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(home, "child", ".out");
    Path err = Files.createTempFile(home, "child", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("hca did not end within 10 minutes: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
  }

  /** Runs {@code hca args...}. */
  Result run(String... args) {
    return run(line -> {}, args);
  }

  /**
   * Runs {@code hca --dss-url <local DSS> args...}, handing each line of stderr to {@code stderrLines}
   * as it is written (for a command that prints something to act on and then waits).
   */
  Result dssWatchingStderr(Consumer<String> stderrLines, String... args) {
    List<String> all = new ArrayList<>(List.of("--dss-url", apiUrl));
    all.addAll(List.of(args));
    return run(stderrLines, all.toArray(String[]::new));
  }

  private Result run(Consumer<String> stderrLines, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new LineWatchingStream(stderrLines);
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Hca.run(environment(), o, e, args);
    }
    return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}
