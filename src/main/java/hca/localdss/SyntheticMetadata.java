package hca.localdss;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.api.Json;
import java.time.Instant;
import java.util.SplittableRandom;

/** Varied, deterministic HCA-shaped metadata and data for synthetic seed bundles. */
final class SyntheticMetadata {

  private static final String[] ORGANS = {
    "brain", "heart", "liver", "lung", "kidney", "pancreas", "blood", "skin", "spleen", "bone marrow"
  };
  private static final String[] SEXES = {"female", "male", "unknown"};

  private SyntheticMetadata() {}

  static byte[] donor(int b, SplittableRandom rnd) {
    boolean human = rnd.nextInt(4) != 0;
    ObjectNode d = Json.object();
    d.put("describedBy", "https://schema.humancellatlas.org/type/biomaterial/5.2.1/donor_organism");
    d.put("schema_type", "biomaterial");
    ObjectNode core = d.putObject("biomaterial_core");
    core.put("biomaterial_id", "SYN-donor-" + b);
    core.putArray("ncbi_taxon_id").add(human ? 9606 : 10090);
    d.putArray("genus_species").addObject().put("text", human ? "Homo sapiens" : "Mus musculus");
    d.putObject("medical_history").put("smoking_history", rnd.nextBoolean() ? "yes" : "no");
    d.put("is_living", rnd.nextBoolean());
    d.put("biological_sex", SEXES[rnd.nextInt(SEXES.length)]);
    d.putObject("organism_age").put("value", 1 + rnd.nextInt(90)).put("unit", "year");
    d.put("synthetic_index", b);
    d.putObject("provenance")
        .put("document_id", Seeder.uuid("synthetic-donor-doc-" + b))
        .put("submission_date", Instant.parse("2019-01-01T00:00:00Z").plusSeconds(3600L * b).toString());
    return Json.bytes(d);
  }

  static byte[] specimen(int b, SplittableRandom rnd) {
    ObjectNode s = Json.object();
    s.put("describedBy", "https://schema.humancellatlas.org/type/biomaterial/5.2.2/specimen_from_organism");
    s.put("schema_type", "biomaterial");
    s.putObject("biomaterial_core").put("biomaterial_id", "SYN-specimen-" + b);
    s.putObject("organ").put("text", ORGANS[rnd.nextInt(ORGANS.length)]);
    s.putArray("genus_species").addObject().put("text", "Homo sapiens");
    s.put("synthetic_index", b);
    return Json.bytes(s);
  }

  /** {@code size} deterministic bytes for data file {@code f} of bundle {@code b}. */
  static byte[] data(int b, int f, long size) {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("synthetic data files are limited to 2 GiB");
    }
    byte[] out = new byte[(int) size];
    SplittableRandom rnd = new SplittableRandom(b * 1_000_003L + f);
    for (int i = 0; i < out.length; i += 8) {
      long v = rnd.nextLong();
      for (int k = 0; k < 8 && i + k < out.length; k++) {
        out[i + k] = (byte) (v >>> (8 * k));
      }
    }
    return out;
  }
}
