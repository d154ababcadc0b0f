package hca.pipeline.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job ledger in an H2 file and on a PostgreSQL server: what a restarted pipeline reads back. */
class LedgerTest {

  @TempDir Path tmp;

  private static hca.testing.PostgresServer postgres;

  @org.junit.jupiter.api.AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private String url;
  private String user = "hca";

  private String url() {
    return url != null ? url : "jdbc:h2:file:" + tmp.resolve("ledger") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  @Test
  void thePostgresLedgerKeepsTheSameRecords() throws Exception {
    if (postgres == null) {
      postgres = hca.testing.PostgresServer.start();
    }
    url = postgres.jdbcUrl();
    user = "postgres";
    jobsOutcomesAndTakenBundlesSurviveAReopen();
  }

  private static Ledger.JobRow job(String id, String kind, String sha) {
    return new Ledger.JobRow(id, kind, Ledger.State.QUEUED, "inbox:m.tsv", sha, "/in/" + id, "aws", Instant.now(),
        null, 0, 0, 0, 0, 0, null, null);
  }

  @Test
  void jobsOutcomesAndTakenBundlesSurviveAReopen() throws Exception {
    try (Ledger l = Ledger.open(url(), user, "")) {
      l.insert(job("a", "manifest", "11"));
      l.insert(job("b", "manifest", "22"));
      l.insert(job("c", "sync", null));
      l.running("a");
      l.running("b");
      l.finished("b", Ledger.State.DONE, 3, 2, 1, 0, 300, null, "/r/b.tsv");
      l.file("b", 1, "u1", "s1", "FAILED", 0, 3, "503");
      l.file("b", 1, "u1", "s1", "FETCHED", 100, 1, null);
      l.file("b", 1, "u1", "s1", "FETCHED", 100, 2, null);
      l.bundle("sync:x", "u", "v", "c", Ledger.State.FAILED);
      l.bundle("sync:x", "u", "v", "c", Ledger.State.DONE);
    }
    try (Ledger l = Ledger.open(url(), user, "")) {
      assertThat(l.unfinished()).extracting(Ledger.JobRow::id).containsExactly("a", "c");
      assertThat(l.job("a").orElseThrow().state()).isEqualTo(Ledger.State.RUNNING);
      Ledger.JobRow b = l.job("b").orElseThrow();
      assertThat(b.state()).isEqualTo(Ledger.State.DONE);
      assertThat(b.finished()).isNotNull();
      assertThat(b.files()).isEqualTo(3);
      assertThat(b.bytes()).isEqualTo(300);
      assertThat(b.report()).isEqualTo("/r/b.tsv");
      assertThat(l.byContent("manifest", "22").orElseThrow().id()).isEqualTo("b");
      assertThat(l.byContent("manifest", "33")).isEmpty();
      assertThat(l.fileCount("b", "FETCHED")).isEqualTo(1);
      assertThat(l.fileCount("b", "FAILED")).isEqualTo(1);
      assertThat(l.hasBundle("sync:x", "u", "v")).isTrue();
      assertThat(l.hasBundle("sync:y", "u", "v")).isFalse();
      assertThat(l.jobs(2)).hasSize(2);
      assertThat(l.healthy()).isTrue();
    }
  }

  @Test
  void aLongErrorIsCutToTheColumn() throws Exception {
    try (Ledger l = Ledger.open(url(), user, "")) {
      l.insert(job("a", "manifest", "11"));
      l.finished("a", Ledger.State.FAILED, 0, 0, 0, 0, 0, "x".repeat(10_000), null);
      assertThat(l.job("a").orElseThrow().error()).hasSize(4096);
    }
  }

  @Test
  void aNotifiedBundleIsRecordedOncePerSubscriptionTogetherWithItsJob() throws Exception {
    try (Ledger l = Ledger.open(url(), user, "")) {
      assertThat(l.insertOnce("sub-1", "u.v", job("cb-1", "bundle", null))).isEmpty();
      assertThat(l.insertOnce("sub-1", "u.v", job("cb-2", "bundle", null))).contains("cb-1");
      assertThat(l.insertOnce("sub-2", "u.v", job("cb-3", "bundle", null))).isEmpty();
      // a job that cannot be recorded takes its notification back with it
      assertThatThrownBy(() -> l.insertOnce("sub-3", "u.v", job("cb-1", "bundle", null)))
          .isInstanceOf(java.sql.SQLException.class);
      assertThat(l.insertOnce("sub-3", "u.v", job("cb-4", "bundle", null))).isEmpty();
    }
    try (Ledger l = Ledger.open(url(), user, "")) {
      assertThat(l.insertOnce("sub-1", "u.v", job("cb-5", "bundle", null))).contains("cb-1");
      assertThat(l.jobs(100)).extracting(Ledger.JobRow::id).filteredOn(id -> id.startsWith("cb-"))
          .containsExactlyInAnyOrder("cb-1", "cb-3", "cb-4");
      assertThat(l.job("cb-2")).isEmpty();
      for (String id : new String[] {"cb-1", "cb-3", "cb-4"}) {
        l.finished(id, Ledger.State.DONE, 0, 0, 0, 0, 0, null, null); // (the Postgres database is shared by the tests)
      }
    }
  }

  @Test
  void thePostgresLedgerRecordsANotifiedBundleOnce() throws Exception {
    if (postgres == null) {
      postgres = hca.testing.PostgresServer.start();
    }
    url = postgres.jdbcUrl();
    user = "postgres";
    aNotifiedBundleIsRecordedOncePerSubscriptionTogetherWithItsJob();
  }

  @Test
  void aNewLedgerRecordsItsSchemaVersion() throws Exception {
    try (Ledger l = Ledger.open(url(), user, "")) {
      assertThat(l.healthy()).isTrue();
    }
    assertThat(history()).containsExactly("1 SQL true");
  }

  @Test
  void aLedgerMadeBeforeMigrationsIsTakenAsVersionOneAndKeepsItsRows() throws Exception {
    String ddl = new String(
        LedgerTest.class.getResourceAsStream("/hca/pipeline/ledger/V1__ledger.sql").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), user, "");
        java.sql.Statement s = c.createStatement()) {
      for (String statement : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
      s.execute("INSERT INTO jobs (id, kind, state, created) VALUES ('old', 'manifest', 'DONE', CURRENT_TIMESTAMP)");
    }
    try (Ledger l = Ledger.open(url(), user, "")) {
      assertThat(l.job("old").orElseThrow().state()).isEqualTo(Ledger.State.DONE);
    }
    assertThat(history()).containsExactly("1 BASELINE true");
  }

  @Test
  void aLedgerThatCannotBeReachedIsOneLineNamingIt() {
    assertThatThrownBy(() -> Ledger.open("jdbc:postgresql://127.0.0.1:1/hca", "hca", ""))
        .isInstanceOf(java.sql.SQLException.class)
        .hasMessageStartingWith("cannot bring the ledger jdbc:postgresql://127.0.0.1:1/hca up to date: ")
        .hasMessageNotContaining("\n");
  }

  /** The ledger's migration history, as "version type success" rows. */
  private java.util.List<String> history() throws Exception {
    java.util.List<String> rows = new java.util.ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), user, "");
        java.sql.ResultSet r = c.createStatement().executeQuery(
            "SELECT \"version\", \"type\", \"success\" FROM \"ledger_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (r.next()) {
        rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getBoolean(3));
      }
    }
    return rows;
  }
}
