package hca.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssException;
import hca.transfer.BadManifestException;
import hca.transfer.DownloadOptions;
import hca.transfer.DownloadSummary;
import hca.transfer.DiskSpace;
import hca.transfer.ManifestEntry;
import hca.transfer.ManifestReader;
import hca.transfer.ManifestRow;
import hca.transfer.OutputManifest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;

/** The steps of the download-manifest route that are about the manifest itself. */
public final class ManifestSteps {

  /** Set by {@link #plan}: true when only the plan was asked for. */
  public static final String DRY_RUN = "hca.download.dry-run";

  static final String MANIFEST = "hca.download.manifest";

  /** The columns every manifest needs; the bundle layout also needs the bundle's. */
  static final Set<String> FILE_COLUMNS = Set.of("file_uuid", "file_version", "file_sha256", "file_size", "file_name");

  static final Set<String> BUNDLE_COLUMNS =
      Set.of("bundle_uuid", "bundle_version", "file_uuid", "file_version", "file_sha256", "file_size", "file_name");

  private static Set<String> columns(DownloadRun run) {
    return columns(run.options());
  }

  private static Set<String> columns(DownloadOptions options) {
    return options.bundleLayout() ? BUNDLE_COLUMNS : FILE_COLUMNS;
  }

  /**
   * Checks that a manifest can be used at all (readable, UTF-8, its header, at least one row)
   * before any route runs, so that a file that is not a manifest costs one line and no flow.
   *
   * @throws BadManifestException naming the file and what is wrong
   */
  public static void check(Path manifest, DownloadOptions options) {
    try (ManifestReader reader = ManifestReader.open(manifest, columns(options))) {
      if (reader.next().isEmpty()) {
        throw noRows(manifest);
      }
    }
  }

  private static BadManifestException noRows(Path manifest) {
    return new BadManifestException(manifest, "no rows after the header");
  }

  /**
   * Reads the manifest once, start to end, and plans the run: counts, distinct files, what the
   * store has, enough free space. A manifest that is unusable as a whole fails the exchange here,
   * before anything is fetched.
   */
  public void plan(Exchange e) throws IOException {
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    Path manifest = e.getIn().getBody(Path.class);
    e.setProperty(MANIFEST, manifest);
    run.store().prepare(false); // before the store is read: a link out of the folder is not ours
    long rows = 0;
    long errors = 0;
    long rowBytes = 0;
    long files = 0;
    long bytes = 0;
    long presentFiles = 0;
    long presentBytes = 0;
    LongSet seen = new LongSet();
    Set<String> bundles = new java.util.LinkedHashSet<>();
    try (ManifestReader reader = ManifestReader.open(manifest, columns(run))) {
      for (Optional<ManifestEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
        rows++;
        if (!(next.get() instanceof ManifestRow row)) {
          errors++;
          continue;
        }
        rowBytes += row.size();
        if (run.options().bundleLayout()) {
          bundles.add(row.bundleUuid() + "." + row.bundleVersion());
        }
        if (seen.add(new BigInteger(row.sha256().substring(0, 16), 16).longValue())) {
          files++;
          bytes += row.size();
          if (run.store().has(row.sha256(), row.size())) {
            presentFiles++;
            presentBytes += row.size();
          }
        }
      }
    }
    if (rows == 0) {
      throw noRows(manifest);
    }
    ManifestPlan plan = new ManifestPlan(rows, errors, files, bytes, presentFiles, presentBytes);
    boolean dryRun = run.options().dryRun();
    e.setProperty(DRY_RUN, dryRun);
    if (dryRun) {
      e.getIn().setBody(plan);
      return;
    }
    DiskSpace.check(run.options().downloadDir(), plan.bytesToFetch());
    // the display counts every row, and the bytes of every row it will fetch or find present
    run.begin(-1, -1);
    run.planned(rows, rowBytes, plan.bytesToFetch());
    for (String bundle : bundles) {
      writeBundleJson(run, bundle);
    }
  }

  /** Each bundle version of the manifest gets its {@code bundle.json}, as a bundle download does. */
  private static void writeBundleJson(DownloadRun run, String layoutDir) throws IOException {
    int dot = layoutDir.indexOf('.');
    String uuid = layoutDir.substring(0, dot);
    String version = layoutDir.substring(dot + 1);
    JsonNode bundle;
    try {
      bundle = run.client().getBundle(uuid, run.options().replica(), version).path("bundle");
    } catch (DssException e) {
      run.recordError(0, uuid, version, "bundle.json", "bundle " + layoutDir + ": " + e.getMessage());
      return;
    }
    BundleSteps.writeBundleJson(run, bundle, layoutDir);
  }

  /** The manifest's entries, read again as the fetches consume them. */
  public Iterator<ManifestEntry> entries(Exchange e) throws IOException {
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    ManifestReader reader = ManifestReader.open(e.getProperty(MANIFEST, Path.class), columns(run));
    return new Iterator<>() {
      private Optional<ManifestEntry> next = read();

      private Optional<ManifestEntry> read() {
        Optional<ManifestEntry> n = reader.next();
        if (n.isEmpty()) {
          reader.close();
        }
        return n;
      }

      @Override
      public boolean hasNext() {
        if (next.isPresent() && run.stopped()) {
          reader.close(); // the rest is not read: the run ends after the files under way
          next = Optional.empty();
        }
        return next.isPresent();
      }

      @Override
      public ManifestEntry next() {
        ManifestEntry current = next.orElseThrow(NoSuchElementException::new);
        next = read();
        return current;
      }
    };
  }

  /**
   * Ends the run: closes the report and, when every row succeeded, writes the manifest again
   * with a {@code file_path} column into the download folder.
   */
  public DownloadSummary finish(Exchange e) throws IOException {
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    Path manifest = e.getProperty(MANIFEST, Path.class);
    run.close();
    run.throwIfStopped();
    Path output = null;
    if (run.allOk()) {
      Path dir = run.options().downloadDir().toAbsolutePath();
      output = dir.resolve(manifest.getFileName());
      if (output.toAbsolutePath().normalize().equals(manifest.toAbsolutePath().normalize())) {
        output = dir.resolve(withSuffix(manifest.getFileName().toString(), ".files"));
      }
      OutputManifest.write(manifest, output, row -> dir.relativize(run.store().pathOf(row.sha256())).toString());
    }
    return run.summary(output);
  }

  /** {@code name.tsv} -> {@code name<suffix>.tsv}. */
  static String withSuffix(String name, String suffix) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
  }
}
