package hca.pipeline.service;

import hca.transfer.FetchRequest;
import hca.transfer.FetchResult;
import hca.transfer.TransferListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * The pipeline's counters, rendered in the Prometheus text format: files by outcome, body bytes,
 * retries, jobs by kind and outcome, and the exchanges in flight in each route.
 */
public final class Metrics implements TransferListener {

  private final Map<String, LongAdder> files = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> jobs = new ConcurrentHashMap<>();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder callbacksRefused = new LongAdder();

  @Override
  public void bytes(long n) {
    bytes.add(n);
  }

  @Override
  public void finished(FetchRequest r, FetchResult result) {
    files.computeIfAbsent(result.status().name(), k -> new LongAdder()).increment();
    if (result.attempts() > 1) {
      retries.add(result.attempts() - 1L);
    }
  }

  /** A row that could not be fetched at all. */
  public void invalid() {
    files.computeIfAbsent("INVALID", k -> new LongAdder()).increment();
  }

  public void job(String kind, Ledger.State state) {
    jobs.computeIfAbsent(kind + "\u0000" + state.name(), k -> new LongAdder()).increment();
  }

  public void callbackRefused() {
    callbacksRefused.increment();
  }

  public long bytes() {
    return bytes.sum();
  }

  /** The Prometheus text exposition of every counter, and the in-flight gauge per route. */
  public String render(CamelContext camel) {
    StringBuilder b = new StringBuilder();
    b.append("# HELP hca_files_total Files that ended, by outcome.\n# TYPE hca_files_total counter\n");
    new TreeMap<>(files).forEach((k, v) -> b.append("hca_files_total{status=\"").append(k).append("\"} ")
        .append(v.sum()).append('\n'));
    long failures = files.entrySet().stream()
        .filter(e -> !e.getKey().equals("FETCHED") && !e.getKey().equals("PRESENT"))
        .mapToLong(e -> e.getValue().sum()).sum();
    b.append("# HELP hca_file_failures_total Files that did not end in the store.\n")
        .append("# TYPE hca_file_failures_total counter\nhca_file_failures_total ").append(failures).append('\n');
    b.append("# HELP hca_bytes_total Body bytes fetched.\n# TYPE hca_bytes_total counter\nhca_bytes_total ")
        .append(bytes.sum()).append('\n');
    b.append("# HELP hca_retries_total Attempts beyond the first, over every file.\n")
        .append("# TYPE hca_retries_total counter\nhca_retries_total ").append(retries.sum()).append('\n');
    b.append("# HELP hca_jobs_total Jobs that ended, by kind and state.\n# TYPE hca_jobs_total counter\n");
    new TreeMap<>(jobs).forEach((k, v) -> {
      String[] kv = k.split("\u0000");
      b.append("hca_jobs_total{kind=\"").append(kv[0]).append("\",state=\"").append(kv[1]).append("\"} ")
          .append(v.sum()).append('\n');
    });
    b.append("# HELP hca_callbacks_refused_total Subscription callbacks refused for their signature.\n")
        .append("# TYPE hca_callbacks_refused_total counter\nhca_callbacks_refused_total ")
        .append(callbacksRefused.sum()).append('\n');
    b.append("# HELP hca_inflight_exchanges Exchanges in flight, by route.\n# TYPE hca_inflight_exchanges gauge\n");
    TreeMap<String, Integer> inflight = new TreeMap<>();
    for (Route r : camel.getRoutes()) {
      inflight.put(r.getRouteId(), camel.getInflightRepository().size(r.getRouteId()));
    }
    inflight.forEach((id, n) -> b.append("hca_inflight_exchanges{route=\"").append(id).append("\"} ")
        .append(n).append('\n'));
    return b.toString();
  }
}
