package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputManifestTest {

  static final String B = "c2a1a1a8-9a05-4b53-8b0a-6e5a9b1bd6e0";
  static final String BV = "2019-05-28T155409.587541Z";
  static final String F = "4a7b8c9d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
  static final String FV = "2019-05-28T155410.123456Z";
  static final String SHA = "ab".repeat(32);

  @TempDir Path dir;

  @Test
  void everyColumnAndLineIsKeptWithTheFilePathAddedAndLfLineEnds() throws IOException {
    Path in = dir.resolve("manifest.tsv");
    Files.write(in, ("\uFEFFnote\tbundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size\r\n"
        + "first\t" + B + "\t" + BV + "\ta.json\t" + F + "\t" + FV + "\t" + SHA.toUpperCase() + "\t10\r\n"
        + "\"tab\there\"\t" + B + "\t" + BV + "\tsub/b.json\t" + F + "\t" + FV + "\t" + SHA + "\t10\r\n"
        + "dup\t" + B + "\t" + BV + "\ta.json\t" + F + "\t" + FV + "\t" + SHA + "\t10\r\n")
        .getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve("out/manifest.tsv");

    OutputManifest.write(in, out, row -> "dl/" + row.fileName() + "@" + row.line() + "/" + row.sha256().substring(0, 4));

    assertThat(Files.readString(out)).isEqualTo(
        "note\tbundle_uuid\tbundle_version\tfile_name\tfile_uuid\tfile_version\tfile_sha256\tfile_size\tfile_path\n"
            + "first\t" + B + "\t" + BV + "\ta.json\t" + F + "\t" + FV + "\t" + SHA.toUpperCase() + "\t10\tdl/a.json@2/abab\n"
            + "\"tab\there\"\t" + B + "\t" + BV + "\tsub/b.json\t" + F + "\t" + FV + "\t" + SHA + "\t10\tdl/sub/b.json@3/abab\n"
            + "dup\t" + B + "\t" + BV + "\ta.json\t" + F + "\t" + FV + "\t" + SHA + "\t10\tdl/a.json@4/abab\n");
    assertThat(files(out.getParent())).containsExactly("manifest.tsv");
  }

  @Test
  void anExistingFilePathColumnIsFilledInAgain() throws IOException {
    Path in = dir.resolve("manifest.tsv");
    Files.writeString(in, "file_path\tfile_name\tfile_sha256\n"
        + "old/path\ta.json\t" + SHA + "\n"
        + "\tbad/../name\t" + SHA + "\n");
    Path out = dir.resolve("again.tsv");

    OutputManifest.write(in, out, row -> "new/" + row.fileName());

    assertThat(Files.readString(out)).isEqualTo(
        "file_path\tfile_name\tfile_sha256\n"
            + "new/a.json\ta.json\t" + SHA + "\n"
            + "\tbad/../name\t" + SHA + "\n");
  }

  @Test
  void anUnreadableInputLeavesNoOutput() throws IOException {
    Path in = dir.resolve("empty.tsv");
    Files.writeString(in, "");
    Path out = dir.resolve("out.tsv");
    assertThatThrownBy(() -> OutputManifest.write(in, out, row -> "x")).isInstanceOf(BadManifestException.class);
    assertThat(files(dir)).containsExactly("empty.tsv");
  }

  private static List<String> files(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
