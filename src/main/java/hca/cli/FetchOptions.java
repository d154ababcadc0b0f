package hca.cli;

import hca.transfer.DownloadOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options shared by the download commands, mixed into each. */
final class FetchOptions {

  @Option(names = "--replica", required = true, paramLabel = "aws|gcp", description = "The replica to download from (required).")
  String replica;

  @Option(names = "--parallel", paramLabel = "N", description = "Files fetched at once (default: ${DEFAULT-VALUE}).", defaultValue = "16")
  int parallel;

  @Option(names = "--fsync", description = "Flush each file to disk before it enters the store, so that not even a power cut can leave a stored file short or zeroed (slower when the data would fit in memory).")
  boolean fsync;

  @Option(names = "--dry-run", description = "Show the plan (files, bytes to fetch, already present) and fetch nothing.")
  boolean dryRun;

  /** The run's options, with these and what the command itself decides. */
  DownloadOptions options(Path downloadDir, boolean bundleLayout, List<String> metadataFilters, List<String> dataFilters) {
    requireFolder(downloadDir, "--download-dir");
    return new DownloadOptions(replica, downloadDir, parallel, dryRun, bundleLayout, metadataFilters, dataFilters, fsync);
  }

  /** Refuses a download folder that is, or lies under, something other than a folder, before anything is sent. */
  static void requireFolder(Path dir, String option) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p)) {
        return;
      }
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new BadInputException(p.equals(dir.toAbsolutePath())
            ? dir + ": not a folder (" + option + ")"
            : dir + ": cannot be a folder, " + p + " is not one (" + option + ")");
      }
    }
  }
}
