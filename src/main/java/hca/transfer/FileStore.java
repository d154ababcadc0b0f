package hca.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-addressed store under a download dir, laid out as the original client's v2 store:
 * {@code <dir>/.hca/v2/files_2_4/<sha[0:2]>/<sha[2:6]>/<sha256>}. Files only ever land there
 * complete and verified (through {@link #commit}); partial downloads live beside it in
 * {@code <dir>/.hca/v2/partial/}, on the same file system, so that a commit is one rename.
 */
public final class FileStore {

  /** How a file came to be at a link target. */
  public enum LinkResult {
    /** A hard link to the stored file. */
    LINKED,
    /** A copy, where a hard link was not possible (too many links, not permitted, another device). */
    COPIED,
    /** The target already was the stored file. */
    ALREADY_THERE
  }

  /** Makes a hard link; tests substitute one that fails. */
  @FunctionalInterface
  interface Linker {
    void link(Path link, Path existing) throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
  private static final HexFormat HEX = HexFormat.of();

  private final Path downloadDir;
  private final Path root;
  private final Path partial;
  private final Linker linker;
  private final ConfinedFolders folders;

  public FileStore(Path downloadDir) {
    this(downloadDir, (link, existing) -> Files.createLink(link, existing));
  }

  FileStore(Path downloadDir, Linker linker) {
    this.downloadDir = downloadDir.toAbsolutePath().normalize();
    this.root = this.downloadDir.resolve(".hca").resolve("v2").resolve("files_2_4");
    this.partial = this.downloadDir.resolve(".hca").resolve("v2").resolve("partial");
    this.linker = linker;
    this.folders = new ConfinedFolders(this.downloadDir);
  }

  /**
   * Makes the store's folders (or, with {@code make} false, only checks those that exist).
   *
   * @throws LinkOutOfFolderException when one of them, or {@code .hca}, is a link out of the
   *     download folder
   */
  public void prepare(boolean make) throws IOException {
    for (Path dir : new Path[] {root, partial}) {
      if (make) {
        folders.make(dir);
      } else {
        folders.check(dir);
      }
    }
  }

  /** Makes a folder under the download folder, refusing a link out of it on the way. */
  public void makeFolder(Path dir) throws IOException {
    folders.make(dir);
  }

  /** The download dir this store lives in. */
  public Path downloadDir() {
    return downloadDir;
  }

  /** {@code <dir>/.hca/v2/files_2_4}. */
  public Path root() {
    return root;
  }

  /**
   * Where the file with this sha256 is stored.
   *
   * @throws IllegalArgumentException when {@code sha256} is not 64 hex digits
   */
  public Path pathOf(String sha256) {
    String s = normalize(sha256);
    return root.resolve(s.substring(0, 2)).resolve(s.substring(2, 6)).resolve(s);
  }

  /** Whether the store holds a regular file of this size for this sha256. */
  public boolean has(String sha256, long size) {
    Path p = pathOf(sha256);
    if (!p.toFile().exists()) {
      return false; // the common case, answered without the cost of an exception
    }
    try {
      folders.check(p.getParent()); // a stored file seen through a link out of the folder is not ours
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() && a.size() == size;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code <dir>/.hca/v2/partial}: the parts of files being fetched. */
  public Path partialFolder() {
    return partial;
  }

  /** Where a partial download of this sha256 lives: {@code <dir>/.hca/v2/partial/<sha256>.part}. */
  public Path partOf(String sha256) {
    return partial.resolve(normalize(sha256) + ".part");
  }

  /**
   * Moves a verified part into place. The part is linked to its place, which fails when another
   * writer got there first: then theirs is kept (it has the same verified content). Either way the
   * part is gone afterwards.
   *
   * @return the stored file
   */
  public Path commit(Path part, String sha256) throws IOException {
    Path target = pathOf(sha256);
    folders.make(target.getParent());
    try {
      Files.createLink(target, part);
    } catch (FileAlreadyExistsException theirs) {
      LOG.debug("{} was stored by another writer; keeping it", target);
    } catch (IOException | UnsupportedOperationException noLinks) {
      // A file system without hard links: a rename, which cannot refuse to replace, is the next
      // best thing, and replacing verified content with the same content harms nobody.
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        moveAtomically(part, target);
        return target;
      }
    }
    Files.deleteIfExists(part);
    return target;
  }

  /**
   * Stores small content held in memory (a bundle's description) unless the store has it; written
   * to a part of its own, so that two runs storing the same content never share a half-written one.
   */
  public void put(byte[] content, String sha256) throws IOException {
    if (has(sha256, content.length)) {
      return;
    }
    folders.make(partial);
    Path part = partial.resolve(normalize(sha256) + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.write(part, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      commit(part, sha256);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * Puts the stored file at {@code target}: a hard link, or a copy (through a temporary file and an
   * atomic rename) when a link cannot be made. A target that already is the stored file is left
   * alone; a target with the same content is replaced by the link; a target with other content, or
   * that is not a regular file, is a {@link FileConflictException}. Parent folders are created.
   *
   * @throws NoSuchFileException when the store does not hold {@code sha256}
   */
  public LinkResult link(String sha256, Path target) throws IOException {
    Path stored = pathOf(sha256);
    if (!Files.isRegularFile(stored, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(stored.toString(), null, "not in the file store");
    }
    folders.make(target.toAbsolutePath().getParent());
    for (int round = 0; ; round++) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileConflictException(target, "exists and is not a regular file; not replaced");
        }
        if (Files.isSameFile(stored, target)) {
          return LinkResult.ALREADY_THERE;
        }
        if (!sameContent(target, sha256, Files.size(stored))) {
          throw new FileConflictException(target, "exists with other content; not replaced");
        }
        return replace(stored, target);
      }
      try {
        linker.link(target, stored);
        return LinkResult.LINKED;
      } catch (FileAlreadyExistsException raced) {
        if (round > 0) {
          throw raced;
        }
        // someone put a file there meanwhile: look at it again
      } catch (IOException | UnsupportedOperationException cannotLink) {
        LOG.warn("Cannot link {} ({}); copying it", target, reason(cannotLink));
        copyInto(stored, target, false);
        return LinkResult.COPIED;
      }
    }
  }

  private LinkResult replace(Path stored, Path target) throws IOException {
    Path temp = tempBeside(target);
    try {
      linker.link(temp, stored);
      moveAtomically(temp, target);
      return LinkResult.LINKED;
    } catch (IOException | UnsupportedOperationException cannotLink) {
      Files.deleteIfExists(temp);
      copyInto(stored, target, true);
      return LinkResult.COPIED;
    }
  }

  private static void copyInto(Path stored, Path target, boolean replace) throws IOException {
    Path temp = tempBeside(target);
    try {
      Files.copy(stored, temp);
      if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileConflictException(target, "appeared while copying; not replaced");
      }
      moveAtomically(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static boolean sameContent(Path file, String sha256, long size) throws IOException {
    if (Files.size(file) != size) {
      return false;
    }
    MessageDigest d = Digests.sha256();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
    }
    return HEX.formatHex(d.digest()).equals(normalize(sha256));
  }

  private static Path tempBeside(Path target) {
    String name = target.getFileName().toString();
    String prefix = "." + (name.length() > 100 ? name.substring(0, 100) : name);
    return target.resolveSibling(prefix + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String reason(Throwable e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  /** A sha256 as 64 lower-case hex digits; upper case is accepted. */
  static String normalize(String sha256) {
    if (sha256 == null || sha256.length() != 64) {
      throw new IllegalArgumentException("not a sha256 (64 hex digits): " + SafeNames.quote(sha256));
    }
    String s = sha256.toLowerCase(Locale.ROOT);
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        throw new IllegalArgumentException("not a sha256 (64 hex digits): " + SafeNames.quote(sha256));
      }
    }
    return s;
  }
}
