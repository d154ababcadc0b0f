package hca.pipeline;

import hca.transfer.DownloadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import hca.transfer.Checksummer;
import hca.transfer.DiskFullException;
import hca.transfer.DiskSpace;
import hca.transfer.FetchRequest;
import hca.transfer.LinkOutOfFolderException;
import hca.transfer.SafeNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The download-bundle route's listing step: a bundle's files (every page), filtered by the
 * metadata and data globs, checked for names that would leave the bundle's folder or collide
 * when case is ignored, and its {@code bundle.json} written through the store.
 */
public final class BundleSteps {

  private static final ObjectMapper SORTED =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** The files to fetch for the bundle in the body ({@link BundleRef}). */
  public List<FileTask> files(Exchange e) throws IOException {
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    if (run.stopped()) {
      return List.of();
    }
    run.store().prepare(false); // before the store is read: a link out of the folder is not ours
    BundleRef ref = e.getIn().getBody(BundleRef.class);
    DownloadOptions o = run.options();
    JsonNode bundle = run.client().getBundle(ref.uuid(), o.replica(), ref.version()).path("bundle");
    String layoutDir = ref.uuid() + "." + bundle.path("version").asText();
    Globs metadata = new Globs(o.metadataFilters());
    Globs data = new Globs(o.dataFilters());
    Map<String, String> lowerNames = new HashMap<>();
    List<FileTask> tasks = new ArrayList<>();
    long bytes = 0;
    long allBytes = 0;
    int refused = 0;
    int i = 0;
    for (JsonNode f : bundle.path("files")) {
      i++;
      String name = f.path("name").asText();
      String clash = lowerNames.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (clash != null) {
        run.recordError(i, f.path("uuid").asText(), f.path("version").asText(), name,
            "bundle " + layoutDir + " has files named both '" + clash + "' and '" + name + "'");
        refused++;
        continue;
      }
      if (!(f.path("indexed").asBoolean() ? metadata : data).matches(name)) {
        continue;
      }
      try {
        SafeNames.resolveInside(o.downloadDir().resolve(layoutDir), name);
      } catch (IllegalArgumentException unsafe) {
        run.recordError(i, f.path("uuid").asText(), f.path("version").asText(), name, unsafe.getMessage());
        refused++;
        continue;
      }
      FetchRequest r =
          new FetchRequest(
              f.path("uuid").asText(), f.path("version").asText(), o.replica(), f.path("sha256").asText(),
              f.path("size").asLong(), f.path("crc32c").asText(null));
      if (!run.store().has(r.sha256(), r.size())) {
        bytes += r.size();
      }
      allBytes += r.size();
      tasks.add(new FileTask(i, name, layoutDir, r));
    }
    // the files refused count in the display's total, as they count among its files done
    run.planned(tasks.size() + refused, allBytes, bytes);
    if (o.dryRun()) {
      return List.of();
    }
    DiskSpace.check(o.downloadDir(), bytes);
    try {
      writeBundleJson(run, bundle, layoutDir);
    } catch (IOException ex) {
      LinkOutOfFolderException link = LinkOutOfFolderException.in(ex);
      if (link == null && !DiskFullException.is(ex)) {
        throw ex;
      }
      run.recordError(0, ref.uuid(), bundle.path("version").asText(), "bundle.json",
          link != null ? link.getMessage() : "no space left on device in " + o.downloadDir());
      run.stop(ex); // the query's other bundles would meet the same
      return List.of();
    }
    return tasks;
  }

  /** The whole bundle description, as the original wrote it, through the store into the layout. */
  static void writeBundleJson(DownloadRun run, JsonNode bundle, String layoutDir) throws IOException {
    Object sorted = SORTED.treeToValue(bundle, Object.class);
    byte[] json =
        SORTED.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("    ", "\n")))
            .writeValueAsBytes(sorted);
    String sha256 = Checksummer.of(json).sha256();
    run.store().put(json, sha256);
    run.store().link(sha256, run.options().downloadDir().resolve(layoutDir).resolve("bundle.json"));
  }
}
