package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {

  static final byte[] CONTENT = "stored bytes\n".getBytes(StandardCharsets.UTF_8);
  static final String SHA = Checksummer.of(CONTENT).sha256();

  @TempDir Path dir;

  private FileStore storeWith(byte[] content) throws IOException {
    FileStore store = new FileStore(dir);
    Path part = store.partOf(SHA);
    Files.createDirectories(part.getParent());
    Files.write(part, content);
    store.commit(part, SHA);
    return store;
  }

  @Test
  void filesAreLaidOutByTheirSha256AsTheOriginalClientDid() {
    FileStore store = new FileStore(dir);
    String sha = "e746b6" + "0".repeat(58);
    assertThat(store.root()).isEqualTo(dir.resolve(".hca/v2/files_2_4"));
    assertThat(store.pathOf(sha)).isEqualTo(dir.resolve(".hca/v2/files_2_4/e7/46b6/" + sha));
    assertThat(store.pathOf(sha.toUpperCase())).isEqualTo(store.pathOf(sha));
    assertThat(store.partOf(sha)).isEqualTo(dir.resolve(".hca/v2/partial/" + sha + ".part"));
  }

  @Test
  void aMalformedSha256IsRefused() {
    FileStore store = new FileStore(dir);
    assertThatThrownBy(() -> store.pathOf("abc")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'abc'");
    assertThatThrownBy(() -> store.pathOf("g".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.pathOf("../" + "0".repeat(61))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.partOf(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCommittedPartIsStoredAndThePartIsGone() throws IOException {
    FileStore store = storeWith(CONTENT);
    assertThat(store.pathOf(SHA)).hasBinaryContent(CONTENT);
    assertThat(store.has(SHA, CONTENT.length)).isTrue();
    assertThat(store.has(SHA, CONTENT.length + 1)).isFalse();
    assertThat(store.partOf(SHA)).doesNotExist();
  }

  @Test
  void aSecondCommitOfTheSameContentKeepsTheFirstFile() throws IOException {
    FileStore store = storeWith(CONTENT);
    Object first = Files.readAttributes(store.pathOf(SHA), BasicFileAttributes.class).fileKey();
    Path part = store.partOf(SHA);
    Files.write(part, CONTENT);
    assertThat(store.commit(part, SHA)).isEqualTo(store.pathOf(SHA));
    Object after = Files.readAttributes(store.pathOf(SHA), BasicFileAttributes.class).fileKey();
    assertThat(after).isEqualTo(first);
    assertThat(part).doesNotExist();
  }

  @Test
  void linkingMakesAHardLinkToTheStoredFile() throws IOException {
    FileStore store = storeWith(CONTENT);
    Path target = dir.resolve("bundle/sub/dir/file.txt");
    assertThat(store.link(SHA, target)).isEqualTo(FileStore.LinkResult.LINKED);
    assertThat(Files.isSameFile(target, store.pathOf(SHA))).isTrue();
    assertThat(target).hasBinaryContent(CONTENT);
    assertThat(store.link(SHA, target)).isEqualTo(FileStore.LinkResult.ALREADY_THERE);
  }

  @Test
  void aUserFileWithOtherContentIsNeverOverwritten() throws IOException {
    FileStore store = storeWith(CONTENT);
    Path target = dir.resolve("bundle/file.txt");
    Files.createDirectories(target.getParent());
    Files.writeString(target, "my own notes\n");
    assertThatThrownBy(() -> store.link(SHA, target))
        .isInstanceOf(FileConflictException.class)
        .hasMessage(target + ": exists with other content; not replaced");
    assertThat(target).hasContent("my own notes");
    Path folder = dir.resolve("bundle/folder");
    Files.createDirectories(folder);
    assertThatThrownBy(() -> store.link(SHA, folder)).isInstanceOf(FileConflictException.class);
  }

  @Test
  void aFileWithTheSameContentIsReplacedByTheLink() throws IOException {
    FileStore store = storeWith(CONTENT);
    Path target = dir.resolve("bundle/file.txt");
    Files.createDirectories(target.getParent());
    Files.write(target, CONTENT);
    assertThat(store.link(SHA, target)).isEqualTo(FileStore.LinkResult.LINKED);
    assertThat(Files.isSameFile(target, store.pathOf(SHA))).isTrue();
    assertThat(leftovers(target.getParent())).containsExactly("file.txt");
  }

  @Test
  void whenLinkingFailsTheFileIsCopiedThroughATemporaryFile() throws IOException {
    storeWith(CONTENT);
    FileStore store = new FileStore(dir, (link, existing) -> {
      throw new FileSystemException(link.toString(), existing.toString(), "Too many links");
    });
    Path target = dir.resolve("bundle/file.txt");
    assertThat(store.link(SHA, target)).isEqualTo(FileStore.LinkResult.COPIED);
    assertThat(target).hasBinaryContent(CONTENT);
    assertThat(Files.isSameFile(target, store.pathOf(SHA))).isFalse();
    assertThat(leftovers(target.getParent())).containsExactly("file.txt");
    assertThat(store.link(SHA, target)).isEqualTo(FileStore.LinkResult.COPIED);
    assertThat(target).hasBinaryContent(CONTENT);
  }

  @Test
  void linkingToAnotherFileSystemCopies() throws Exception {
    FileStore store = storeWith(CONTENT);
    Path other = Files.createDirectories(dir.resolve("bundle"));
    // another file system inside the download folder: a tmpfs mounted there (needs root)
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", other.toString())
        .redirectErrorStream(true).start();
    String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeThat(mount.waitFor() == 0).as("cannot mount a tmpfs here: " + why).isTrue();
    try {
      Path target = other.resolve("sub/file.txt");
      assertThat(store.link(SHA, target)).isEqualTo(FileStore.LinkResult.COPIED);
      assertThat(target).hasBinaryContent(CONTENT);
    } finally {
      new ProcessBuilder("umount", other.toString()).start().waitFor();
    }
  }

  @Test
  void aFolderThatIsALinkOutOfTheDownloadFolderIsNeitherWrittenNorRead() throws IOException {
    FileStore store = storeWith(CONTENT);
    Path outside = Files.createTempDirectory("outside");
    try {
      Path link = Files.createSymbolicLink(dir.resolve("bundle"), outside);
      assertThatThrownBy(() -> store.link(SHA, link.resolve("deeper/file.txt")))
          .isInstanceOf(LinkOutOfFolderException.class)
          .hasMessage(link + " is a symbolic link out of the download folder (to " + outside.toRealPath() + ")");
      Path inside = Files.createDirectories(dir.resolve("real"));
      Files.createSymbolicLink(dir.resolve("alias"), inside);
      assertThat(store.link(SHA, dir.resolve("alias/file.txt"))).isEqualTo(FileStore.LinkResult.LINKED);
      assertThat(inside.resolve("file.txt")).hasBinaryContent(CONTENT);

      // a store whose shard folder leads out: the file there is not taken as stored, nor written
      FileStore other = new FileStore(dir.resolve("second"));
      Path shard = other.pathOf(SHA).getParent();
      Files.createDirectories(shard.getParent());
      Files.write(outside.resolve(SHA), CONTENT);
      Files.createSymbolicLink(shard, outside);
      assertThat(other.has(SHA, CONTENT.length)).isFalse();
      Path part = other.partOf(SHA);
      Files.createDirectories(part.getParent());
      Files.write(part, CONTENT);
      assertThatThrownBy(() -> other.commit(part, SHA)).isInstanceOf(LinkOutOfFolderException.class);
      try (Stream<Path> s = Files.list(outside)) {
        assertThat(s.map(p -> p.getFileName().toString())).containsExactly(SHA);
      }
    } finally {
      try (Stream<Path> s = Files.walk(outside)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void linkingAFileTheStoreDoesNotHoldFails() {
    FileStore store = new FileStore(dir);
    assertThatThrownBy(() -> store.link(SHA, dir.resolve("x"))).isInstanceOf(NoSuchFileException.class);
    assertThat(dir.resolve("x")).doesNotExist();
  }

  private static Stream<String> leftovers(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }
}
