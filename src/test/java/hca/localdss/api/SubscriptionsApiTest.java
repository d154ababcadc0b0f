package hca.localdss.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hca.dss.DssVersion;
import hca.testing.CallbackReceiver;
import hca.testing.DssCalls.FileRef;
import hca.testing.Http;
import hca.testing.LocalDssExtension;
import hca.testing.SpecConformance;
import hca.testing.SpecConformance.Deviation;
import hca.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /subscriptions and the notifications they produce. */
class SubscriptionsApiTest {

  @RegisterExtension static LocalDssExtension dss = new LocalDssExtension();

  static CallbackReceiver receiver;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void setUp() throws Exception {
    receiver = new CallbackReceiver();
  }

  @AfterAll
  static void tearDown() {
    receiver.close();
  }

  private static Http.Response subscribe(String body) {
    return Http.call("PUT", dss.api() + "/subscriptions?replica=aws", body, dss.token());
  }

  private static String bundleWithOrgan(String organ) {
    FileRef specimen = dss.calls().file(
        ("{\"organ\": {\"text\": \"" + organ + "\"}, \"genus_species\": [{\"text\": \"Homo sapiens\"}]}").getBytes(StandardCharsets.UTF_8),
        "application/json");
    String uuid = UUID.randomUUID().toString();
    assertThat(dss.calls().putBundle(uuid, DssVersion.now(), Map.of("specimen_from_organism_0.json", specimen), "aws").status()).isEqualTo(201);
    return uuid;
  }

  /** Checks the draft-cavage HMAC signature independently of the server's code. */
  private static void assertSigned(CallbackReceiver.Received r, String keyId, String secret) throws Exception {
    String digest = "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(r.body()));
    assertThat(r.header("Digest")).isEqualTo(digest);
    Matcher m = Pattern.compile("keyId=\"([^\"]+)\".*signature=\"([^\"]+)\"").matcher(r.header("Authorization"));
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo(keyId);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = Base64.getEncoder().encodeToString(
        mac.doFinal(("date: " + r.header("Date") + "\ndigest: " + digest).getBytes(StandardCharsets.UTF_8)));
    assertThat(m.group(2)).isEqualTo(expected);
  }

  @Test
  void anElasticsearchSubscriptionIsNotifiedOfMatchingBundlesOnlyWithASignature() throws Exception {
    String body =
        "{\"callback_url\": \"" + receiver.url("/es") + "\", \"hmac_secret_key\": \"s3cret\", \"hmac_key_id\": \"k1\","
            + "\"es_query\": {\"query\": {\"match\": {\"files.specimen_from_organism_json.organ.text\": \"brain\"}}},"
            + "\"attachments\": {\"organ\": {\"type\": \"jmespath\", \"expression\": \"files.specimen_from_organism_json[0].organ.text\"}}}";
    Http.Response put = subscribe(body);
    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    assertThat(put.json().size()).isEqualTo(1);
    SpecConformance.assertConforms("PUT", "/subscriptions", put);
    String sub = put.json().get("uuid").asText();
    receiver.drain();

    bundleWithOrgan("liver");
    String brain = bundleWithOrgan("brain");
    CallbackReceiver.Received r = receiver.next(10);
    assertThat(r).isNotNull();
    JsonNode payload = JSON.readTree(r.body());
    assertThat(payload.get("subscription_id").asText()).isEqualTo(sub);
    assertThat(payload.get("match").get("bundle_uuid").asText()).isEqualTo(brain);
    assertThat(payload.get("attachments").get("organ").asText()).isEqualTo("brain");
    assertThat(r.header("X-dss-notify-attempt")).isEqualTo("1");
    assertSigned(r, "k1", "s3cret");
    assertThat(receiver.next(1)).isNull();

    Http.Response get = Http.call("GET", dss.api() + "/subscriptions/" + sub + "?replica=aws&subscription_type=elasticsearch", null, dss.token());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().has("hmac_secret_key")).isFalse();
    SpecConformance.assertConforms("GET", "/subscriptions/" + sub, get, Deviation.UNWRAPPED_OBJECT);
    Http.Response del = Http.call("DELETE", dss.api() + "/subscriptions/" + sub + "?replica=aws&subscription_type=elasticsearch", null, dss.token());
    assertThat(del.status()).isEqualTo(200);
    assertThat(DssVersion.isValid(del.json().get("timeDeleted").asText())).isTrue();
    SpecConformance.assertConforms("DELETE", "/subscriptions/" + sub, del);
    bundleWithOrgan("brain");
    assertThat(receiver.next(1)).isNull();
  }

  @Test
  void aJmespathSubscriptionIsRetriedUntilItsCallbackAnswers2xx() throws Exception {
    String body =
        "{\"callback_url\": \"" + receiver.url("/jmes") + "\", \"hmac_secret_key\": \"k\","
            + "\"jmespath_query\": \"files.specimen_from_organism_json[?organ.text=='heart']\"}";
    Http.Response put = subscribe(body);
    assertThat(put.status()).isEqualTo(201);
    assertThat(put.json().get("hmac_secret_key").asText()).isEqualTo("k");
    String sub = put.json().get("uuid").asText();
    receiver.drain();
    receiver.failNext(1);
    String heart = bundleWithOrgan("heart");
    CallbackReceiver.Received first = receiver.next(10);
    CallbackReceiver.Received second = receiver.next(10);
    assertThat(first.header("X-dss-notify-attempt")).isEqualTo("1");
    assertThat(second.header("X-dss-notify-attempt")).isEqualTo("2");
    JsonNode payload = JSON.readTree(second.body());
    assertThat(payload.get("event_type").asText()).isEqualTo("CREATE");
    assertThat(payload.get("match").get("bundle_uuid").asText()).isEqualTo(heart);
    assertThat(payload.get("bundle_url").asText()).startsWith(dss.dss().apiOrigin() + "/v1/bundles/" + heart);
    assertSigned(second, "hca-dss:" + sub, "k");

    Http.Response list = Http.call("GET", dss.api() + "/subscriptions?replica=aws", null, dss.token());
    assertThat(list.json().get("subscriptions").toString()).contains(sub).doesNotContain("hmac_secret_key");
    SpecConformance.assertConforms("GET", "/subscriptions", list);
    assertThat(Http.call("DELETE", dss.api() + "/subscriptions/" + sub + "?replica=aws", null, dss.token()).status()).isEqualTo(200);
  }

  @Test
  void badSubscriptionsAre400AndOthersSubscriptionsAreHidden() {
    assertThat(subscribe("{\"callback_url\": \"ftp://x\", \"jmespath_query\": \"a\"}").status()).isEqualTo(400);
    Http.Response jmes = subscribe("{\"callback_url\": \"http://x\", \"jmespath_query\": \"[?\"}");
    assertThat(jmes.json().get("code").asText()).isEqualTo("invalid_jmespath");
    Http.Response es = subscribe("{\"callback_url\": \"http://x\", \"es_query\": {\"query\": {\"fuzzy\": {}}}}");
    assertThat(es.json().get("code").asText()).isEqualTo("elasticsearch_bad_request");
    Http.Response name = subscribe("{\"callback_url\": \"http://x\", \"attachments\": {\"_x\": {\"type\": \"jmespath\", \"expression\": \"a\"}}}");
    assertThat(name.json().get("code").asText()).isEqualTo("invalid_attachment_name");
    Http.Response expr = subscribe("{\"callback_url\": \"http://x\", \"attachments\": {\"x\": {\"type\": \"jmespath\", \"expression\": \"[?\"}}}");
    assertThat(expr.json().get("code").asText()).isEqualTo("invalid_attachment_expression");
    Http.Response extra = subscribe("{\"callback_url\": \"http://x\", \"color\": \"blue\"}");
    assertThat(extra.status()).isEqualTo(400);

    String sub = subscribe("{\"callback_url\": \"http://127.0.0.1:9/x\"}").json().get("uuid").asText();
    String other = Tokens.mint(dss.dss().userKey(), c -> c.put("https://auth.data.humancellatlas.org/email", "else@example.org"));
    assertThat(Http.call("GET", dss.api() + "/subscriptions/" + sub + "?replica=aws", null, other).status()).isEqualTo(404);
    assertThat(Http.call("GET", dss.api() + "/subscriptions/" + UUID.randomUUID() + "?replica=aws", null, dss.token()).status()).isEqualTo(404);
    assertThat(Http.call("GET", dss.api() + "/subscriptions?replica=aws", null, null).status()).isEqualTo(401);
    assertThat(Http.call("DELETE", dss.api() + "/subscriptions/" + sub + "?replica=aws", null, dss.token()).status()).isEqualTo(200);
  }
}
