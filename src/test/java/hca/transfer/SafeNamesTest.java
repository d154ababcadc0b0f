package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeNamesTest {

  @TempDir Path root;

  @Test
  void ordinaryNamesAndSubfoldersResolveUnderTheRoot() {
    assertThat(SafeNames.resolveInside(root, "cell_suspension_0.json")).isEqualTo(root.resolve("cell_suspension_0.json"));
    assertThat(SafeNames.resolveInside(root, "reads/R1 lane..1.fastq.gz")).isEqualTo(root.resolve("reads/R1 lane..1.fastq.gz"));
    assertThat(SafeNames.resolveInside(root, ".hidden")).isEqualTo(root.resolve(".hidden"));
  }

  @Test
  void namesThatCouldEscapeAreRefusedWithAOneLineMessage() {
    assertRefused("", "unsafe file name '': is empty");
    assertRefused(null, "unsafe file name (none): is empty");
    assertRefused("/etc/passwd", "unsafe file name '/etc/passwd': is an absolute path");
    assertRefused("../x", "unsafe file name '../x': has a '..' segment");
    assertRefused("a/../../x", "unsafe file name 'a/../../x': has a '..' segment");
    assertRefused("a/./b", "unsafe file name 'a/./b': has a '.' segment");
    assertRefused(".", "unsafe file name '.': has a '.' segment");
    assertRefused("a//b", "unsafe file name 'a//b': has an empty path segment");
    assertRefused("a/", "unsafe file name 'a/': has an empty path segment");
    assertRefused("a\\..\\b", "unsafe file name 'a\\..\\b': contains a backslash");
    assertRefused("a\0b", "unsafe file name 'a\\u0000b': contains a NUL character");
    assertRefused("a\nb", "unsafe file name 'a\\u000ab': contains a control character");
  }

  @Test
  void checkAppliesTheSameRulesWithoutAFolder() {
    assertThat(SafeNames.check("a/b.txt")).isEqualTo("a/b.txt");
    assertThatThrownBy(() -> SafeNames.check("../b")).isInstanceOf(UnsafeNameException.class);
  }

  private void assertRefused(String name, String message) {
    assertThatThrownBy(() -> SafeNames.resolveInside(root, name))
        .isInstanceOf(UnsafeNameException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
