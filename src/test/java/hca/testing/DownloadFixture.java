package hca.testing;

import hca.dss.DssVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Bundles with known content in a local DSS, and manifests listing them, for download tests. */
public final class DownloadFixture {

  /** A file put into a bundle. */
  public record Stored(String bundleUuid, String bundleVersion, String name, DssCalls.FileRef file) {
    public String sha256() {
      return DownloadFixture.sha256(file.content());
    }
  }

  private DownloadFixture() {}

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bundle with {@code json} metadata files and {@code data} data files of 64 KiB to 1 MiB. */
  public static List<Stored> bundle(LocalDssExtension dss, int json, int data, long seed) {
    Random rnd = new Random(seed);
    String uuid = UUID.randomUUID().toString();
    String version = DssVersion.now();
    Map<String, DssCalls.FileRef> files = new LinkedHashMap<>();
    List<Stored> stored = new ArrayList<>();
    for (int i = 0; i < json; i++) {
      byte[] c = ("{\"n\": " + i + ", \"seed\": " + seed + "}").getBytes(StandardCharsets.UTF_8);
      files.put("meta_" + i + ".json", dss.calls().file(c, "application/json"));
    }
    for (int i = 0; i < data; i++) {
      byte[] c = new byte[64 * 1024 + rnd.nextInt(960 * 1024)];
      rnd.nextBytes(c);
      files.put("data/part_" + i + ".bin", dss.calls().file(c, "application/octet-stream"));
    }
    if (dss.calls().putBundle(uuid, version, files, "aws").status() != 201) {
      throw new IllegalStateException("bundle not stored");
    }
    files.forEach((name, f) -> stored.add(new Stored(uuid, version, name, f)));
    return stored;
  }

  /** A manifest TSV of these files (columns in an unusual order, plus one ignored column). */
  public static Path manifest(Path file, List<Stored> rows) throws IOException {
    StringBuilder b = new StringBuilder("file_name\tfile_sha256\tnotes\tbundle_uuid\tbundle_version\tfile_uuid\tfile_version\tfile_size\n");
    for (Stored s : rows) {
      b.append(s.name()).append('\t').append(s.sha256()).append("\tx\t").append(s.bundleUuid()).append('\t')
          .append(s.bundleVersion()).append('\t').append(s.file().uuid()).append('\t').append(s.file().version())
          .append('\t').append(s.file().content().length).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString());
    return file;
  }

  /** How many files the store under a download folder holds. */
  public static long storedFiles(Path dir) throws IOException {
    Path root = dir.resolve(".hca/v2/files_2_4");
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  /** The store path of content under a download folder. */
  public static Path stored(Path dir, String sha256) {
    return dir.resolve(".hca/v2/files_2_4").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 6)).resolve(sha256);
  }

  /** The rows of a TSV report: column name -> value. */
  public static List<Map<String, String>> tsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split("\t", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split("\t", -1);
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        m.put(header[i], i < v.length ? v[i] : "");
      }
      rows.add(m);
    }
    return rows;
  }
}
