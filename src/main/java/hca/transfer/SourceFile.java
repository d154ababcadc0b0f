package hca.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A file to upload, as it was when the source folder was listed.
 *
 * @param path where it is
 * @param name its name in the bundle: the path relative to the source folder, with {@code /}
 * @param size its size when listed
 * @param modified its modification time when listed
 */
public record SourceFile(Path path, String name, long size, FileTime modified) {

  /** The file as it is now. */
  public static SourceFile of(Path path, String name) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    return new SourceFile(path, name, a.size(), a.lastModifiedTime());
  }

  /**
   * Throws when the file's size or modification time is no longer what it was when listed: the
   * bytes read may then not be the bytes the checksums describe.
   */
  public void requireUnchanged() {
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new UploadSourceException(path + ": cannot be read any more (" + e.getMessage() + ")", e);
    }
    if (now.size() != size || !now.lastModifiedTime().equals(modified)) {
      throw changed();
    }
  }

  /** The error for a file that changed while it was being read. */
  public UploadSourceException changed() {
    return new UploadSourceException(
        path + ": the file changed while it was being read (its size or modification time differs)");
  }
}
