package hca.localdss.cloud;

import hca.localdss.store.BlobUrls;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/** Presigned (SigV4, path-style) GET URLs on the local S3 endpoint. */
public final class S3Urls implements BlobUrls, AutoCloseable {

  private final S3Presigner presigner;
  /** Signing is the costly part of a redirect; a URL is reused while most of its life is left. */
  private final Map<String, Signed> recent = new ConcurrentHashMap<>();

  private record Signed(String url, Instant expires) {}

  public S3Urls(String endpoint, String accessKey, String secretKey) {
    presigner =
        S3Presigner.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
  }

  @Override
  public String download(String bucket, String key, Duration ttl, String contentDisposition) {
    if (contentDisposition != null) {
      return sign(bucket, key, ttl, contentDisposition);
    }
    Instant now = Instant.now();
    Signed s = recent.get(bucket + "/" + key);
    if (s != null && s.expires().minus(ttl.multipliedBy(5).dividedBy(6)).isAfter(now)) {
      return s.url();
    }
    if (recent.size() > 100_000) {
      recent.clear();
    }
    String url = sign(bucket, key, ttl, null);
    recent.put(bucket + "/" + key, new Signed(url, now.plus(ttl)));
    return url;
  }

  private String sign(String bucket, String key, Duration ttl, String contentDisposition) {
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
    if (contentDisposition != null) {
      get.responseContentDisposition(contentDisposition);
    }
    return presigner
        .presignGetObject(
            GetObjectPresignRequest.builder().signatureDuration(ttl).getObjectRequest(get.build()).build())
        .url()
        .toString();
  }

  @Override
  public void close() {
    presigner.close();
  }
}
