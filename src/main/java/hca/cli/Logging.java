package hca.cli;

import java.util.Locale;

/** Sets the log level before any logger exists, from {@code --log-level} or the configuration. */
final class Logging {

  /** Read by logback.xml as the root level. */
  static final String LEVEL_PROPERTY = "HCA_LOG_LEVEL";

  /** The commands that run as services and log through logback, with MDC. */
  private static final java.util.Set<String> SERVICES = java.util.Set.of("local-dss", "pipeline");

  /** The level names {@code --log-level} and {@code log_level} take, as the original client named them. */
  static final java.util.List<String> LEVELS = java.util.List.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL");

  private Logging() {}

  /**
   * Chooses the logging backend before the first logger exists: logback for services,
   * slf4j-simple (on stderr, level names the original used) for short commands.
   */
  static void backendFor(String command) {
    if (System.getProperty("slf4j.provider") != null) {
      return;
    }
    System.setProperty("slf4j.internal.verbosity", "WARN");
    if (command != null && SERVICES.contains(command)) {
      System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
    } else {
      System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
      System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
      System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
      System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
      System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
      // a command's own lines say what happened; Camel's start and stop lines would only add noise
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
    }
  }

  /** Maps the original's level names (WARNING, CRITICAL) onto the logger's. */
  static void level(String level) {
    String l = level.toUpperCase(Locale.ROOT);
    l = switch (l) {
      case "WARNING" -> "WARN";
      case "CRITICAL" -> "ERROR";
      default -> l;
    };
    System.setProperty(LEVEL_PROPERTY, l);
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l.toLowerCase(Locale.ROOT));
  }
}
