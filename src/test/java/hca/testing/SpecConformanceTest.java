package hca.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conformance check itself must catch responses that break the spec. */
class SpecConformanceTest {

  private static Http.Response json(int status, String body) {
    return new Http.Response(
        status, Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBundleResponseWithoutItsRequiredFieldsIsCaught() {
    assertThatThrownBy(
            () ->
                SpecConformance.assertConforms(
                    "GET", "/bundles/0d9a4f6c-8a39-4b27-b94b-6c4ee6b5d1f2", json(200, "{\"bundle\": {\"uuid\": 5}}")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("bundle");
  }

  @Test
  void aStatusTheSpecDoesNotListIsCaughtUnlessNamedAsADeviation() {
    Http.Response r = new Http.Response(404, Map.of(), new byte[0]);
    assertThatThrownBy(
            () -> SpecConformance.assertConforms("HEAD", "/files/0d9a4f6c-8a39-4b27-b94b-6c4ee6b5d1f2", r))
        .isInstanceOf(AssertionError.class);
    SpecConformance.assertConforms(
        "HEAD", "/files/0d9a4f6c-8a39-4b27-b94b-6c4ee6b5d1f2", r, SpecConformance.Deviation.UNLISTED_STATUS);
  }
}
