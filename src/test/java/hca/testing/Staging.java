package hca.testing;

import hca.localdss.LocalDss;
import hca.transfer.Checksummer;
import hca.transfer.Checksums;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Puts objects into the local S3 endpoint's staging bucket with the AWS SDK, as a client would. */
public final class Staging {

  private Staging() {}

  public static S3Client s3(LocalDss dss) {
    return s3(dss.s3Url(), dss.settings().s3AccessKey(), dss.settings().s3SecretKey());
  }

  /** An S3 client for the endpoint a data folder's endpoints.json names. */
  public static S3Client s3(java.nio.file.Path dataDir) throws java.io.IOException {
    com.fasterxml.jackson.databind.JsonNode e =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(dataDir.resolve("endpoints.json").toFile()).get("s3");
    return s3(e.get("endpoint").asText(), e.get("access_key").asText(), e.get("secret_key").asText());
  }

  public static S3Client s3(String endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClient(ApacheHttpClient.builder().build())
        .build();
  }

  /** Stages content with its true checksums; returns the {@code s3://} URL. */
  public static String stage(S3Client s3, String key, byte[] content, String contentType) {
    return stage(s3, key, content, contentType, Checksummer.of(content).stagingMetadata());
  }

  /** Stages content with the given user metadata; returns the {@code s3://} URL. */
  public static String stage(
      S3Client s3, String key, byte[] content, String contentType, Map<String, String> meta) {
    s3.putObject(
        PutObjectRequest.builder()
            .bucket(LocalDss.STAGING_BUCKET)
            .key(key)
            .contentType(contentType)
            .metadata(meta)
            .build(),
        RequestBody.fromBytes(content));
    return "s3://" + LocalDss.STAGING_BUCKET + "/" + key;
  }

  /** A Google Cloud Storage client for the local GCS endpoint. */
  public static Storage gcs(LocalDss dss) {
    return StorageOptions.newBuilder()
        .setHost(dss.gcsUrl())
        .setProjectId("hca-local")
        .setCredentials(NoCredentials.getInstance())
        .build()
        .getService();
  }

  /** Stages content on the GCS endpoint with its true checksums; returns the {@code gs://} URL. */
  public static String stageGcs(Storage gcs, String key, byte[] content, String contentType) {
    gcs.create(
        BlobInfo.newBuilder(LocalDss.STAGING_BUCKET, key)
            .setContentType(contentType)
            .setMetadata(Checksummer.of(content).stagingMetadata())
            .build(),
        content);
    return "gs://" + LocalDss.STAGING_BUCKET + "/" + key;
  }

  public static Checksums sums(byte[] content) {
    return Checksummer.of(content);
  }
}
