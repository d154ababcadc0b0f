package hca.transfer;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an upload's source folder, found by walking it recursively. Each file's name in the
 * bundle is its path relative to the folder, with {@code /} between segments. Symbolic links to
 * files are uploaded as the files they point to; symbolic links to folders are not followed (as
 * the original client did), and one that points back to the folder or above it is an error, as is
 * a chain of links that never ends.
 */
public final class UploadSource {

  private static final Logger LOG = LoggerFactory.getLogger(UploadSource.class);

  private UploadSource() {}

  /**
   * Lists the files under {@code dir}, sorted by name.
   *
   * @throws UploadSourceException when the folder is missing, unreadable or empty, holds a link
   *     loop, an entry that cannot be read, something other than files and folders, or a name that
   *     cannot be a bundle file name
   */
  public static List<SourceFile> list(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.exists(root)) {
      throw new UploadSourceException(show(dir) + ": no such folder");
    }
    if (!Files.isDirectory(root)) {
      throw new UploadSourceException(show(dir) + ": not a folder");
    }
    if (!Files.isReadable(root) || !Files.isExecutable(root)) {
      throw new UploadSourceException(show(dir) + ": the folder cannot be read");
    }
    List<SourceFile> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new Walker(root, files));
    } catch (IOException e) {
      throw new UploadSourceException(show(dir) + ": cannot be listed (" + e.getMessage() + ")", e);
    }
    if (files.isEmpty()) {
      throw new UploadSourceException(show(dir) + ": the folder has no files to upload");
    }
    files.sort(Comparator.comparing(SourceFile::name));
    return files;
  }

  /** A path for a one-line message: control characters escaped as \\uXXXX, as download messages show names. */
  static String show(Path p) {
    String s = p.toString();
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  /**
   * Checks that a relative path can be a file name in a bundle, as the DSS requires: no
   * backslashes or control characters (the walk cannot produce empty, {@code .} or {@code ..}
   * segments).
   */
  static String bundleName(Path root, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path p : root.relativize(file)) {
      parts.add(p.toString());
    }
    String name = String.join("/", parts);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' || c < 0x20 || c == 0x7f) {
        throw new UploadSourceException(
            show(file) + ": the name cannot be a bundle file name (it holds a backslash or a control character)");
      }
    }
    return name;
  }

  private static final class Walker extends SimpleFileVisitor<Path> {
    private final Path root;
    private final List<SourceFile> files;

    Walker(Path root, List<SourceFile> files) {
      this.root = root;
      this.files = files;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      if (attrs.isSymbolicLink()) {
        link(file);
      } else if (attrs.isRegularFile()) {
        String name = bundleName(root, file);
        readable(file);
        files.add(new SourceFile(file, name, attrs.size(), attrs.lastModifiedTime()));
      } else if (!attrs.isDirectory()) {
        throw new UploadSourceException(show(file) + ": not a regular file (a device, pipe or socket)");
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      throw new UploadSourceException(show(file) + ": cannot be read (" + reason(e) + ")", e);
    }

    /**
     * Opens the file and reads a byte, as staging will: permission bits do not tell (root reads a
     * mode 000 file; some files refuse even root), and a failure found after staging began would
     * leave a half-made upload.
     */
    private static void readable(Path file) {
      try (java.io.InputStream in = Files.newInputStream(file)) {
        in.read();
      } catch (IOException e) {
        throw new UploadSourceException(show(file) + ": cannot be read (" + reason(e) + ")", e);
      }
    }

    private void link(Path file) {
      BasicFileAttributes target;
      try {
        target = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        throw new UploadSourceException(show(file) + ": a symbolic link to nothing", e);
      } catch (FileSystemException e) {
        String reason = reason(e);
        if (reason.toLowerCase(java.util.Locale.ROOT).contains("levels of symbolic links")) {
          throw new UploadSourceException(show(file) + ": a symbolic link loop", e);
        }
        throw new UploadSourceException(show(file) + ": cannot be read (" + reason + ")", e);
      } catch (IOException e) {
        throw new UploadSourceException(show(file) + ": cannot be read (" + reason(e) + ")", e);
      }
      if (target.isRegularFile()) {
        String name = bundleName(root, file);
        readable(file);
        files.add(new SourceFile(file, name, target.size(), target.lastModifiedTime()));
      } else if (target.isDirectory()) {
        linkedFolder(file);
      } else {
        throw new UploadSourceException(show(file) + ": a symbolic link to something that is not a regular file");
      }
    }

    private void linkedFolder(Path link) {
      try {
        Path target = link.toRealPath();
        if (link.getParent().toRealPath().startsWith(target)) {
          throw new UploadSourceException(show(link) + ": a symbolic link loop (it points to " + show(target) + ", which contains it)");
        }
      } catch (IOException e) {
        throw new UploadSourceException(show(link) + ": cannot be read (" + reason(e) + ")", e);
      }
      LOG.warn("{}: a symbolic link to a folder, not followed", show(link));
    }

    private static String reason(IOException e) {
      if (e instanceof java.nio.file.AccessDeniedException) {
        return "permission denied";
      }
      if (e instanceof FileSystemException f && f.getReason() != null) {
        return f.getReason();
      }
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }
}
