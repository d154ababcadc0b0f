package hca.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.DssApiException;
import hca.localdss.Seeder;
import hca.testing.LocalDssExtension;
import hca.transfer.DownloadSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The hca-dss endpoints used from routes: operations, flows, the search consumer and bad options. */
class DssComponentTest {

  @RegisterExtension static LocalDssExtension dss = LocalDssExtension.seededWithExample();

  private static final String BUNDLE = Seeder.EXAMPLE_BUNDLE_UUID;
  private static final String FQID = BUNDLE + "." + Seeder.EXAMPLE_BUNDLE_VERSION;

  @TempDir Path tmp;
  private CamelContext camel;
  private ProducerTemplate template;

  @BeforeEach
  void start() throws Exception {
    camel = CamelFixture.context(dss, tmp.resolve("home"), new Properties());
    camel.start();
    template = camel.createProducerTemplate();
  }

  @AfterEach
  void stop() {
    camel.stop();
  }

  @Test
  void anOperationByItsNameAnswersTheDssJsonWithEveryPage() {
    JsonNode bundle = template.requestBody("hca-dss:get_bundle?replica=aws&per_page=10&uuid=" + BUNDLE, null,
        JsonNode.class);
    assertThat(bundle.at("/bundle/uuid").asText()).isEqualTo(BUNDLE);
    assertThat(bundle.at("/bundle/version").asText()).isEqualTo(Seeder.EXAMPLE_BUNDLE_VERSION);
    // 16 files at 10 a page: the second page was followed and joined
    assertThat(bundle.at("/bundle/files").size()).isEqualTo(16);
  }

  @Test
  void headersGiveParametersAndTheBodyGivesTheJsonFields() throws Exception {
    JsonNode query = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Files.readString(Path.of("examples/query.json")));
    org.apache.camel.Exchange answer = template.request("hca-dss:post_search", e -> {
      e.getIn().setBody(query);
      e.getIn().setHeader("HcaDss.replica", "aws");
    });
    JsonNode hits = answer.getMessage().getBody(JsonNode.class);
    assertThat(hits.get("results")).extracting(h -> h.get("bundle_fqid").asText()).contains(FQID);
    assertThat(answer.getMessage().getHeader(DssHeaders.STATUS)).isEqualTo(200);
    // a later step of a route reads it as text
    assertThat(answer.getMessage().getBody(String.class)).contains(FQID);
  }

  @Test
  void anApiErrorFailsTheExchangeWithTheDssCodeAndStatus() {
    assertThatThrownBy(() -> template.requestBody(
        "hca-dss:get_bundle?replica=aws&uuid=00000000-0000-4000-8000-000000000000", (Object) null))
        .isInstanceOf(CamelExecutionException.class)
        .cause().isInstanceOf(DssApiException.class).hasMessageContaining("not_found").hasMessageContaining("404");
  }

  @Test
  void downloadBundleTakesABundleIdAndAnswersTheSummary() {
    Path dir = tmp.resolve("downloads");
    DownloadSummary s = template.requestBody(
        "hca-dss:download-bundle?replica=aws&downloadDir=" + dir + "&dataFilter=none&metadataFilter=*.json",
        FQID, DownloadSummary.class);
    assertThat(s.ok()).isTrue();
    Path layout = dir.resolve(FQID);
    try (var files = Files.list(layout)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("cell_suspension_0.json", "project_0.json").noneMatch(n -> n.endsWith(".fastq.gz"));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(s.fetched()).isEqualTo(s.plannedFiles()).isPositive();
  }

  @Test
  void searchEmitsEachBundleVersionOnceOverManyPolls() throws Exception {
    AtomicInteger emitted = new AtomicInteger();
    CountDownLatch repeats = new CountDownLatch(3);
    MemoryIdempotentRepository seen = new MemoryIdempotentRepository() {
      @Override
      public boolean add(String key) {
        boolean added = super.add(key);
        if (!added) {
          repeats.countDown();
        }
        return added;
      }
    };
    camel.getRegistry().bind("seen", seen);
    Path query = Path.of("examples/query.json").toAbsolutePath();
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("hca-dss:search?replica=aws&delay=50&idempotentRepository=#seen&query=" + query)
            .routeId("test-search").process(e -> {
              assertThat(e.getMessage().getHeader(DssHeaders.BUNDLE_FQID)).isEqualTo(FQID);
              assertThat(e.getMessage().getBody(JsonNode.class).get("bundle_fqid").asText()).isEqualTo(FQID);
              emitted.incrementAndGet();
            });
      }
    });
    assertThat(repeats.await(60, TimeUnit.SECONDS)).as("three later polls saw the bundle again").isTrue();
    assertThat(emitted.get()).isEqualTo(1);
  }

  @Test
  void aFailedMessageIsOfferedAgainByTheNextPoll() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    NotifyBuilder twice = new NotifyBuilder(camel).fromRoute("failing-search").whenFailed(2).create();
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("hca-dss:search?replica=aws&delay=50&query={\"query\": {\"match_all\": {}}}")
            .routeId("failing-search").process(e -> {
              attempts.incrementAndGet();
              throw new IllegalStateException("not yet");
            });
      }
    });
    assertThat(twice.matches(60, TimeUnit.SECONDS)).isTrue();
    assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anUnknownOperationStopsTheRouteStartNamingIt() {
    assertThatThrownBy(() -> camel.addRoutes(route("hca-dss:get_bundel?replica=aws")))
        .hasStackTraceContaining("hca-dss://get_bundel").hasStackTraceContaining("no operation 'get_bundel'")
        .hasStackTraceContaining("get_bundle");
  }

  @Test
  void anUnknownOptionStopsTheRouteStartNamingIt() {
    assertThatThrownBy(() -> camel.addRoutes(route("hca-dss:download-bundle?downloadDir=x&colour=red")))
        .hasStackTraceContaining("colour");
  }

  @Test
  void aMissingOrBadOptionStopsTheRouteStartNamingIt() {
    assertThatThrownBy(() -> camel.addRoutes(route("hca-dss:download-manifest?replica=aws")))
        .hasStackTraceContaining("option downloadDir is required");
    assertThatThrownBy(() -> camel.addRoutes(route("hca-dss:download-manifest?replica=azure&downloadDir=x")))
        .hasStackTraceContaining("option replica must be aws or gcp, not 'azure'");
    assertThatThrownBy(() -> camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        from("hca-dss:search?query={\"query\": ").to("log:x");
      }
    })).hasStackTraceContaining("option query: invalid JSON at line 1");
  }

  @Test
  void aMessageOfTheWrongShapeFailsNamingTheEndpoint() {
    assertThatThrownBy(() -> template.requestBody("hca-dss:download-bundle?downloadDir=" + tmp, 42))
        .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no bundle");
    assertThatThrownBy(() -> template.requestBody("hca-dss:download-bundle?downloadDir=" + tmp, "not-a-uuid"))
        .cause().hasMessageContaining("'not-a-uuid' is not a bundle uuid");
    assertThatThrownBy(() -> template.requestBody("hca-dss:post_search?replica=aws", "[1, 2]"))
        .cause().hasMessageContaining("the message body is a JSON object");
    assertThatThrownBy(() -> template.requestBodyAndHeaders("hca-dss:get_bundle?replica=aws", null,
        Map.of("HcaDss.uuid", BUNDLE, "HcaDss.colour", "red")))
        .cause().hasMessageContaining("header HcaDss.colour names no parameter of get_bundle");
  }

  private static RouteBuilder route(String to) {
    return new RouteBuilder() {
      @Override
      public void configure() {
        from("direct:in").to(to);
      }
    };
  }
}
