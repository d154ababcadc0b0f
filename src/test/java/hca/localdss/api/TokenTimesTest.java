package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssVersion;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.Staging;
import hca.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A token's times as Google's token endpoint checks them: issued at most a minute ahead, valid for
 * at most an hour, with an expiry; and answers that carry state are never cached.
 */
class TokenTimesTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  private static Http.Response putFileWith(Consumer<ObjectNode> claims) {
    String src =
        Staging.stage(dss.s3(), "times/" + UUID.randomUUID(), "t".getBytes(StandardCharsets.UTF_8), "text/plain");
    return Http.call(
        "PUT",
        dss.api() + "/files/" + UUID.randomUUID() + "?version=" + DssVersion.now(),
        Http.json(Map.of("source_url", src, "creator_uid", 1)),
        Tokens.mint(dss.dss().userKey(), claims));
  }

  private static void assertUnauthorized(Http.Response r, String title) {
    assertThat(r.status()).as(r.toString()).isEqualTo(401);
    assertThat(r.json().get("code").asText()).isEqualTo("Unauthorized");
    assertThat(r.json().get("title").asText()).isEqualTo(title);
  }

  @Test
  void aTokenIssuedMoreThanAMinuteAheadIsRefused() {
    long now = Instant.now().getEpochSecond();
    assertUnauthorized(
        putFileWith(c -> c.put("iat", now + 600).put("exp", now + 1200)),
        "Authorization token is issued in the future (iat more than 60 s ahead of the server's clock)");
    assertThat(putFileWith(c -> c.put("iat", now + 20).put("exp", now + 20 + 3600)).status()).isEqualTo(201);
  }

  @Test
  void aTokenLivingLongerThanAnHourIsRefused() {
    long now = Instant.now().getEpochSecond();
    String title = "Authorization token lives longer than one hour (exp - iat > 3600 s)";
    assertUnauthorized(putFileWith(c -> c.put("iat", now).put("exp", now + 10L * 365 * 86400)), title);
    assertUnauthorized(putFileWith(c -> c.put("iat", now - 60).put("exp", now + 3600)), title);
    assertThat(putFileWith(c -> c.remove("iat")).status()).isEqualTo(201);
    assertUnauthorized(putFileWith(c -> c.<ObjectNode>without("iat").put("exp", now + 7200)), title);
    assertThat(putFileWith(c -> c.put("iat", now - 60).put("exp", now + 3540)).status()).isEqualTo(201);
  }

  @Test
  void aTokenWithoutExpiryIsRefused() {
    assertUnauthorized(putFileWith(c -> c.remove("exp")), "Authorization token has no exp (expiry) claim");
    assertUnauthorized(putFileWith(c -> c.put("exp", "tomorrow")), "Authorization token has no exp (expiry) claim");
  }

  @Test
  void answersThatCarryStateAreNotCached() {
    String origin = dss.dss().apiOrigin();
    for (String url :
        List.of(
            origin + "/internal/health",
            origin + "/internal/notifications",
            origin + "/internal/faults",
            origin + "/version",
            dss.api() + "/files/" + UUID.randomUUID() + "?replica=aws",
            dss.api() + "/bundles/all?replica=aws")) {
      Http.Response r = Http.get(url);
      assertThat(r.status()).as(url).isLessThan(500);
      assertThat(r.header("Cache-Control")).as(url).isEqualTo("no-store");
    }
  }
}
