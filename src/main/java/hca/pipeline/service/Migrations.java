package hca.pipeline.service;

import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's schema as versioned migrations ({@code hca/pipeline/ledger/V<n>__<what>.sql}),
 * applied at start by whichever process opens the ledger first: several workers on one PostgreSQL
 * ledger take Flyway's lock in turn, so an upgrade runs once.
 */
final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  static final String LOCATION = "classpath:hca/pipeline/ledger";

  private Migrations() {}

  /** Brings the ledger's schema to the newest version; a ledger with tables but no history counts as version 1. */
  static void apply(String jdbcUrl, String user, String password) throws SQLException {
    try {
      MigrateResult r = Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(jdbcUrl, user, password)
          .locations(LOCATION)
          .table("ledger_schema_history")
          .baselineOnMigrate(true)
          .baselineVersion("1")
          .baselineDescription("ledger made before its migrations were recorded")
          .connectRetries(0)
          .load()
          .migrate();
      if (r.migrationsExecuted > 0) {
        LOG.info("ledger schema now at version {} ({} migrations applied)", r.targetSchemaVersion,
            r.migrationsExecuted);
      }
    } catch (FlywayException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof SQLException)) {
        cause = cause.getCause();
      }
      String why = cause instanceof SQLException ? cause.getMessage() : e.getMessage();
      throw new SQLException("cannot bring the ledger " + jdbcUrl + " up to date: " + firstLine(why), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown reason";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
