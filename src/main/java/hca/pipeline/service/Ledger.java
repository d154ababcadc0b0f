package hca.pipeline.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The job ledger: every job, every bundle a sync or callback took, and every file outcome, in a
 * database (an embedded H2 file by default; PostgreSQL or any JDBC URL whose driver is on the
 * class path: the SQL is plain, with no upserts of one dialect; one process writes at a time). A
 * restarted pipeline reads its unfinished jobs from here; syncs and the inbox read their
 * idempotency from here.
 */
public final class Ledger implements AutoCloseable {

  /** Where a job is. */
  public enum State { QUEUED, RUNNING, DONE, FAILED }

  /** One job as the ledger holds it. */
  public record JobRow(
      String id, String kind, State state, String source, String contentSha256, String input,
      String replica, Instant created, Instant finished, long files, long fetched, long present,
      long failed, long bytes, String error, String report) {}

  private final Connection db;

  private Ledger(Connection db) {
    this.db = db;
  }

  /**
   * Opens the ledger at this JDBC URL, first bringing its schema to this version with the
   * migrations under {@code hca/pipeline/ledger/}. A ledger made before migrations were recorded
   * (its tables but no history) is taken as version 1.
   */
  public static Ledger open(String jdbcUrl, String user, String password) throws SQLException {
    Migrations.apply(jdbcUrl, user, password);
    Connection c = DriverManager.getConnection(jdbcUrl, user, password);
    c.setAutoCommit(true);
    return new Ledger(c);
  }

  /** Records a new job. */
  public synchronized void insert(JobRow j) throws SQLException {
    insertJob(j);
  }

  /**
   * Records a notified bundle's job unless the subscription already notified that bundle: the
   * table's key decides, in one transaction with the job, so replays racing each other make one
   * job, here or in another process on the same database.
   *
   * @return empty when {@code j} was recorded, else the id of the job the first notification made
   */
  public synchronized Optional<String> insertOnce(String subscription, String bundle, JobRow j) throws SQLException {
    db.setAutoCommit(false);
    try {
      try (PreparedStatement p = db.prepareStatement(
          "INSERT INTO callbacks (subscription, bundle, job_id, received) VALUES (?,?,?,?)")) {
        bind(p, new Object[] {subscription, bundle, j.id(), java.sql.Timestamp.from(j.created())});
        p.executeUpdate();
      }
      insertJob(j);
      db.commit();
      return Optional.empty();
    } catch (SQLException e) {
      db.rollback();
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    } finally {
      db.setAutoCommit(true);
    }
    try (PreparedStatement p = db.prepareStatement("SELECT job_id FROM callbacks WHERE subscription = ? AND bundle = ?")) {
      bind(p, new Object[] {subscription, bundle});
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("callback " + subscription + " " + bundle + " is recorded and yet not found");
        }
        return Optional.of(r.getString(1));
      }
    }
  }

  private void insertJob(JobRow j) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO jobs (id, kind, state, source, content_sha256, input, replica, created) VALUES (?,?,?,?,?,?,?,?)")) {
      p.setString(1, j.id());
      p.setString(2, j.kind());
      p.setString(3, j.state().name());
      p.setString(4, j.source());
      p.setString(5, j.contentSha256());
      p.setString(6, j.input());
      p.setString(7, j.replica());
      p.setObject(8, java.sql.Timestamp.from(j.created()));
      p.executeUpdate();
    }
  }

  /** Changes where a job's input is. */
  public synchronized void input(String id, String input) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("UPDATE jobs SET input = ? WHERE id = ?")) {
      p.setString(1, input);
      p.setString(2, id);
      p.executeUpdate();
    }
  }

  /** Moves a job to RUNNING. */
  public synchronized void running(String id) throws SQLException {
    update("UPDATE jobs SET state = 'RUNNING' WHERE id = ?", id);
  }

  /** Records how a job ended, with its counts. */
  public synchronized void finished(
      String id, State state, long files, long fetched, long present, long failed, long bytes,
      String error, String report) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "UPDATE jobs SET state = ?, finished = ?, files = ?, fetched = ?, present = ?, failed = ?, bytes = ?, "
            + "error = ?, report = ? WHERE id = ?")) {
      p.setString(1, state.name());
      p.setObject(2, java.sql.Timestamp.from(Instant.now()));
      p.setLong(3, files);
      p.setLong(4, fetched);
      p.setLong(5, present);
      p.setLong(6, failed);
      p.setLong(7, bytes);
      p.setString(8, error == null ? null : truncate(error, 4096));
      p.setString(9, report);
      p.setString(10, id);
      p.executeUpdate();
    }
  }

  /** Records one file's outcome in a job (a re-run of the line replaces an outcome of the same status). */
  public synchronized void file(
      String jobId, long line, String fileUuid, String sha256, String status, long bytes, int attempts,
      String error) throws SQLException {
    String e = error == null ? null : truncate(error, 2048);
    upsert("UPDATE files SET file_uuid = ?, sha256 = ?, bytes = ?, attempts = ?, error = ? "
            + "WHERE job_id = ? AND line = ? AND status = ?",
        new Object[] {fileUuid, sha256, bytes, attempts, e, jobId, line, status},
        "INSERT INTO files (job_id, line, file_uuid, sha256, status, bytes, attempts, error) VALUES (?,?,?,?,?,?,?,?)",
        new Object[] {jobId, line, fileUuid, sha256, status, bytes, attempts, e});
  }

  /** How many file outcomes of a job have this status. */
  public synchronized long fileCount(String jobId, String status) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("SELECT COUNT(*) FROM files WHERE job_id = ? AND status = ?")) {
      p.setString(1, jobId);
      p.setString(2, status);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Whether a bundle version was taken in this scope (a sync's name, a subscription). */
  public synchronized boolean hasBundle(String scope, String uuid, String version) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "SELECT 1 FROM bundles WHERE scope = ? AND uuid = ? AND version = ? AND state = 'DONE'")) {
      p.setString(1, scope);
      p.setString(2, uuid);
      p.setString(3, version);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Records a bundle version's outcome in a scope. */
  public synchronized void bundle(String scope, String uuid, String version, String jobId, State state)
      throws SQLException {
    java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
    upsert("UPDATE bundles SET job_id = ?, state = ?, updated = ? WHERE scope = ? AND uuid = ? AND version = ?",
        new Object[] {jobId, state.name(), now, scope, uuid, version},
        "INSERT INTO bundles (scope, uuid, version, job_id, state, updated) VALUES (?,?,?,?,?,?)",
        new Object[] {scope, uuid, version, jobId, state.name(), now});
  }

  /**
   * Updates a row, or inserts it when the update found none: plain SQL every database takes (the
   * caller holds this ledger's lock, and one process writes a ledger).
   */
  private void upsert(String update, Object[] updateArgs, String insert, Object[] insertArgs) throws SQLException {
    try (PreparedStatement u = db.prepareStatement(update)) {
      bind(u, updateArgs);
      if (u.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement p = db.prepareStatement(insert)) {
      bind(p, insertArgs);
      p.executeUpdate();
    }
  }

  /** Binds values in order; a null is a null string (every nullable column here is text). */
  private static void bind(PreparedStatement p, Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        p.setNull(i + 1, java.sql.Types.VARCHAR);
      } else {
        p.setObject(i + 1, values[i]);
      }
    }
  }

  public synchronized Optional<JobRow> job(String id) throws SQLException {
    List<JobRow> rows = query("SELECT * FROM jobs WHERE id = ?", id);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** The latest job of this kind over content with this sha256. */
  public synchronized Optional<JobRow> byContent(String kind, String sha256) throws SQLException {
    List<JobRow> rows = query(
        "SELECT * FROM jobs WHERE content_sha256 = ? AND kind = '" + kind + "' ORDER BY created DESC LIMIT 1", sha256);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** The newest jobs first. */
  public synchronized List<JobRow> jobs(int limit) throws SQLException {
    return query("SELECT * FROM jobs ORDER BY created DESC LIMIT " + Math.max(1, limit));
  }

  /** Jobs a stopped pipeline left queued or running. */
  public synchronized List<JobRow> unfinished() throws SQLException {
    return query("SELECT * FROM jobs WHERE state IN ('QUEUED', 'RUNNING') ORDER BY created");
  }

  /** Whether the database answers. */
  public synchronized boolean healthy() {
    try {
      return db.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void update(String sql, String id) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      p.setString(1, id);
      p.executeUpdate();
    }
  }

  private List<JobRow> query(String sql, String... args) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      List<JobRow> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          java.sql.Timestamp fin = r.getTimestamp("finished");
          out.add(new JobRow(
              r.getString("id"), r.getString("kind"), State.valueOf(r.getString("state")), r.getString("source"),
              r.getString("content_sha256"), r.getString("input"), r.getString("replica"),
              r.getTimestamp("created").toInstant(), fin == null ? null : fin.toInstant(), r.getLong("files"),
              r.getLong("fetched"), r.getLong("present"), r.getLong("failed"), r.getLong("bytes"),
              r.getString("error"), r.getString("report")));
        }
      }
      return out;
    }
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }
}
