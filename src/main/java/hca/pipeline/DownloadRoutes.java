package hca.pipeline;

import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.RouteBuilder;

/**
 * The download flows, each a route behind a {@code direct:} endpoint so that the command line,
 * the pipeline's triggers and other flows can call it:
 *
 * <ul>
 *   <li>{@code search}: POST /search page by page, one message per hit, to the endpoint named by
 *       the exchange property {@value #SEARCH_TARGET} (default {@code direct:download-bundle});
 *   <li>{@code download-bundle}: list a bundle's files (all pages), filter them, fetch them in
 *       parallel into the store and link them into {@code <uuid>.<version>/};
 *   <li>{@code download-manifest}: read a manifest TSV row by row (streamed twice: a plan, then
 *       the fetches in parallel), report each row, and write the output manifest;
 *   <li>{@code fetch-file}: one file: skip when stored, else a ranged, verified fetch; link it
 *       where its row or bundle says; record the outcome.
 * </ul>
 *
 * <p>The state of a run travels with its exchanges as the property {@value DownloadRun#PROPERTY}.
 */
public final class DownloadRoutes extends RouteBuilder {

  /** Where the search route sends each hit. */
  public static final String SEARCH_TARGET = "hca.search.target";

  private final ExecutorService fetchPool;

  /** @param fetchPool runs the fetches; bound its queue so that a long manifest is never read ahead */
  public DownloadRoutes(ExecutorService fetchPool) {
    this.fetchPool = fetchPool;
  }

  @Override
  public void configure() {
    ManifestSteps manifests = new ManifestSteps();
    BundleSteps bundles = new BundleSteps();
    FetchStep fetch = new FetchStep();
    // Failures reach the caller as exceptions (one line for the command line, the job's error for
    // the pipeline), not as logged stack traces: each file's failure is a report row already.
    errorHandler(noErrorHandler());

    from("direct:search")
        .routeId("search")
        .split(method(new SearchHits(), "hits"))
        .streaming()
        .toD("${exchangeProperty." + SEARCH_TARGET + "}")
        .end();

    from("direct:download-bundle")
        .routeId("download-bundle")
        .bean(bundles, "files")
        .split(body())
        .streaming()
        .parallelProcessing()
        .executorService(fetchPool)
        .to("direct:fetch-file")
        .end();

    from("direct:download-manifest")
        .routeId("download-manifest")
        .bean(manifests, "plan")
        .filter(exchangeProperty(ManifestSteps.DRY_RUN).isEqualTo(false))
        .bean(manifests, "entries")
        .split(body())
        .streaming()
        .parallelProcessing()
        .executorService(fetchPool)
        .to("direct:fetch-file")
        .end()
        .bean(manifests, "finish")
        .end();

    from("direct:fetch-file").routeId("fetch-file").bean(fetch, "fetch");
  }
}
