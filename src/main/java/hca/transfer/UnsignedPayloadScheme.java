package hca.transfer;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 as the SDK signs requests to https endpoints, also for a plain-http one (a local S3
 * endpoint): the payload goes as {@code UNSIGNED-PAYLOAD} instead of being hashed once more in
 * signed chunks. Staged content is checked by what the upload already sends (Content-MD5 of
 * single-part objects, the multipart ETag) and by the DSS, so a fifth digest of every byte (a
 * SHA-256, the dearest of them) buys nothing. The scheme is not part of the signature, so the
 * request is signed as https and sent as http.
 */
final class UnsignedPayloadScheme implements AwsV4AuthScheme {

  private final AwsV4AuthScheme standard = AwsV4AuthScheme.create();

  @Override
  public String schemeId() {
    return standard.schemeId();
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return standard.identityProvider(providers);
  }

  @Override
  public AwsV4HttpSigner signer() {
    return new Signer(standard.signer());
  }

  private record Signer(AwsV4HttpSigner standard) implements AwsV4HttpSigner {
    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      SdkHttpRequest http = request.request();
      // On 80 or 443 the Host header of an http request and of its https twin would differ.
      if (!"http".equals(http.protocol()) || http.port() == 80 || http.port() == 443) {
        return standard.sign(request);
      }
      SignedRequest signed = standard.sign(request.copy(b -> b.request(asHttps(http))));
      return signed.copy(b -> b.request(signed.request().toBuilder().protocol("http").port(http.port()).build()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      return standard.signAsync(request);
    }

    private static SdkHttpRequest asHttps(SdkHttpRequest http) {
      return http.toBuilder().protocol("https").port(http.port()).build();
    }
  }
}
