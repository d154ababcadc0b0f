package hca.transfer;

import java.util.Locale;
import java.util.Map;

/**
 * The content type a staged file gets, from its name's last extension (case does not matter).
 * Compressed files get the type of the compression, never its "encoding" (the original client
 * wrote {@code gzip}, which is not a media type): {@code R1.fastq.gz} is {@code application/gzip}.
 *
 * <table>
 *   <caption>Extensions and types</caption>
 *   <tr><td>json</td><td>application/json</td></tr>
 *   <tr><td>gz, bz2, xz, zst, zip, tar</td><td>application/gzip, application/x-bzip2,
 *       application/x-xz, application/zstd, application/zip, application/x-tar</td></tr>
 *   <tr><td>fastq, fq, fasta, fa, fna, sam, vcf, mtx, txt, log</td><td>text/plain</td></tr>
 *   <tr><td>tsv, csv</td><td>text/tab-separated-values, text/csv</td></tr>
 *   <tr><td>html, htm, md, xml, yaml, yml</td><td>text/html, text/markdown, application/xml,
 *       application/yaml</td></tr>
 *   <tr><td>h5, hdf5, h5ad, loom</td><td>application/x-hdf5</td></tr>
 *   <tr><td>pdf, png, jpg, jpeg, tif, tiff</td><td>application/pdf, image/png, image/jpeg,
 *       image/tiff</td></tr>
 *   <tr><td>bam, bai, cram, crai, anything else</td><td>application/octet-stream</td></tr>
 * </table>
 */
public final class ContentTypes {

  /** The type of a file whose extension is not in the table. */
  public static final String DEFAULT = "application/octet-stream";

  private static final String TEXT = "text/plain";
  private static final String HDF5 = "application/x-hdf5";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("json", "application/json"),
          Map.entry("gz", "application/gzip"),
          Map.entry("bz2", "application/x-bzip2"),
          Map.entry("xz", "application/x-xz"),
          Map.entry("zst", "application/zstd"),
          Map.entry("zip", "application/zip"),
          Map.entry("tar", "application/x-tar"),
          Map.entry("fastq", TEXT),
          Map.entry("fq", TEXT),
          Map.entry("fasta", TEXT),
          Map.entry("fa", TEXT),
          Map.entry("fna", TEXT),
          Map.entry("sam", TEXT),
          Map.entry("vcf", TEXT),
          Map.entry("mtx", TEXT),
          Map.entry("txt", TEXT),
          Map.entry("log", TEXT),
          Map.entry("tsv", "text/tab-separated-values"),
          Map.entry("csv", "text/csv"),
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("md", "text/markdown"),
          Map.entry("xml", "application/xml"),
          Map.entry("yaml", "application/yaml"),
          Map.entry("yml", "application/yaml"),
          Map.entry("h5", HDF5),
          Map.entry("hdf5", HDF5),
          Map.entry("h5ad", HDF5),
          Map.entry("loom", HDF5),
          Map.entry("pdf", "application/pdf"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("tif", "image/tiff"),
          Map.entry("tiff", "image/tiff"));

  private ContentTypes() {}

  /** The content type for a file name or path (only the part after the last {@code /} counts). */
  public static String of(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    if (dot <= 0 || dot == base.length() - 1) {
      return DEFAULT; // no extension, or a dot file such as .bashrc
    }
    return BY_EXTENSION.getOrDefault(base.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
  }
}
