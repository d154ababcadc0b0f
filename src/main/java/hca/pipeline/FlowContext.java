package hca.pipeline;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.StartupSummaryLevel;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A short-lived Camel context for one command-line run of a flow: the same routes the pipeline
 * service runs, started for the command and stopped after it.
 */
public final class FlowContext implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FlowContext.class);

  private final CamelContext camel;
  private final ProducerTemplate producer;

  private FlowContext(CamelContext camel) {
    this.camel = camel;
    this.producer = camel.createProducerTemplate();
  }

  /** Starts a context with these routes. */
  public static FlowContext start(RoutesBuilder... routes) throws Exception {
    CamelContext camel = new DefaultCamelContext();
    // a library call logs nothing at INFO its caller did not ask for: no start and stop summaries
    camel.setStartupSummaryLevel(StartupSummaryLevel.Off);
    camel.getShutdownStrategy().setTimeout(10);
    for (RoutesBuilder r : routes) {
      camel.addRoutes(r);
    }
    camel.start();
    LOG.debug("flow context {} started with routes {}", camel.getName(), camel.getRoutes());
    return new FlowContext(camel);
  }

  /**
   * Sends a body with exchange properties to an endpoint and waits for the result; an exception
   * of the flow is rethrown.
   */
  public Exchange request(String endpoint, Object body, Map<String, Object> properties) throws Exception {
    Exchange result =
        producer.send(
            endpoint,
            ExchangePattern.InOut,
            e -> {
              e.getIn().setBody(body);
              properties.forEach(e::setProperty);
            });
    if (result.getException() != null) {
      throw result.getException();
    }
    return result;
  }

  public CamelContext camel() {
    return camel;
  }

  /**
   * A pool of {@code size} threads whose queue is bounded: when it is full the submitting thread
   * runs the task itself, so a streamed split never reads far ahead of its workers.
   */
  public static ExecutorService boundedPool(String name, int size) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return new ThreadPoolExecutor(
        size, size, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(size * 2), factory,
        new ThreadPoolExecutor.CallerRunsPolicy()) {
      @Override
      public void execute(Runnable task) {
        super.execute(withMdc(task));
      }
    };
  }

  /** The task, run with the submitter's logging context (a job's id), restoring the runner's. */
  static Runnable withMdc(Runnable task) {
    java.util.Map<String, String> submitter = org.slf4j.MDC.getCopyOfContextMap();
    return () -> {
      java.util.Map<String, String> own = org.slf4j.MDC.getCopyOfContextMap();
      set(submitter);
      try {
        task.run();
      } finally {
        set(own);
      }
    };
  }

  private static void set(java.util.Map<String, String> mdc) {
    if (mdc == null) {
      org.slf4j.MDC.clear();
    } else {
      org.slf4j.MDC.setContextMap(mdc);
    }
  }

  @Override
  public void close() throws Exception {
    producer.stop();
    camel.stop();
    LOG.debug("flow context {} stopped", camel.getName());
  }
}
