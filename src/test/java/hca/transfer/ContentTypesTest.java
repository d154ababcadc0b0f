package hca.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypesTest {

  @Test
  void compressedFilesGetTheCompressionsMediaTypeNotAnEncoding() {
    assertThat(ContentTypes.of("R1.fastq.gz")).isEqualTo("application/gzip");
    assertThat(ContentTypes.of("reads/R2.FQ.GZ")).isEqualTo("application/gzip");
    assertThat(ContentTypes.of("matrix.mtx.bz2")).isEqualTo("application/x-bzip2");
  }

  @Test
  void commonBundleFilesGetTheTypesOfTheTable() {
    assertThat(ContentTypes.of("donor_organism_0.json")).isEqualTo("application/json");
    assertThat(ContentTypes.of("R1.fastq")).isEqualTo("text/plain");
    assertThat(ContentTypes.of("a/b/cells.tsv")).isEqualTo("text/tab-separated-values");
    assertThat(ContentTypes.of("genes.csv")).isEqualTo("text/csv");
    assertThat(ContentTypes.of("notes.txt")).isEqualTo("text/plain");
    assertThat(ContentTypes.of("aligned.bam")).isEqualTo("application/octet-stream");
    assertThat(ContentTypes.of("matrix.loom")).isEqualTo("application/x-hdf5");
  }

  @Test
  void unknownOrMissingExtensionsAreOctetStreams() {
    assertThat(ContentTypes.of("README")).isEqualTo(ContentTypes.DEFAULT);
    assertThat(ContentTypes.of(".hidden")).isEqualTo(ContentTypes.DEFAULT);
    assertThat(ContentTypes.of("trailing.")).isEqualTo(ContentTypes.DEFAULT);
    assertThat(ContentTypes.of("data.xyz")).isEqualTo(ContentTypes.DEFAULT);
    assertThat(ContentTypes.of("dir.json/file")).isEqualTo(ContentTypes.DEFAULT);
  }
}
