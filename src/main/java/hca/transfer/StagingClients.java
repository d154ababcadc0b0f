package hca.transfer;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The storage clients of one upload, built from {@link StagingSettings} when first asked for (a
 * run to one cloud never builds the other's client). Closing closes what was built.
 */
public final class StagingClients implements AutoCloseable {

  private final StagingSettings settings;
  private final int connections;
  private S3Client s3;
  private S3Presigner presigner;
  private Storage gcs;

  /**
   * @param settings endpoints and credentials
   * @param connections how many connections the S3 client may keep open (at least the number of
   *     parallel uploads)
   */
  public StagingClients(StagingSettings settings, int connections) {
    this.settings = settings;
    this.connections = Math.max(connections, 8);
  }

  public StagingSettings settings() {
    return settings;
  }

  /**
   * The S3 client. The SDK's own request checksums are off: the upload already sends each
   * single-part object's MD5 ({@code Content-MD5}, checked by S3), and computing a CRC-32 on top
   * would be a second pass over every byte.
   */
  public synchronized S3Client s3() {
    if (s3 == null) {
      StagingSettings.S3 c = settings.s3();
      var b = S3Client.builder()
          .region(region())
          .credentialsProvider(credentials())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
          .httpClient(ApacheHttpClient.builder()
              .maxConnections(connections)
              // no "Expect: 100-continue" round trip before every object and part
              .expectContinueEnabled(false)
              .connectionTimeout(Duration.ofSeconds(20))
              .socketTimeout(Duration.ofSeconds(120))
              .build());
      if (c.endpoint() != null) {
        b.endpointOverride(endpoint(c.endpoint()))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .putAuthScheme(new UnsignedPayloadScheme());
      }
      s3 = b.build();
    }
    return s3;
  }

  /** A presigner with the same settings (camel-aws2-s3 wants one beside a client it is given). */
  public synchronized S3Presigner s3Presigner() {
    if (presigner == null) {
      StagingSettings.S3 c = settings.s3();
      var b = S3Presigner.builder().region(region()).credentialsProvider(credentials());
      if (c.endpoint() != null) {
        b.endpointOverride(endpoint(c.endpoint()))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
      }
      presigner = b.build();
    }
    return presigner;
  }

  /**
   * The Google Cloud Storage client: for an endpoint other than Google's (a local one), without
   * credentials; else with the application default credentials.
   */
  public synchronized Storage gcs() {
    if (gcs == null) {
      StagingSettings.Gcs c = settings.gcs();
      StorageOptions.Builder b = StorageOptions.newBuilder();
      if (c.endpoint() != null) {
        endpoint(c.endpoint());
        b.setHost(c.endpoint()).setCredentials(NoCredentials.getInstance())
            .setProjectId(c.project() == null ? "local" : c.project());
      } else if (c.project() != null) {
        b.setProjectId(c.project());
      }
      gcs = b.build().getService();
    }
    return gcs;
  }

  /** Where the S3 side is, for messages. */
  public String s3Location() {
    return settings.s3().endpoint() == null ? "AWS S3" : settings.s3().endpoint();
  }

  /** Where the GCS side is, for messages. */
  public String gcsLocation() {
    return settings.gcs().endpoint() == null ? "Google Cloud Storage" : settings.gcs().endpoint();
  }

  private Region region() {
    return Region.of(settings.s3().region() == null ? "us-east-1" : settings.s3().region());
  }

  private AwsCredentialsProvider credentials() {
    StagingSettings.S3 c = settings.s3();
    if (c.accessKey() != null && c.secretKey() != null) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static URI endpoint(String url) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new StagingException("staging endpoint " + url + " is not a URL (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public synchronized void close() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (presigner != null) {
      presigner.close();
    }
    if (gcs != null) {
      gcs.close();
    }
  }
}
