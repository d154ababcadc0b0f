package hca.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.apache.camel.Exchange;

/** The search route's pagination loop: every hit of a query, page by page, as a {@link BundleRef}. */
public final class SearchHits {

  /** The hits of the es_query in the body, lazily: one page in memory at a time. */
  public Iterator<BundleRef> hits(Exchange e) {
    DownloadRun run = e.getProperty(DownloadRun.PROPERTY, DownloadRun.class);
    JsonNode query = e.getIn().getBody(JsonNode.class);
    Iterator<JsonNode> hits = run.client().searchAll(query, run.options().replica());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !run.stopped() && hits.hasNext(); // a stopped run takes no further bundle
      }

      @Override
      public BundleRef next() {
        String fqid = hits.next().path("bundle_fqid").asText();
        int dot = fqid.indexOf('.');
        return new BundleRef(fqid.substring(0, dot), fqid.substring(dot + 1));
      }
    };
  }
}
