package hca.transfer;

import java.nio.file.Path;
import java.util.List;

/**
 * What a download run was asked to do.
 *
 * @param replica aws or gcp
 * @param downloadDir where the file store and the bundle layouts go
 * @param parallel how many files are fetched at once
 * @param dryRun plan only: count files and bytes, fetch nothing
 * @param bundleLayout link files into {@code <bundle uuid>.<version>/<name>} (manifests: --layout
 *     bundle; bundles: always)
 * @param metadataFilters globs for bundle files with {@code indexed: true}
 * @param dataFilters globs for the other bundle files
 * @param fsync flush each file to disk before it enters the store, so that not even a crash of the
 *     machine can leave a stored file with bytes that never reached the disk; off, a download that
 *     fits in the page cache runs at the speed of the network, and a power cut may leave stored
 *     files short or zeroed (a process killed at any point still leaves only whole files)
 */
public record DownloadOptions(
    String replica,
    Path downloadDir,
    int parallel,
    boolean dryRun,
    boolean bundleLayout,
    List<String> metadataFilters,
    List<String> dataFilters,
    boolean fsync) {

  public DownloadOptions {
    if (!replica.equals("aws") && !replica.equals("gcp")) {
      throw new IllegalArgumentException("--replica must be aws or gcp, not '" + replica + "'");
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, not " + parallel);
    }
    metadataFilters = List.copyOf(metadataFilters);
    dataFilters = List.copyOf(dataFilters);
  }

  /** Everything, in the bundle layout. */
  public static DownloadOptions bundles(String replica, Path dir, int parallel) {
    return new DownloadOptions(replica, dir, parallel, false, true, List.of("*"), List.of("*"), false);
  }
}
