package io.chunkmill.jobs.soak;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.jobs.analyze.AnalyzeJob;
import io.chunkmill.jobs.count.CountJob;
import io.chunkmill.jobs.distinct.DistinctUsersJob;
import io.chunkmill.jobs.generate.GenerateJob;
import io.chunkmill.jobs.ingest.IngestConfig;
import io.chunkmill.jobs.ingest.IngestJob;
import io.chunkmill.jobs.sessions.SessionsJob;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.testing.ScriptRuns;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Long running (profile {@code soak}): a day of hourly batches (24), with late messages (event times spread
 * over three days whatever the batch) and redeliveries across batches, ingested one after the other
 * into one root with the analyses after each (one {@code analyze} job, which updates counts and top N
 * from each batch's changes). At the end the events equal a single ingest of all batches, the
 * analyses equal those each program computes from that single ingest, the per-run accounting sums
 * to the lines read, and the root holds no leftover temporary data.
 */
public class HourlyBatchesSoakIT {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final int BATCHES = 24;

  @Test
  public void aDayOfHourlyBatchesEqualsOneIngestOfEverything() throws Exception {
    Configuration conf = LocalJobs.conf();
    IngestConfig.setMaxBadRatio(conf, 0.05);
    File pool = new File(tmp.getRoot(), "pool");
    assertEquals(0, LocalJobs.run(conf, new GenerateJob(), "--output", pool.toString(), "--messages", "48000",
        "--files", "1", "--days", "3", "--users", "400", "--urls", "60", "--gzip-share", "0",
        "--redelivery-rate", "0.02").exitCode());
    List<String> lines = Files.readAllLines(pool.listFiles((d, n) -> n.endsWith(".json"))[0].toPath());
    Random random = new Random(48);
    File batches = new File(tmp.getRoot(), "batches");
    long totalLines = 0;
    int per = lines.size() / BATCHES;
    for (int b = 0; b < BATCHES; b++) {
      List<String> batch = new ArrayList<>(lines.subList(b * per, b == BATCHES - 1 ? lines.size() : (b + 1) * per));
      for (int r = 0; r < per / 50 && b > 0; r++) {
        batch.add(lines.get(random.nextInt(b * per))); // redelivered from an earlier batch
      }
      File f = new File(batches, String.format("hour-%02d/dump.json", b));
      f.getParentFile().mkdirs();
      Files.write(f.toPath(), batch, StandardCharsets.UTF_8);
      totalLines += batch.size();
    }

    File root = new File(tmp.getRoot(), "root");
    for (int b = 0; b < BATCHES; b++) {
      run(conf, new IngestJob(), "--output", root.toString(), new File(batches, String.format("hour-%02d", b)).toString());
      run(conf, new AnalyzeJob(), root.toString());
    }
    File once = new File(tmp.getRoot(), "once");
    run(conf, new IngestJob(), "--output", once.toString(), batches.toString());
    for (Tool t : List.of(new CountJob(), new TopUrlsJob(), new DistinctUsersJob(), new SessionsJob())) {
      run(conf, t, once.toString()); // each program on its own gives what analyze gives after every batch
    }

    assertEquals(ScriptRuns.results(once), ScriptRuns.results(root));
    long linesRead = 0;
    Pattern read = Pattern.compile("\"lines_read\":(\\d+)");
    File[] runs = new File(root, "_chunkmill").listFiles((d, n) -> n.startsWith("ingest-"));
    assertEquals(BATCHES, runs.length);
    for (File f : runs) {
      Matcher m = read.matcher(Files.readString(f.toPath()));
      assertTrue(m.find());
      linesRead += Long.parseLong(m.group(1));
    }
    assertEquals(totalLines, linesRead);
    assertTrue("no staging or temporary data left", ScriptRuns.clean(root));
  }

  private static void run(Configuration conf, Tool tool, String... args) throws Exception {
    LocalJobs.Result r = LocalJobs.run(conf, tool, args);
    assertEquals(r.err(), 0, r.exitCode());
  }

}
