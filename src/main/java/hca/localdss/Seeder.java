package hca.localdss;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.localdss.api.Json;
import hca.localdss.records.BundleRecords;
import hca.localdss.records.FileRecords;
import hca.localdss.store.Keys;
import hca.localdss.store.Replica;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed data, loaded through the server's own records so that it is stored, mirrored and indexed
 * like anything a client PUTs. Seeding is deterministic (fixed uuids and versions), so seeding a
 * data folder again changes nothing.
 *
 * <ul>
 *   <li>{@code example}: the example bundle's 14 metadata files, indexed, plus two generated
 *       gzipped FASTQ data files ({@code R1.fastq.gz}, {@code R2.fastq.gz}), in replica aws.
 *   <li>{@code synthetic:bundles=N,files=K,size=S}: N bundles, each with two indexed metadata
 *       files of varied content and K data files of S bytes.
 * </ul>
 */
public final class Seeder {

  private static final Logger LOG = LoggerFactory.getLogger(Seeder.class);

  /** The example bundle's identity. */
  public static final String EXAMPLE_BUNDLE_UUID = "0f5f4c7a-2f4b-4fb8-9b8e-7c1f0e6b1a01";

  public static final String EXAMPLE_BUNDLE_VERSION = "2018-08-01T223408.596553Z";

  static final List<String> EXAMPLE_FILES =
      List.of(
          "cell_suspension_0.json", "dissociation_protocol_0.json", "donor_organism_0.json",
          "enrichment_protocol_0.json", "library_preparation_protocol_0.json", "links.json",
          "process_0.json", "process_1.json", "process_2.json", "project_0.json",
          "sequence_file_0.json", "sequence_file_1.json", "sequencing_protocol_0.json",
          "specimen_from_organism_0.json");

  private static final long CREATOR_UID = 8008;

  private final FileRecords files;
  private final BundleRecords bundles;

  Seeder(FileRecords files, BundleRecords bundles) {
    this.files = files;
    this.bundles = bundles;
  }

  /** Applies one seed spec; throws {@link IllegalArgumentException} naming a bad spec. */
  void seed(String spec, Replica replica) {
    if (spec.equals("example")) {
      example(replica);
    } else if (spec.startsWith("synthetic:")) {
      SyntheticSpec s = SyntheticSpec.parse(spec.substring("synthetic:".length()));
      synthetic(replica, s);
    } else {
      throw new IllegalArgumentException(
          "unknown seed '" + spec + "': use 'example' or 'synthetic:bundles=N,files=K,size=S'");
    }
  }

  private void example(Replica r) {
    if (r.catalog().contains(Keys.bundle(EXAMPLE_BUNDLE_UUID, EXAMPLE_BUNDLE_VERSION))) {
      return;
    }
    ArrayNode entries = Json.array();
    int i = 0;
    for (String name : EXAMPLE_FILES) {
      byte[] content = resource("/hca/localdss/example_bundle/" + name);
      entries.add(register(r, "example-file-" + name, content, "application/json", name, true, i++));
    }
    entries.add(register(r, "example-file-R1", fastqGz(1, 25_000), "application/gzip", "R1.fastq.gz", false, i++));
    entries.add(register(r, "example-file-R2", fastqGz(2, 25_000), "application/gzip", "R2.fastq.gz", false, i));
    bundles.put(r, EXAMPLE_BUNDLE_UUID, EXAMPLE_BUNDLE_VERSION, entries, CREATOR_UID);
    LOG.info("seeded the example bundle {}.{}", EXAMPLE_BUNDLE_UUID, EXAMPLE_BUNDLE_VERSION);
  }

  private ObjectNode register(
      Replica r, String seedName, byte[] content, String contentType, String name, boolean indexed, int n) {
    String uuid = uuid(seedName);
    String version = DssVersion.of(Instant.parse("2018-08-01T22:34:09Z").plusMillis(n * 1000L + 123));
    files.putContent(r, uuid, version, content, contentType, CREATOR_UID);
    ObjectNode e = Json.object();
    e.put("uuid", uuid);
    e.put("version", version);
    e.put("name", name);
    e.put("indexed", indexed);
    return e;
  }

  private void synthetic(Replica r, SyntheticSpec s) {
    long started = System.nanoTime();
    AtomicInteger created = new AtomicInteger();
    // Bundles are independent; a few writers keep the disk and both cores busy.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int b = 0; b < s.bundles(); b++) {
        int bundle = b;
        work.add(pool.submit(() -> {
          if (syntheticBundle(r, s, bundle)) {
            created.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("seeding interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("seeding failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    LOG.info("seeded {} synthetic bundles ({} already present) in {} ms", created.get(),
        s.bundles() - created.get(), (System.nanoTime() - started) / 1_000_000);
  }

  private boolean syntheticBundle(Replica r, SyntheticSpec s, int b) {
    String bundleUuid = uuid("synthetic-bundle-" + b);
    String version = DssVersion.of(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(b));
    if (r.catalog().contains(Keys.bundle(bundleUuid, version))) {
      return false;
    }
    SplittableRandom rnd = new SplittableRandom(b);
    ArrayNode entries = Json.array();
    entries.add(register(r, "synthetic-" + b + "-donor", SyntheticMetadata.donor(b, rnd), "application/json",
        "donor_organism_0.json", true, 0));
    entries.add(register(r, "synthetic-" + b + "-specimen", SyntheticMetadata.specimen(b, rnd), "application/json",
        "specimen_from_organism_0.json", true, 1));
    for (int f = 0; f < s.files(); f++) {
      byte[] data = SyntheticMetadata.data(b, f, s.size());
      entries.add(register(r, "synthetic-" + b + "-data-" + f, data, "application/octet-stream",
          String.format(Locale.ROOT, "data/file_%04d.bin", f), false, 2 + f));
    }
    bundles.put(r, bundleUuid, version, entries, CREATOR_UID);
    return true;
  }

  /** The deterministic uuid of a seed object. */
  static String uuid(String seedName) {
    return UUID.nameUUIDFromBytes(seedName.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static byte[] resource(String path) {
    try (InputStream in = Seeder.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A gzipped FASTQ of {@code reads} deterministic 100-base reads. */
  static byte[] fastqGz(int read, int reads) {
    SplittableRandom rnd = new SplittableRandom(read);
    char[] bases = {'A', 'C', 'G', 'T'};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < reads; i++) {
        b.setLength(0);
        b.append("@SEED.").append(i).append(' ').append(read).append(":N:0\n");
        for (int j = 0; j < 100; j++) {
          b.append(bases[rnd.nextInt(4)]);
        }
        b.append("\n+\n");
        for (int j = 0; j < 100; j++) {
          b.append((char) ('!' + 20 + rnd.nextInt(20)));
        }
        b.append('\n');
        gz.write(b.toString().getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
