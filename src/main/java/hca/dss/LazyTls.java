package hca.dss;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JVM's default TLS context, set up on the first TLS connection rather than when the HTTP
 * client is built: loading the trust store takes a quarter of a second, and a client that talks
 * plain http to a local DSS never needs it. Certificates and host names are checked exactly as
 * with the default context, which does all the work once it exists.
 */
final class LazyTls {

  private LazyTls() {}

  /** A context that becomes {@link SSLContext#getDefault()} on first use. */
  static SSLContext context() {
    return new SSLContext(new Spi(), null, "Default") {};
  }

  /**
   * Parameters for the HTTP client, so that it does not ask the context for its defaults when it
   * is built; unset fields leave each connection's engine with the default context's settings.
   */
  static SSLParameters parameters() {
    return new SSLParameters();
  }

  private static final class Spi extends SSLContextSpi {
    private volatile SSLContext real;

    private SSLContext real() {
      SSLContext r = real;
      if (r == null) {
        synchronized (this) {
          if (real == null) {
            try {
              real = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("no default TLS context in this JVM", e);
            }
          }
          r = real;
        }
      }
      return r;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("the default TLS context cannot be initialized again");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
    }
  }
}
