package hca.cli;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/** Shows a sign-in URL: prints it, and opens the system browser when there is a display. */
final class BrowserLauncher {

  private final Map<String, String> env;
  private final PrintStream err;

  BrowserLauncher(Map<String, String> env, PrintStream err) {
    this.env = env;
    this.err = err;
  }

  /** Prints the URL on stderr (so it can be opened elsewhere), then opens it if asked and possible. */
  void show(URI url, boolean openBrowser) {
    err.println("Please visit this URL to authorize this application: " + url);
    err.flush();
    if (openBrowser && hasDisplay() && !open(url)) {
      err.println("No browser could be opened; open the URL above yourself.");
    }
  }

  private boolean hasDisplay() {
    return notBlank(env.get("DISPLAY")) || notBlank(env.get("WAYLAND_DISPLAY"));
  }

  private boolean open(URI url) {
    try {
      if (!GraphicsEnvironment.isHeadless()
          && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(url);
        return true;
      }
    } catch (Exception | LinkageError e) {
      // fall through to xdg-open
    }
    String xdgOpen = onPath("xdg-open");
    if (xdgOpen == null) {
      return false;
    }
    try {
      new ProcessBuilder(xdgOpen, url.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private String onPath(String name) {
    String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (!dir.isEmpty() && f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
