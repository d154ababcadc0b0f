package hca.pipeline.service;

import hca.transfer.AtomicTextFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the inbox route does with a manifest the file consumer picked up: a job for it (or the
 * unfinished job a stopped pipeline left for the same content), run to its end; then the report
 * beside the manifest in {@code .done/}, or the report and a readable error in {@code .failed/}.
 * Content that a finished job already processed is not run again: it goes to {@code .done/} with
 * a note naming that job. The route's file consumer moves the manifest itself, named {@code
 * <job id>-<name>}.
 */
public final class Inbox {

  private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

  /** Thrown when a manifest's job failed, so that the consumer moves it to {@code .failed/}. */
  public static final class JobFailed extends Exception {
    JobFailed(String message) {
      super(message, null, false, false);
    }
  }

  private final Jobs jobs;

  public Inbox(Jobs jobs) {
    this.jobs = jobs;
  }

  public void receive(Exchange e) throws Exception {
    GenericFile<?> f = e.getIn().getBody(GenericFile.class);
    Path file = Path.of(f.getAbsoluteFilePath());
    String name = file.getFileName().toString();
    String stem = name.replaceFirst("\\.tsv$", "");
    if (Files.isSymbolicLink(file)) {
      // a link could name any file on this machine: the inbox takes only files put into it
      String why = name + ": a symbolic link; the inbox takes only regular files";
      e.getIn().setHeader(Jobs.JOB_HEADER, "refused");
      Path failed = Files.createDirectories(file.getParent().resolve(".failed"));
      AtomicTextFile.write(failed.resolve("refused-" + stem + ".error.txt"), why + "\n");
      throw new JobFailed(why);
    }
    String sha = Jobs.sha256(file);
    Optional<Ledger.JobRow> prior = jobs.ledger().byContent("manifest", sha);
    Path inbox = file.getParent();
    Ledger.JobRow job;
    if (prior.isPresent() && prior.get().state() == Ledger.State.DONE) {
      Ledger.JobRow p = prior.get();
      e.getIn().setHeader(Jobs.JOB_HEADER, p.id());
      Path note = inbox.resolve(".done").resolve(p.id() + "-" + stem + ".duplicate.txt");
      AtomicTextFile.write(note, name + ": the same content as job " + p.id() + " (" + p.source() + "), done "
          + p.finished() + "; not run again.\n");
      LOG.info("{}: the same content as job {}, done {}; not run again", name, p.id(), p.finished());
      // a pipeline stopped between the end of that job and the move of its manifest left no report here
      copyReport(p, inbox.resolve(".done"), p.id() + "-" + stem, false);
      return;
    }
    if (prior.isPresent() && prior.get().state() != Ledger.State.FAILED) {
      job = prior.get();
      LOG.info("{}: continuing job {}, left unfinished by a stopped pipeline", name, job.id());
    } else {
      job = jobs.newManifestJob(file, "inbox:" + name, jobs.settings().replica(), sha);
      LOG.info("{}: job {}", name, job.id());
    }
    e.getIn().setHeader(Jobs.JOB_HEADER, job.id());
    Ledger.JobRow end = jobs.runNow(job.id());
    boolean ok = end.state() == Ledger.State.DONE;
    Path dir = inbox.resolve(ok ? ".done" : ".failed");
    Files.createDirectories(dir);
    String prefix = job.id() + "-" + stem;
    copyReport(end, dir, prefix, true);
    if (!ok) {
      String text = name + ": job " + job.id() + " failed: " + end.error() + "\n"
          + "files: " + end.fetched() + " fetched, " + end.present() + " already present, " + end.failed()
          + " failed\n"
          + (end.report() != null ? "the report, one row per manifest line: " + prefix + ".report.tsv\n"
              : "nothing was fetched.\n");
      AtomicTextFile.write(dir.resolve(prefix + ".error.txt"), text);
      throw new JobFailed(name + ": job " + job.id() + " failed: " + end.error());
    }
  }

  /** The job's report as {@code dir/<prefix>.report.tsv} (kept when there and not {@code replace}). */
  private static void copyReport(Ledger.JobRow job, Path dir, String prefix, boolean replace) throws IOException {
    Path target = dir.resolve(prefix + ".report.tsv");
    if (job.report() == null || !Files.exists(Path.of(job.report())) || (!replace && Files.exists(target))) {
      return;
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + prefix + ".report.tsv.tmp");
    Files.copy(Path.of(job.report()), tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
