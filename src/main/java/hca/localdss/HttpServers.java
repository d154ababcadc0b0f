package hca.localdss;

import jakarta.servlet.http.HttpServlet;
import java.net.BindException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Starts the Jetty servers of the local cloud and the DSS API, one servlet each. */
public final class HttpServers {

  private HttpServers() {}

  /** A started server and the port it listens on. */
  public record Running(Server server, int port) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      try {
        server.stop();
      } catch (java.util.concurrent.TimeoutException e) {
        // Jetty stops everything and only then reports that a client's connection did not end
        // within the graceful-stop time (and marks itself failed rather than stopped): the server
        // is down once its connectors are
        for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
          if (c.isRunning()) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * Starts {@code servlet} on {@code host:port} (0 picks a free port).
   *
   * @param name names the server's threads
   * @param listener what listens, for the message when the port is taken ("the S3 endpoint")
   * @throws StartRefusedException when the address is in use; nothing is left running then
   */
  public static Running start(
      String name, String listener, String host, int port, HttpServlet servlet) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName(name);
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    // Object names arrive percent-encoded, '/' included (GCS paths); the servlets decode them.
    http.setUriCompliance(UriCompliance.UNSAFE);
    http.setRequestHeaderSize(64 * 1024);
    http.setOutputBufferSize(256 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(120_000);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addServlet(new ServletHolder(name, servlet), "/*");
    server.setHandler(context);
    server.setStopTimeout(2_000);
    try {
      server.start();
    } catch (Exception e) {
      server.stop(); // a server that failed to start may still hold its threads
      BindException bind = bindFailure(e);
      if (bind == null) {
        throw e;
      }
      throw new StartRefusedException(
          listener + " cannot listen on " + host + ":" + port + ": " + bind.getMessage(), e);
    }
    return new Running(server, connector.getLocalPort());
  }

  private static BindException bindFailure(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof BindException b) {
        return b;
      }
    }
    return null;
  }
}
