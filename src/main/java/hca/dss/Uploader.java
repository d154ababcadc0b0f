package hca.dss;

import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;

/**
 * What {@link DssClient#upload} runs: the {@code upload} flow of {@code hca.pipeline}, found with
 * {@link java.util.ServiceLoader} because the client does not depend on Camel.
 */
public interface Uploader {

  /**
   * Stages, registers and bundles the files of the request's folder.
   *
   * @throws hca.transfer.UploadSourceException when the folder cannot be uploaded as it is
   * @throws hca.transfer.StagingException when the staging bucket cannot be written
   * @throws hca.transfer.UploadFailedException when some files failed (no bundle; see the report)
   * @throws DssException when the DSS refused the bundle or could not be reached
   */
  UploadResult upload(DssClient dss, UploadRequest request);
}
