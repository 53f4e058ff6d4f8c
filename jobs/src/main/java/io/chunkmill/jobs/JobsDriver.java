package io.chunkmill.jobs;

import io.chunkmill.jobs.generate.GenerateJob;
import org.apache.hadoop.util.ProgramDriver;

/**
 * The main class of the jobs jar: {@code hadoop jar chunkmill-jobs.jar <program> [args]}.
 * Without a program it lists them, one line each.
 */
public final class JobsDriver {
  private JobsDriver() {}

  public static ProgramDriver programs() throws Throwable {
    ProgramDriver driver = new ProgramDriver();
    driver.addClass("ingest", io.chunkmill.jobs.ingest.IngestJob.class,
        "Raw message files to validated, deduplicated, day-partitioned Avro events, with accounting.");
    driver.addClass("compact", io.chunkmill.jobs.compact.CompactJob.class,
        "Merge a day's many data files of the events store into few (and convert days of the old layout).");
    driver.addClass("analyze", io.chunkmill.jobs.analyze.AnalyzeJob.class,
        "Every analysis below of every stale day, in one job (what scripts/pipeline.sh runs).");
    driver.addClass("count", io.chunkmill.jobs.count.CountJob.class, "Events per url, user, hour or day, per UTC day.");
    driver.addClass("topn", io.chunkmill.jobs.topn.TopUrlsJob.class, "The N urls with most events, per UTC day.");
    driver.addClass("distinct", io.chunkmill.jobs.distinct.DistinctUsersJob.class,
        "Distinct users per url, per UTC day (exact, or DataSketches HLL with --approx).");
    driver.addClass("sessions", io.chunkmill.jobs.sessions.SessionsJob.class,
        "Per user and UTC day, sessions cut at gaps longer than --gap-minutes.");
    driver.addClass("report", io.chunkmill.jobs.report.ReportJob.class,
        "One self-contained HTML page of a root's results, data quality and runs (_chunkmill/report.html).");
    driver.addClass("dump", io.chunkmill.jobs.dump.DumpAvro.class, "Print the Avro records under paths as JSON lines or TSV.");
    driver.addClass("generate", GenerateJob.class, "Write synthetic message files (for tests, benchmarks, demos).");
    return driver;
  }

  public static void main(String[] args) throws Throwable {
    System.exit(programs().run(args));
  }
}
