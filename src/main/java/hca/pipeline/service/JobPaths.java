package hca.pipeline.service;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The paths a job request may name ({@code "manifest"}, {@code "upload"}): only under the roots of
 * {@code hca.jobs.roots} (the inbox, {@code <hca.home>/uploads} and the download folder by default),
 * compared after symbolic links are resolved, and never the pipeline's own files (its token, the
 * ledger, the job inputs, the local DSS's data with its keys), whatever the roots say.
 *
 * @param roots the folders jobs may read, absolute
 * @param secrets the files and folders jobs never read, absolute; a name ending in {@code *} is a prefix
 */
public record JobPaths(List<Path> roots, List<Path> secrets) {

  /** Reads {@code hca.jobs.roots} (comma-separated, relative to {@code base}) and names the pipeline's own files. */
  static JobPaths from(Properties p, Path base, Path home, Path inbox, Path downloads, Path localDssData,
      String ledgerUrl) {
    List<Path> roots = new ArrayList<>();
    String given = p.getProperty("hca.jobs.roots", "");
    for (String r : given.split(",")) {
      if (!r.isBlank()) {
        roots.add(base.resolve(r.trim()).toAbsolutePath().normalize());
      }
    }
    if (roots.isEmpty()) {
      roots = List.of(abs(inbox), abs(home.resolve("uploads")), abs(downloads));
    }
    List<Path> secrets = new ArrayList<>(List.of(abs(home.resolve("api-token")), abs(home.resolve(".api-token.tmp")),
        abs(home.resolve("jobs")), abs(home.resolve("ledger*"))));
    secrets.add(abs(localDssData));
    String h2 = "jdbc:h2:file:";
    if (ledgerUrl.startsWith(h2)) {
      String file = ledgerUrl.substring(h2.length()).split(";", 2)[0];
      secrets.add(abs(base.resolve(file + "*")));
    }
    return new JobPaths(List.copyOf(roots), List.copyOf(secrets));
  }

  /**
   * The real path of a file or folder a request names, once it is found to be one a job may read.
   *
   * @throws IllegalArgumentException naming {@code field} when it is not
   */
  Path confine(String field, String given, boolean folder) {
    Path p = Path.of(given);
    String what = folder ? "a folder" : "a readable file";
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(field + ": '" + given + "' is not " + what + " named by an absolute path");
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      // outside the roots, a missing path is answered as an existing one is: the answer tells nothing of what is there
      String outside = refused(p.normalize(), folder);
      throw new IllegalArgumentException(field + ": '" + given + "' "
          + (outside != null ? outside : "is not " + what + " named by an absolute path"));
    }
    String refused = refused(real, folder);
    if (refused != null) {
      throw new IllegalArgumentException(field + ": '" + given + "' " + refused);
    }
    if (folder ? !Files.isDirectory(real) : !Files.isRegularFile(real) || !Files.isReadable(real)) {
      throw new IllegalArgumentException(field + ": '" + given + "' is not " + what + " named by an absolute path");
    }
    return real;
  }

  /**
   * Checks that no symbolic link in an upload folder leads out of the roots or to the pipeline's
   * own files (the upload would otherwise send what the link points to).
   *
   * @throws IllegalArgumentException naming the link and {@code field}
   */
  void checkTree(String field, Path folder) throws IOException {
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
          Path target;
          try {
            target = file.toRealPath();
          } catch (IOException e) {
            return FileVisitResult.CONTINUE; // a dangling link: the upload's own listing reports it
          }
          String refused = refused(target, Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS));
          if (refused != null) {
            throw new IllegalArgumentException(field + ": '" + file + "' is a symbolic link to '" + target
                + "', which " + refused + "; links out of an upload folder's allowed roots are refused");
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Null when a job may read this real path, else why not (a phrase starting with "is"). */
  private String refused(Path real, boolean folder) {
    for (Path s : secrets) {
      Path secret = realOrSelf(s);
      if (isSecret(real, secret) || (folder && holds(real, secret))) {
        return folder && !isSecret(real, secret) ? "is a folder that holds the pipeline's own files, which jobs never read"
            : "is one of the pipeline's own files, which jobs never read";
      }
    }
    for (Path r : roots) {
      if (real.startsWith(realOrSelf(r))) {
        return null;
      }
    }
    return "is outside the folders jobs may read (hca.jobs.roots: "
        + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")";
  }

  private static boolean isSecret(Path real, Path secret) {
    String name = secret.getFileName().toString();
    if (name.endsWith("*")) {
      String prefix = name.substring(0, name.length() - 1);
      for (Path p = real; p != null; p = p.getParent()) {
        if (secret.getParent().equals(p.getParent()) && p.getFileName().toString().startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
    return real.startsWith(secret);
  }

  /** Whether a folder holds the secret (a prefix secret is held by the folder it is named in). */
  private static boolean holds(Path folder, Path secret) {
    return secret.startsWith(folder);
  }

  /** The real path of a configured path (of its nearest existing folder, when it does not exist yet). */
  private static Path realOrSelf(Path p) {
    Path name = p.getFileName();
    if (name == null) {
      return p;
    }
    if (!name.toString().endsWith("*")) {
      try {
        return p.toRealPath();
      } catch (IOException e) {
        // not there yet: compare with where it would be
      }
    }
    return p.getParent() == null ? p : realOrSelf(p.getParent()).resolve(name);
  }

  private static Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
