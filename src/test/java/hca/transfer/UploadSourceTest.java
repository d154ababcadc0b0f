package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadSourceTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  @Test
  void filesAreFoundRecursivelyAndNamedByTheirPathRelativeToTheFolder() throws Exception {
    write("b.json", "{}");
    write("a/x/R1.fastq.gz", "12345");
    write("a/y.txt", "yy");
    Files.createDirectories(dir.resolve("empty/sub"));

    List<SourceFile> files = UploadSource.list(dir);

    assertThat(files).extracting(SourceFile::name).containsExactly("a/x/R1.fastq.gz", "a/y.txt", "b.json");
    assertThat(files).extracting(SourceFile::size).containsExactly(5L, 2L, 2L);
    assertThat(files.get(0).path()).isEqualTo(dir.resolve("a/x/R1.fastq.gz"));
  }

  @Test
  void aLinkToAFileIsUploadedAsThatFileAndALinkToAnotherFolderIsNotFollowed(@TempDir Path elsewhere) throws Exception {
    write("real.txt", "abc");
    Files.writeString(elsewhere.resolve("outside.txt"), "outside");
    Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("real.txt"));
    Files.createSymbolicLink(dir.resolve("other"), elsewhere);

    List<SourceFile> files = UploadSource.list(dir);

    assertThat(files).extracting(SourceFile::name).containsExactly("link.txt", "real.txt");
    assertThat(files.get(0).size()).isEqualTo(3);
  }

  @Test
  void aChainOfLinksThatNeverEndsIsALoop() throws Exception {
    write("ok.txt", "ok");
    Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
    Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));

    assertThatThrownBy(() -> UploadSource.list(dir))
        .isInstanceOf(UploadSourceException.class)
        .hasMessageMatching(".*/[ab]: a symbolic link loop");
  }

  @Test
  void aLinkToTheFolderOrAboveItIsALoop() throws Exception {
    write("sub/ok.txt", "ok");
    Files.createSymbolicLink(dir.resolve("sub/up"), dir);

    assertThatThrownBy(() -> UploadSource.list(dir))
        .isInstanceOf(UploadSourceException.class)
        .hasMessageContaining("sub/up: a symbolic link loop");
  }

  @Test
  void aDanglingLinkIsAnError() throws Exception {
    write("ok.txt", "ok");
    Files.createSymbolicLink(dir.resolve("gone"), dir.resolve("nothing-here"));

    assertThatThrownBy(() -> UploadSource.list(dir)).hasMessageEndingWith("gone: a symbolic link to nothing");
  }

  @Test
  void anEmptyOrMissingFolderOrAFileIsAnError() throws Exception {
    Files.createDirectories(dir.resolve("empty/deeper"));
    assertThatThrownBy(() -> UploadSource.list(dir.resolve("empty")))
        .isInstanceOf(UploadSourceException.class)
        .hasMessageEndingWith("empty: the folder has no files to upload");
    assertThatThrownBy(() -> UploadSource.list(dir.resolve("missing"))).hasMessageEndingWith("missing: no such folder");
    Path file = write("f.txt", "x");
    assertThatThrownBy(() -> UploadSource.list(file)).hasMessageEndingWith("f.txt: not a folder");
  }

  @Test
  void aNameTheDssWouldRefuseIsAnErrorBeforeAnythingIsRead() throws Exception {
    write("back\\slash.txt", "x");

    assertThatThrownBy(() -> UploadSource.list(dir))
        .isInstanceOf(UploadSourceException.class)
        .hasMessageContaining("cannot be a bundle file name");
  }

  @Test
  void aControlCharacterInANameIsShownEscapedSoThatTheMessageStaysOneLine() throws Exception {
    write("two\nlines.txt", "x");

    assertThatThrownBy(() -> UploadSource.list(dir))
        .isInstanceOf(UploadSourceException.class)
        .hasMessage(dir + "/two\\u000alines.txt: the name cannot be a bundle file name"
            + " (it holds a backslash or a control character)");
  }

  @Test
  void aFileThatChangesAfterListingIsDetected() throws Exception {
    Path p = write("f.txt", "one");
    SourceFile f = UploadSource.list(dir).get(0);
    f.requireUnchanged();

    Files.writeString(p, "three");

    assertThatThrownBy(f::requireUnchanged)
        .isInstanceOf(UploadSourceException.class)
        .hasMessageEndingWith("f.txt: the file changed while it was being read (its size or modification time differs)");
  }
}
