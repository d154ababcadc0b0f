package hca.dss;

import com.fasterxml.jackson.databind.JsonNode;
import hca.transfer.DownloadOptions;
import hca.transfer.DownloadSummary;
import java.nio.file.Path;

/**
 * What {@link DssClient#download}, {@link DssClient#downloadManifest} and {@link
 * DssClient#downloadQuery} run: the download flows of {@code hca.pipeline}, found with {@link
 * java.util.ServiceLoader} because the client does not depend on Camel.
 */
public interface Downloader {

  /** One bundle version (the latest when {@code version} is null) into its layout. */
  DownloadSummary bundle(DssClient dss, DownloadOptions options, String uuid, String version) throws Exception;

  /** Every bundle an es_query matches; the report is {@code <name>.report.tsv}. */
  DownloadSummary query(DssClient dss, DownloadOptions options, JsonNode esQuery, String name) throws Exception;

  /** The files of a manifest TSV. */
  DownloadSummary manifest(DssClient dss, DownloadOptions options, Path manifest) throws Exception;
}
