package hca.pipeline;

import hca.dss.DssClient;
import hca.dss.Uploader;
import hca.transfer.UploadRequest;
import hca.transfer.UploadResult;

/** {@link DssClient#upload} as the {@code upload} flow: registered in {@code META-INF/services}. */
public final class FlowUploader implements Uploader {

  @Override
  public UploadResult upload(DssClient dss, UploadRequest request) {
    try {
      return Uploads.upload(dss, request);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // only the Camel context's own start or stop throws checked exceptions
      throw new IllegalStateException("the upload flow could not run: " + e.getMessage(), e);
    }
  }
}
