package hca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hca.localdss.LocalDss;
import hca.localdss.Seeder;
import hca.testing.LocalDssExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ordinary mistake, one row each: the real command against a local DSS, its documented exit
 * code, exactly one line on stderr naming what is wrong, nothing written outside the destination,
 * nothing staged, and no credential in the output.
 */
class BadInputCorpusTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  @TempDir static Path tmp;
  static CliRunner loggedIn;
  static CliRunner anonymous;
  static String storedToken;
  static String privateKeyId;
  static String closedPort;
  static com.sun.net.httpserver.HttpServer notASpec;

  /** What a case prepares in its own folder before the command runs. */
  @FunctionalInterface
  interface Setup {
    void in(Path dir) throws Exception;
  }

  /** The credentials a case runs with. */
  enum Creds { LOGGED_IN, NONE }

  /**
   * One row: the command line ({@code {dir}} is the case's folder, {@code {dest}} its destination,
   * {@code {api}} the local DSS, {@code {closed}} a URL where nothing listens), extra environment,
   * what it sets up, the exit code and a fragment of its one line on stderr.
   */
  record Case(String name, int code, String fragment, Creds creds, Map<String, String> env, Setup setup, List<String> args,
      String destHolds) {
    Case(String name, int code, String fragment, Creds creds, Map<String, String> env, Setup setup, List<String> args) {
      this(name, code, fragment, creds, env, setup, args, null);
    }

    /** The same case, whose destination may hold files named like {@code regex} (a run's report). */
    Case leaving(String regex) {
      return new Case(name, code, fragment, creds, env, setup, args, regex);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final String DSS = "--dss-url={api}";
  static final String BUNDLE = Seeder.EXAMPLE_BUNDLE_UUID;
  static final String MISSING_UUID = "00000000-0000-4000-8000-000000000000";
  static final String VERSION = "2018-08-01T223408.596553Z";
  static final String SHA = "a".repeat(64);
  static final String HEADER = "bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size\n";

  static Case c(String name, int code, String fragment, Setup setup, String... args) {
    return new Case(name, code, fragment, Creds.LOGGED_IN, Map.of(), setup, List.of(args));
  }

  static Case c(String name, int code, String fragment, String... args) {
    return c(name, code, fragment, d -> {}, args);
  }

  static Case config(String name, String fragment, Setup setup) {
    return new Case(name, ExitCodes.CONFIG, fragment, Creds.LOGGED_IN, Map.of("HCA_CONFIG_FILE", "{dir}/config.json"),
        setup, List.of("config", "show"));
  }

  static Case anonymous(String name, int code, String fragment, Map<String, String> env, Setup setup, String... args) {
    return new Case(name, code, fragment, Creds.NONE, env, setup, List.of(args));
  }

  static Setup file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  static Setup file(String name, byte[] content) {
    return d -> {
      Path p = d.resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
    };
  }

  static Setup all(Setup... setups) {
    return d -> {
      for (Setup s : setups) {
        s.in(d);
      }
    };
  }

  static Setup manifestRow(String name, String uuid, String sha, String size) {
    return file("m.tsv", HEADER + String.join("\t", BUNDLE, VERSION, name, uuid, VERSION, sha, size) + "\n");
  }

  static Setup manifestName(String name) {
    return manifestRow(name, UUID.randomUUID().toString(), SHA, "1");
  }

  static String[] manifest(String... more) {
    return with(List.of(DSS, "dss", "download-manifest", "--manifest", "{dir}/m.tsv", "--replica", "aws",
        "--download-dir", "{dest}"), more);
  }

  static String[] upload(String... more) {
    return with(List.of(DSS, "dss", "upload", "--src-dir", "{dir}/src", "--replica", "aws",
        "--staging-bucket", LocalDss.STAGING_BUCKET, "--no-progress", "--report", "{dest}/report.tsv",
        "--endpoints", "{endpoints}"), more);
  }

  /** A command line with options (name, value pairs) replaced or added. */
  static String[] with(List<String> base, String... options) {
    List<String> args = new ArrayList<>(base);
    for (int i = 0; i + 1 < options.length; i += 2) {
      int at = args.indexOf(options[i]);
      if (at >= 0) {
        args.set(at + 1, options[i + 1]);
      } else {
        args.add(options[i]);
        args.add(options[i + 1]);
      }
    }
    return args.toArray(String[]::new);
  }

  /** A manifest run's report: a bad row is reported there and the others go on (README). */
  static final String REPORT = "m\\.report\\.tsv";

  static final Setup SOURCE = file("src/a.txt", "a");

  /**
   * A regular file that cannot be opened for reading. Mode 000 stops everyone but root, who reads
   * anything; what stops root too is a write-only sysfs attribute (the kernel refuses to open it
   * for reading with EACCES), reached through a link in the folder.
   */
  static final Setup UNREADABLE = d -> {
    Files.createDirectories(d.resolve("src"));
    Files.writeString(d.resolve("src/a.txt"), "a");
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createSymbolicLink(d.resolve("src/b.bin"), writeOnlySysfsFile());
    } else {
      Path b = Files.writeString(d.resolve("src/b.bin"), "b");
      Files.setPosixFilePermissions(b, Set.of());
    }
  };

  static Path writeOnlySysfsFile() throws IOException {
    Path known = Path.of("/sys/bus/pci/rescan");
    if (Files.isRegularFile(known)) {
      return known;
    }
    try (Stream<Path> s = Files.find(Path.of("/sys/bus"), 4, (p, a) -> {
      try {
        return a.isRegularFile() && Files.getPosixFilePermissions(p).equals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
      } catch (IOException e) {
        return false;
      }
    })) {
      return s.findFirst().orElseThrow(() -> new AssertionError("no write-only sysfs file to stand for an unreadable file"));
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // the download destination and output file
        c("download dir is a file", ExitCodes.BAD_INPUT, "{dir}/plain: not a folder (--download-dir)", file("plain", "x"),
            DSS, "dss", "download", "--bundle-uuid", BUNDLE, "--replica", "aws", "--download-dir", "{dir}/plain"),
        c("manifest download dir is a file", ExitCodes.BAD_INPUT, "{dir}/plain: not a folder (--download-dir)",
            all(file("plain", "x"), manifestName("x.json")), manifest("--download-dir", "{dir}/plain")),
        c("get-file output under a file", ExitCodes.BAD_INPUT, "{dir}/plain: not a folder (--output)",
            file("plain", "x"), DSS, "dss", "get-file", "--uuid", MISSING_UUID, "--replica", "aws", "--output", "{dir}/plain/f"),
        c("download dir under a file", ExitCodes.BAD_INPUT, "{dir}/plain/sub: cannot be a folder, {dir}/plain is not one",
            file("plain", "x"), DSS, "dss", "download", "--bundle-uuid", BUNDLE, "--replica", "aws", "--download-dir", "{dir}/plain/sub"),
        c("get-file output is a folder", ExitCodes.BAD_INPUT, "{dest}: a folder (--output",
            DSS, "dss", "get-file", "--uuid", MISSING_UUID, "--replica", "aws", "--output", "{dest}"),
        // log levels
        c("unknown log level", ExitCodes.USAGE, "--log-level LOUD: not one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
            "--log-level", "LOUD", "config", "show"),
        c("empty log level", ExitCodes.USAGE, "--log-level : not one of DEBUG", "--log-level=", "config", "show"),
        config("log level in a config file", "key 'log_level'", file("config.json", "{\"log_level\": \"LOUD\"}")),
        // queries
        c("malformed inline query", ExitCodes.BAD_INPUT, "--query: invalid JSON at line 1, column",
            DSS, "dss", "download", "--query", "{\"query\": ", "--replica", "aws", "--download-dir", "{dest}"),
        c("inline query with trailing garbage", ExitCodes.BAD_INPUT, "--query: invalid JSON",
            DSS, "dss", "download", "--query", "{} []", "--replica", "aws", "--download-dir", "{dest}"),
        c("inline es_query not an object", ExitCodes.BAD_INPUT, "--query: es_query is not a JSON object",
            DSS, "dss", "download", "--query", "{\"es_query\": 5}", "--replica", "aws", "--download-dir", "{dest}"),
        c("missing query file", ExitCodes.BAD_INPUT, "{dir}/nope.json: no such file",
            DSS, "dss", "download", "--query", "{dir}/nope.json", "--replica", "aws", "--download-dir", "{dest}"),
        c("malformed query file", ExitCodes.BAD_INPUT, "{dir}/q.json: invalid JSON at line 2", file("q.json", "{\n\"query\": }"),
            DSS, "dss", "download", "--query", "{dir}/q.json", "--replica", "aws", "--download-dir", "{dest}"),
        c("query file holds a list", ExitCodes.BAD_INPUT, "{dir}/q.json: not a JSON object", file("q.json", "[1]"),
            DSS, "dss", "download", "--query", "{dir}/q.json", "--replica", "aws", "--download-dir", "{dest}"),
        c("query file is a folder", ExitCodes.BAD_INPUT, "{dest}: a folder, not a query file",
            DSS, "dss", "download", "--query", "{dest}", "--replica", "aws", "--download-dir", "{dest}"),
        c("query the server cannot run", ExitCodes.API_ERROR, "(HTTP 400)",
            DSS, "dss", "post-search", "--replica", "aws", "--es-query", "{\"query\": {\"no_such_clause\": {}}}"),
        c("search output format outside its choices", ExitCodes.USAGE, "--output-format",
            DSS, "dss", "post-search", "--replica", "aws", "--es-query", "{}", "--output-format", "xml"),
        c("DSS URL that is not a URL", ExitCodes.USAGE, "--dss-url nonsense: not an http or https URL",
            "--dss-url=nonsense", "dss", "get-bundle", "--uuid", BUNDLE, "--replica", "aws"),
        c("malformed es-query flag", ExitCodes.USAGE, "--es-query",
            DSS, "dss", "post-search", "--replica", "aws", "--es-query", "{\"query\": "),
        // configuration files
        config("two array operators", "{dir}/config.json: key 'favourite' mixes $append and $remove",
            file("config.json", "{\"favourite\": {\"$append\": 1, \"$remove\": 2}}")),
        config("an operator beside a key", "{dir}/config.json: key 'favourite' mixes $append and other",
            file("config.json", "{\"favourite\": {\"$append\": 1, \"other\": 2}}")),
        config("unknown operator", "{dir}/config.json: key 'favourite' uses unknown operator $push",
            file("config.json", "{\"favourite\": {\"$push\": 1}}")),
        config("malformed JSON", "{dir}/config.json: invalid JSON at line 1", file("config.json", "{\"a\": ")),
        config("trailing garbage", "{dir}/config.json: invalid JSON", file("config.json", "{} {}")),
        config("duplicate key", "{dir}/config.json: invalid JSON", file("config.json", "{\"a\": 1, \"a\": 2}")),
        config("top level is a list", "{dir}/config.json: the top level must be a JSON object", file("config.json", "[]")),
        config("wrong type", "{dir}/config.json: key 'creator_uid'", file("config.json", "{\"creator_uid\": \"lots\"}")),
        config("extend without a list", "key 'favourite' uses $extend, which needs a list argument",
            file("config.json", "{\"favourite\": {\"$extend\": 1}}")),
        config("insert at no position", "uses $insert with position \"x\"",
            file("config.json", "{\"favourite\": {\"$insert\": {\"x\": 1}}}")),
        config("operator over a typed key", "key 'DSSClient.swagger_url' must be a string",
            file("config.json", "{\"DSSClient\": {\"swagger_url\": {\"$append\": 1}}}")),
        config("config over 1 MiB", "{dir}/config.json: larger than 1 MiB",
            file("config.json", "{\"a\": \"" + "x".repeat(1 << 20) + "\"}")),
        new Case("config is /dev/zero", ExitCodes.CONFIG, "/dev/zero: larger than 1 MiB", Creds.LOGGED_IN,
            Map.of("HCA_CONFIG_FILE", "/dev/zero"), d -> {}, List.of("config", "show")),
        new Case("config is a folder", ExitCodes.CONFIG, "{dest}: cannot be read", Creds.LOGGED_IN,
            Map.of("HCA_CONFIG_FILE", "{dest}"), d -> {}, List.of("config", "show")),
        // upload sources
        c("unreadable file to upload", ExitCodes.BAD_INPUT, "{dir}/src/b.bin: cannot be read (permission denied)", UNREADABLE,
            upload()),
        c("control character in an upload name", ExitCodes.BAD_INPUT, "{dir}/src/a\\u000ab: the name cannot be a bundle file name",
            file("src/a\nb", "x"), upload()),
        c("control character in the upload folder", ExitCodes.BAD_INPUT, "{dir}/s\\u001brc: no such folder",
            d -> {}, upload("--src-dir", "{dir}/s\u001brc")),
        c("backslash in an upload name", ExitCodes.BAD_INPUT, "the name cannot be a bundle file name", file("src/a\\b", "x"),
            upload()),
        c("missing upload folder", ExitCodes.BAD_INPUT, "{dir}/src: no such folder", upload()),
        c("upload folder is a file", ExitCodes.BAD_INPUT, "{dir}/src: not a folder", file("src", "x"), upload()),
        c("empty upload folder", ExitCodes.BAD_INPUT, "the folder has no files to upload",
            d -> Files.createDirectories(d.resolve("src")), upload()),
        c("dangling link to upload", ExitCodes.BAD_INPUT, "{dir}/src/b: a symbolic link to nothing",
            all(SOURCE, d -> Files.createSymbolicLink(d.resolve("src/b"), d.resolve("nowhere"))), upload()),
        c("link loop to upload", ExitCodes.BAD_INPUT, "a symbolic link loop",
            all(SOURCE, d -> Files.createSymbolicLink(d.resolve("src/b"), d.resolve("src/b"))), upload()),
        c("pipe to upload", ExitCodes.BAD_INPUT, "{dir}/src/p: not a regular file",
            all(SOURCE, d -> new ProcessBuilder("mkfifo", d.resolve("src/p").toString()).start().waitFor()), upload()),
        c("missing staging bucket", ExitCodes.BAD_INPUT, "staging bucket no-such-bucket does not exist", SOURCE,
            upload("--staging-bucket", "no-such-bucket")),
        c("staging bucket with a bad name", ExitCodes.BAD_INPUT, "staging bucket", SOURCE,
            upload("--staging-bucket", "Bad_Bucket!")),
        c("upload replica azure", ExitCodes.USAGE, "replica must be aws or gcp, not azure", SOURCE,
            upload("--replica", "azure")),
        c("upload bundle uuid not a uuid", ExitCodes.USAGE, "bundle uuid must be a lower-case uuid", SOURCE,
            upload("--bundle-uuid", "nope")),
        c("upload parallel not a number", ExitCodes.USAGE, "--parallel", SOURCE, upload("--parallel", "many")),
        c("upload endpoints missing", ExitCodes.BAD_INPUT, "{dir}/endpoints.json", SOURCE,
            upload("--endpoints", "{dir}/endpoints.json")),
        anonymous("upload without credentials", ExitCodes.CREDENTIALS, "Please log in", Map.of(), SOURCE, upload()),
        // manifests
        c("empty manifest", ExitCodes.BAD_INPUT, "{dir}/m.tsv: empty file", file("m.tsv", ""), manifest()),
        c("manifest without a header", ExitCodes.BAD_INPUT, "{dir}/m.tsv: no header row (line 1 looks like data)",
            file("m.tsv", String.join("\t", BUNDLE, VERSION, "x", UUID.randomUUID().toString(), VERSION, SHA, "1") + "\n"),
            manifest()),
        c("manifest missing a column", ExitCodes.BAD_INPUT, "{dir}/m.tsv: missing column file_sha256",
            file("m.tsv", "bundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_size\n"), manifest()),
        c("manifest bad uuid", ExitCodes.PARTIAL, "bad uuid 'nope'", manifestRow("x.json", "nope", SHA, "1"), manifest()).leaving(REPORT),
        c("manifest bad sha256", ExitCodes.PARTIAL, "bad sha256 'abc'",
            manifestRow("x.json", UUID.randomUUID().toString(), "abc", "1"), manifest()).leaving(REPORT),
        c("manifest bad size", ExitCodes.PARTIAL, "negative size '-1'",
            manifestRow("x.json", UUID.randomUUID().toString(), SHA, "-1"), manifest()).leaving(REPORT),
        c("manifest not UTF-8", ExitCodes.BAD_INPUT, "{dir}/m.tsv: not UTF-8",
            file("m.tsv", concat(HEADER.getBytes(StandardCharsets.UTF_8), new byte[] {'a', (byte) 0xff, '\n'})), manifest()),
        c("manifest UTF-16", ExitCodes.BAD_INPUT, "{dir}/m.tsv: not UTF-8", file("m.tsv", HEADER.getBytes(StandardCharsets.UTF_16)),
            manifest()),
        c("manifest name climbs out", ExitCodes.PARTIAL, "unsafe file name '../x'", manifestName("../x"), manifest()).leaving(REPORT),
        c("manifest absolute name", ExitCodes.PARTIAL, "unsafe file name '/abs'", manifestName("/abs"), manifest()).leaving(REPORT),
        c("manifest NUL in a name", ExitCodes.PARTIAL, "contains a NUL character", manifestName("a\0b"), manifest()).leaving(REPORT),
        c("manifest control character in a name", ExitCodes.PARTIAL, "unsafe file name 'a\\u001bb'", manifestName("a\u001bb"),
            manifest()).leaving(REPORT),
        c("manifest backslash in a name", ExitCodes.PARTIAL, "contains a backslash", manifestName("a\\b"), manifest()).leaving(REPORT),
        c("missing manifest", ExitCodes.BAD_INPUT, "{dir}/m.tsv: no such readable file", manifest()),
        c("manifest is a folder", ExitCodes.BAD_INPUT, "{dir}/m.tsv: no such readable file",
            d -> Files.createDirectories(d.resolve("m.tsv")), manifest()),
        c("manifest bad layout", ExitCodes.USAGE, "--layout must be none or bundle", manifestName("x.json"),
            manifest("--layout", "tree")),
        // flags and commands
        c("unknown option", ExitCodes.USAGE, "Unknown options: '--colour'",
            DSS, "dss", "get-bundle", "--uuid", BUNDLE, "--replica", "aws", "--colour", "red"),
        c("missing required option", ExitCodes.USAGE, "Missing required option: '--replica",
            DSS, "dss", "get-bundle", "--uuid", BUNDLE),
        c("value outside its choices", ExitCodes.USAGE, "aws, gcp", DSS, "dss", "get-bundle", "--uuid", BUNDLE, "--replica", "azure"),
        c("integer flag not a number", ExitCodes.USAGE, "--per-page",
            DSS, "dss", "post-search", "--replica", "aws", "--es-query", "{}", "--per-page", "ten"),
        c("download with two sources", ExitCodes.USAGE, "mutually exclusive",
            DSS, "dss", "download", "--bundle-uuid", BUNDLE, "--query", "{}", "--replica", "aws", "--download-dir", "{dest}"),
        c("download without a source", ExitCodes.USAGE, "Missing required argument",
            DSS, "dss", "download", "--replica", "aws", "--download-dir", "{dest}"),
        c("download filter with no-data", ExitCodes.USAGE, "cannot be combined",
            DSS, "dss", "download", "--bundle-uuid", BUNDLE, "--replica", "aws", "--no-data", "--data-filter", "*.bam",
            "--download-dir", "{dest}"),
        c("download parallel not a number", ExitCodes.USAGE, "--parallel",
            DSS, "dss", "download", "--bundle-uuid", BUNDLE, "--replica", "aws", "--parallel", "x", "--download-dir", "{dest}"),
        c("unknown command", ExitCodes.USAGE, "frobnicate", "frobnicate"),
        c("unknown dss command", ExitCodes.USAGE, "get-bundel", DSS, "dss", "get-bundel"),
        c("unknown config command", ExitCodes.USAGE, "frob", "config", "frob"),
        c("unknown config key", ExitCodes.USAGE, "no.such.key", "config", "get", "no.such.key"),
        // credentials
        anonymous("put-file without credentials", ExitCodes.CREDENTIALS, "Please log in", Map.of(), d -> {},
            DSS, "dss", "put-file", "--uuid", MISSING_UUID, "--version", VERSION, "--source-url", "s3://hca-staging/x",
            "--creator-uid", "1"),
        anonymous("missing service-account key", ExitCodes.CREDENTIALS, "service-account key file {dir}/key.json: cannot be read (no such file)",
            Map.of("GOOGLE_APPLICATION_CREDENTIALS", "{dir}/key.json"), d -> {},
            DSS, "dss", "put-file", "--uuid", MISSING_UUID, "--version", VERSION, "--source-url", "s3://hca-staging/x",
            "--creator-uid", "1"),
        anonymous("malformed service-account key", ExitCodes.CREDENTIALS, "service-account key file {dir}/key.json",
            Map.of("GOOGLE_APPLICATION_CREDENTIALS", "{dir}/key.json"), file("key.json", "{\"type\": \"service_account\"}"),
            DSS, "dss", "put-file", "--uuid", MISSING_UUID, "--version", VERSION, "--source-url", "s3://hca-staging/x",
            "--creator-uid", "1"),
        // the server
        c("unreachable DSS", ExitCodes.UNREACHABLE, "cannot reach 127.0.0.1:",
            "--dss-url={closed}", "dss", "get-bundle", "--uuid", BUNDLE, "--replica", "aws"),
        c("unreachable DSS on download", ExitCodes.UNREACHABLE, "cannot reach 127.0.0.1:",
            "--dss-url={closed}", "dss", "download", "--bundle-uuid", BUNDLE, "--replica", "aws", "--download-dir", "{dest}"),
        c("server spec is not JSON", ExitCodes.SPEC, "/v1/swagger.json",
            "--dss-url={html}", "dss", "get-bundle", "--uuid", BUNDLE, "--replica", "aws"),
        c("unknown bundle", ExitCodes.API_ERROR, "(HTTP 404)", DSS, "dss", "get-bundle", "--uuid", MISSING_UUID, "--replica", "aws"),
        c("download an unknown bundle", ExitCodes.API_ERROR, "(HTTP 404)",
            DSS, "dss", "download", "--bundle-uuid", MISSING_UUID, "--replica", "aws", "--download-dir", "{dest}")
            .leaving(MISSING_UUID + "\\.report\\.tsv"),
        c("unknown file", ExitCodes.API_ERROR, "(HTTP 404)",
            DSS, "dss", "get-file", "--uuid", MISSING_UUID, "--replica", "aws", "--output", "{dest}/f"));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @BeforeAll
  static void users() throws Exception {
    loggedIn = new CliRunner(tmp.resolve("home"), dss.api())
        .env("GOOGLE_APPLICATION_CREDENTIALS", dss.dss().userKeyFile().toString());
    storedToken = dss.token();
    assertThat(loggedIn.dss("dss", "login", "--access-token", storedToken).code()).isZero();
    anonymous = new CliRunner(tmp.resolve("anonymous"), dss.api());
    privateKeyId = dss.dss().userKey().keyId();
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = "http://127.0.0.1:" + s.getLocalPort() + "/v1";
    }
    byte[] html = "<html>gateway error</html>".getBytes(StandardCharsets.UTF_8);
    notASpec = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    notASpec.createContext("/v1/swagger.json", ex -> {
      ex.sendResponseHeaders(200, html.length);
      ex.getResponseBody().write(html);
      ex.close();
    });
    notASpec.start();
  }

  @AfterAll
  static void stop() {
    notASpec.stop(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aMistakeIsOneLineWithItsExitCodeAndLeavesNothingBehind(Case c) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("cases").resolve(c.name().replace(' ', '-')));
    Path dest = Files.createDirectories(dir.resolve("dest"));
    c.setup().in(dir);
    Set<String> before = listing(dir, dest);
    List<String> staged = staged();
    CliRunner hca = c.creds() == Creds.NONE ? anonymous : loggedIn;
    c.env().forEach((k, v) -> hca.env(k, fill(v, dir, dest)));
    CliRunner.Result r;
    try {
      r = hca.run(c.args().stream().map(a -> fill(a, dir, dest)).toArray(String[]::new));
    } finally {
      c.env().keySet().forEach(k -> hca.env(k, null));
    }

    assertThat(r.code()).as(r.toString()).isEqualTo(c.code());
    assertThat(r.stderr()).as(r.toString()).endsWith("\n");
    assertThat(r.stderr().lines()).as(r.toString()).hasSize(1);
    String line = r.stderr().strip();
    assertThat(line).contains(fill(c.fragment(), dir, dest))
        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Apache Camel");
    assertThat(r.out() + r.stderr()).doesNotContain(storedToken).doesNotContain(privateKeyId);
    assertThat(listing(dir, dest)).as("files outside the destination").isEqualTo(before);
    try (Stream<Path> s = Files.list(dest)) {
      List<String> left = s.map(p -> p.getFileName().toString()).toList();
      if (c.destHolds() == null) {
        assertThat(left).as("the destination").isEmpty();
      } else {
        // a run that started made its (empty) store; no file may be in it
        assertThat(left).as("the destination").allMatch(n -> n.matches(c.destHolds()) || n.equals(".hca"));
        if (left.contains(".hca")) {
          try (Stream<Path> store = Files.walk(dest.resolve(".hca"))) {
            assertThat(store.filter(Files::isRegularFile)).as("files in the store").isEmpty();
          }
        }
      }
    }
    assertThat(staged()).as("staged objects").isEqualTo(staged);
  }

  @Test
  void theCorpusHasEnoughCasesAndEachDocumentedCodeAppearsInOne() throws Exception {
    List<Case> all = cases().toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(60);
    assertThat(all.stream().map(Case::name).distinct()).hasSize(all.size());
    Set<Integer> covered = all.stream().map(Case::code).collect(Collectors.toSet());
    Set<Integer> errors = new TreeSet<>(readmeCodes());
    // success is no mistake, and an internal error is a bug: no row may end with either
    errors.removeAll(Set.of(ExitCodes.OK, ExitCodes.INTERNAL));
    assertThat(covered).doesNotContain(ExitCodes.OK, ExitCodes.INTERNAL);
    assertThat(covered).containsAll(errors);
  }

  @Test
  void theReadmeExitCodeTableListsExactlyTheCodesOfExitCodes() throws Exception {
    Set<Integer> declared = new TreeSet<>();
    for (var f : ExitCodes.class.getFields()) {
      if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        declared.add(f.getInt(null));
      }
    }
    assertThat(readmeCodes()).isEqualTo(declared);
  }

  /** The codes in the first column of the README's "Exit codes" table. */
  static Set<Integer> readmeCodes() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n## Exit codes\n");
    assertThat(start).as("README has an Exit codes section").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Set<Integer> codes = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(section);
    while (m.find()) {
      codes.add(Integer.parseInt(m.group(1)));
    }
    return codes;
  }

  static String fill(String s, Path dir, Path dest) {
    return s.replace("{dest}", dest.toString()).replace("{dir}", dir.toString())
        .replace("{api}", dss.api()).replace("{closed}", closedPort)
        .replace("{endpoints}", dss.dataDir().resolve("endpoints.json").toString())
        .replace("{html}", "http://127.0.0.1:" + notASpec.getAddress().getPort() + "/v1");
  }

  static Set<String> listing(Path dir, Path dest) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.startsWith(dest) || p.equals(dest))
          .map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static List<String> staged() {
    List<String> keys = new ArrayList<>();
    dss.s3().listObjectsV2Paginator(b -> b.bucket(LocalDss.STAGING_BUCKET)).contents().forEach(o -> keys.add(o.key()));
    return keys;
  }
}
