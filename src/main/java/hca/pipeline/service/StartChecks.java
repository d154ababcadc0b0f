package hca.pipeline.service;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * What must hold before the pipeline says it is ready: its HTTP port free, and every documented
 * trigger route started. Camel Main only logs a port in use or a route that is not there.
 */
public final class StartChecks {

  /** The routes of {@code routes/pipeline.camel.yaml} the README documents as the pipeline's triggers. */
  public static final List<String> TRIGGER_ROUTES =
      List.of("inbox", "api-jobs", "api-job", "callbacks", "health-live", "health-ready");

  private StartChecks() {}

  /** Refuses a {@code camel.server.port} something already listens on. */
  public static void portFree(Properties props) throws BindException {
    if (!Boolean.parseBoolean(props.getProperty("camel.server.enabled", "true").trim())) {
      return;
    }
    String host = props.getProperty("camel.server.host", "127.0.0.1").trim();
    String value = props.getProperty("camel.server.port", "8088").trim();
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new SettingException("camel.server.port must be a port number, not '" + value + "'");
    }
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      String why = e instanceof BindException && e.getMessage() != null
          && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use")
          ? "address already in use" : String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      throw new BindException("cannot listen on " + host + ":" + port + ": " + why + " (camel.server.port)");
    }
  }

  /** Refuses a start where a documented trigger route is missing or did not start. */
  public static void triggersStarted(CamelContext camel, String routes) {
    List<String> missing = TRIGGER_ROUTES.stream()
        .filter(id -> camel.getRouteController().getRouteStatus(id) != ServiceStatus.Started)
        .toList();
    if (!missing.isEmpty()) {
      throw new SettingException("the routes " + routes + " did not start the trigger route"
          + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
          + " (the jar's routes/pipeline.camel.yaml has them all)");
    }
  }
}
