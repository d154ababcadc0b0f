package hca.transfer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folders of a download folder, made and checked one path component at a time, so that no
 * write goes through a symbolic link that leads out of it: a link whose real path is inside the
 * download folder is followed, one that leads out is a {@link LinkOutOfFolderException}. The
 * download folder itself may be a link (the user chose it). Thread-safe.
 */
final class ConfinedFolders {

  // Folders already seen to be safe; bounded, since a store of millions of files has as many shards.
  private static final int REMEMBERED = 8192;

  private final Path root;
  private final Set<Path> safe = ConcurrentHashMap.newKeySet();
  private volatile Path realRoot;

  ConfinedFolders(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Makes {@code dir} (under the root) and its missing parents, refusing links out of the root. */
  void make(Path dir) throws IOException {
    walk(dir, true);
  }

  /** Checks the parts of {@code dir} that exist, making nothing. */
  void check(Path dir) throws IOException {
    walk(dir, false);
  }

  private void walk(Path dir, boolean make) throws IOException {
    Path d = dir.toAbsolutePath().normalize();
    if (safe.contains(d)) {
      return;
    }
    if (!d.startsWith(root)) {
      throw new IllegalArgumentException(d + " is not inside the download folder " + root);
    }
    if (!safe.contains(root)) {
      if (make) {
        Files.createDirectories(root);
      } else if (!Files.isDirectory(root)) {
        return;
      }
      remember(root);
    }
    Path real = realRoot();
    Path p = root;
    for (Path name : root.relativize(d)) {
      if (name.toString().isEmpty()) {
        break; // d is the root
      }
      p = p.resolve(name);
      if (safe.contains(p)) {
        continue;
      }
      BasicFileAttributes a = attributes(p);
      if (a == null) {
        if (!make) {
          return;
        }
        try {
          Files.createDirectory(p);
          a = attributes(p);
        } catch (FileAlreadyExistsException raced) {
          a = attributes(p); // made by another writer meanwhile: look at what it is
        }
        if (a == null) {
          throw new NoSuchFileException(p.toString(), null, "removed while being made");
        }
      }
      if (a.isSymbolicLink()) {
        Path to = p.toRealPath();
        if (!to.startsWith(real)) {
          throw new LinkOutOfFolderException(p, to);
        }
        if (!Files.isDirectory(to)) {
          throw new FileSystemException(p.toString(), null, "is a link to something that is not a folder");
        }
      } else if (!a.isDirectory()) {
        throw new FileConflictException(p, "exists and is not a folder");
      }
      remember(p);
    }
  }

  private Path realRoot() throws IOException {
    Path r = realRoot;
    if (r == null) {
      r = root.toRealPath();
      realRoot = r;
    }
    return r;
  }

  private void remember(Path p) {
    if (safe.size() >= REMEMBERED) {
      safe.clear();
    }
    safe.add(p);
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
