package io.chunkmill.jobs.ingest;

import static io.chunkmill.jobs.testing.LocalJobs.writeLines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.store.StoreConfig;
import io.chunkmill.jobs.compact.CompactJob;
import io.chunkmill.jobs.analyze.AnalyzeJob;
import io.chunkmill.jobs.count.CountJob;
import io.chunkmill.jobs.distinct.DistinctUsersJob;
import io.chunkmill.jobs.sessions.SessionsJob;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.testing.LocalJobs.Result;
import io.chunkmill.jobs.testing.ScriptRuns;
import io.chunkmill.jobs.testing.StoredDays;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The events store through the programs: dedup across runs and midnight, old roots, compaction, plain readers. */
public class EventsStoreTest {
  static {
    AvroTrust.install();
  }

  @Rule
  public final TemporaryFolder tmp = new TemporaryFolder();

  private static String ev(String id, String iso, String user, String url) {
    return "{\"id\":\"" + id + "\",\"ts\":" + Instant.parse(iso).toEpochMilli() + ",\"user\":\"" + user
        + "\",\"url\":\"" + url + "\"}";
  }

  private static Result run(Configuration conf, org.apache.hadoop.util.Tool tool, String... args) throws Exception {
    Result r = LocalJobs.run(conf, tool, args);
    assertEquals(tool.getClass().getSimpleName() + ": " + r.err(), 0, r.exitCode());
    return r;
  }

  private static Result ingest(Configuration conf, File root, File input) throws Exception {
    return run(conf, new IngestJob(), "--output", root.toString(), input.toString());
  }

  /** dt=… -> "id ts user url", sorted, each day checked as a day of the store. */
  private static Map<String, List<String>> events(File root) throws Exception {
    Map<String, List<String>> days = new TreeMap<>();
    File[] dirs = new File(root, "events").listFiles((d, n) -> n.startsWith("dt="));
    for (File d : dirs == null ? new File[0] : dirs) {
      List<String> list = new ArrayList<>();
      for (Event e : StoredDays.check(d)) {
        list.add(e.getId() + " " + Instant.ofEpochMilli(e.getTs()) + " " + e.getUser() + " " + e.getUrl());
      }
      list.sort(null);
      if (!list.isEmpty()) {
        days.put(d.getName(), list);
      }
    }
    return days;
  }

  @Test
  public void copiesStraddlingMidnightAcrossTwoRunsAreOneEventWhicheverWins() throws Exception {
    Configuration conf = LocalJobs.conf();
    // the stored copy wins: the new one is a duplicate
    File root = new File(tmp.getRoot(), "stored-wins");
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "a/1.json"), "\n", ev("m", "2026-11-26T23:59:00Z", "u", "x")));
    Result second = ingest(conf, root, writeLines(new File(tmp.getRoot(), "a/2.json"), "\n",
        ev("m", "2026-11-27T00:01:00Z", "u", "x")));
    assertTrue(second.out(), second.out().contains("DUPLICATE 1 + events 0"));
    assertEquals(Map.of("dt=2026-11-26", List.of("m 2026-11-26T23:59:00Z u x")), events(root));

    // the new copy wins: the stored one vanishes from its day
    root = new File(tmp.getRoot(), "new-wins");
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "b/1.json"), "\n", ev("m", "2026-11-27T00:01:00Z", "u", "x"),
        ev("k", "2026-11-27T05:00:00Z", "u", "x")));
    Result r = ingest(conf, root, writeLines(new File(tmp.getRoot(), "b/2.json"), "\n",
        ev("m", "2026-11-26T23:59:00Z", "u", "x")));
    assertTrue(r.out(), r.out().contains("DUPLICATE 0 + events 1"));
    assertTrue(r.out(), r.out().contains("days published [2026-11-26, 2026-11-27]"));
    assertEquals(Map.of("dt=2026-11-26", List.of("m 2026-11-26T23:59:00Z u x"),
        "dt=2026-11-27", List.of("k 2026-11-27T05:00:00Z u x")), events(root));
    File[] changeSets = new File(root, "_chunkmill/changes").listFiles((d, n) -> n.endsWith(".json"));
    java.util.Arrays.sort(changeSets); // run ids sort by time
    String changes = LocalJobs.read(changeSets[1]);
    assertTrue(changes, changes.contains("\"replaced_events\" : 1"));

    // a horizon of 0 days keeps them apart, as before the horizon existed
    Configuration none = LocalJobs.conf();
    none.setInt(IngestConfig.DEDUP_HORIZON_DAYS, 0);
    root = new File(tmp.getRoot(), "no-horizon");
    ingest(none, root, new File(tmp.getRoot(), "b/1.json"));
    ingest(none, root, new File(tmp.getRoot(), "b/2.json"));
    assertEquals(2, events(root).size());
    assertEquals(2, events(root).get("dt=2026-11-27").size());
  }

  /** Batches of generated-looking lines: ids repeat across batches, within and across days. */
  private List<File> batches(int n) throws Exception {
    List<File> files = new ArrayList<>();
    java.util.Random random = new java.util.Random(11);
    long start = Instant.parse("2026-11-26T20:00:00Z").toEpochMilli();
    for (int b = 0; b < n; b++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String id = "id" + random.nextInt(600);
        long ts = start + random.nextInt(10 * 3600) * 1000L; // 20:00 to 06:00: across midnight
        lines.add(ev(id, Instant.ofEpochMilli(ts).toString(), "u" + random.nextInt(5), "http://x/" + random.nextInt(4)));
      }
      files.add(writeLines(new File(tmp.getRoot(), "batch/" + b + ".json"), "\n", lines.toArray(new String[0])));
    }
    return files;
  }

  @Test
  public void manyBatchesGiveWhatOneIngestGivesEvenWithATinyFilterAndCompactionChangesNoResult() throws Exception {
    List<File> batches = batches(5);
    Configuration conf = LocalJobs.conf();
    File once = new File(tmp.getRoot(), "once");
    ingest(conf, once, new File(tmp.getRoot(), "batch"));
    Map<String, List<String>> expected = events(once);
    assertEquals(2, expected.size());

    Configuration tiny = LocalJobs.conf();
    tiny.setDouble(StoreConfig.BLOOM_FPP, 0.99); // nearly every probe reads a block
    tiny.setInt(StoreConfig.COMPACT_MAX_FILES, 1); // (a file's rate is the day's over this)
    conf.set("mapreduce.job.reduces", "3"); // several writers per day
    for (Configuration c : List.of(conf, tiny)) {
      File root = new File(tmp.getRoot(), "batched-" + (c == tiny ? "tiny" : "default"));
      long probes = 0;
      for (File b : batches) {
        ingest(c, root, b);
        probes += LocalJobs.read(lastAccounting(root)).contains("\"false_positives\":0") ? 0 : 1;
      }
      assertEquals(expected, events(root));
      if (c == tiny) {
        assertTrue("a tiny filter gives false positives", probes > 0);
      }
    }

    File root = new File(tmp.getRoot(), "batched-default");
    run(conf, new CountJob(), "--by", "url,user", root.toString());
    Map<String, List<String>> counts = ScriptRuns.results(root, "counts/url", "counts/user");
    assertTrue(new File(root, "events/dt=2026-11-27").list((d, n) -> n.startsWith("run-")).length > 1);
    Configuration compactConf = LocalJobs.conf();
    compactConf.setInt(StoreConfig.COMPACT_MAX_FILES, 1);
    Result compacted = run(compactConf, new CompactJob(), root.toString());
    assertTrue(compacted.out(), compacted.out().contains("compact: 2 day(s) compacted"));
    assertEquals(expected, events(root));
    assertEquals(1, new File(root, "events/dt=2026-11-27").list((d, n) -> n.startsWith("run-")).length);
    Result fresh = run(conf, new CountJob(), "--by", "url,user", root.toString());
    assertTrue("compaction keeps the days' versions: " + fresh.out(), fresh.out().contains("nothing to compute"));
    run(conf, new CountJob(), "--force", "--by", "url,user", root.toString());
    assertEquals(counts, ScriptRuns.results(root, "counts/url", "counts/user"));
    ingest(conf, root, batches.get(0)); // a compacted day is probed like any other
    assertEquals(expected, events(root));
  }

  @Test
  public void countsUpdatedFromEachBatchsChangesEqualCountsOfTheWholeDay() throws Exception {
    List<File> batches = batches(6); // ids repeat across batches: copies that win replace stored events
    Configuration conf = LocalJobs.conf();
    File root = new File(tmp.getRoot(), "incremental");
    int updated = 0;
    long replaced = 0;
    for (File b : batches) {
      ingest(conf, root, b);
      replaced += new com.fasterxml.jackson.databind.ObjectMapper().readTree(lastAccounting(root))
          .get("stored_events_replaced").asLong();
      File summary = new File(tmp.getRoot(), "count-" + b.getName() + ".json");
      run(conf, new CountJob(), "--summary", summary.toString(), root.toString());
      updated += new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary)
          .get("partitions_updated_from_changes").size();
      File topn = new File(tmp.getRoot(), "topn-" + b.getName() + ".json");
      run(conf, new io.chunkmill.jobs.topn.TopUrlsJob(), "--summary", topn.toString(), root.toString());
      assertEquals("the top N of every stale day comes from its fresh url counts", 2,
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(topn).get("partitions_updated_from_changes").size());
    }
    assertTrue("later batches replace stored events, on their day and across midnight: " + replaced, replaced > 10);
    assertEquals("every batch after the first updates the 4 facets of its 2 days", 5 * 8, updated);
    String[] facets = {"counts/url", "counts/user", "counts/hour", "counts/day"};
    Map<String, List<String>> incremental = ScriptRuns.results(root, facets);
    Map<String, List<String>> topFromCounts = ScriptRuns.results(root, "topn");
    run(conf, new CountJob(), "--force", root.toString());
    assertEquals(ScriptRuns.results(root, facets), incremental);
    new File(root, "counts/url/dt=2026-11-27/_events_version").delete(); // not fresh: topn reads the events
    run(conf, new io.chunkmill.jobs.topn.TopUrlsJob(), "--force", root.toString());
    assertEquals(ScriptRuns.results(root, "topn"), topFromCounts);

    // a compaction of a run directory that the counts have not seen breaks the chain: the next count re-reads the day
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "after/1.json"), "\n", ev("zz", "2026-11-27T01:00:00Z", "u", "x")));
    Configuration compactConf = LocalJobs.conf();
    compactConf.setInt(StoreConfig.COMPACT_MAX_FILES, 1);
    run(compactConf, new CompactJob(), root.toString());
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "after/2.json"), "\n", ev("zy", "2026-11-27T02:00:00Z", "u", "x")));
    File summary = new File(tmp.getRoot(), "count-after.json");
    run(conf, new CountJob(), "--summary", summary.toString(), root.toString());
    assertEquals(0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary)
        .get("partitions_updated_from_changes").size());
  }

  @Test
  public void oneAnalyzeJobAfterEachBatchGivesTheRecordsOfEveryAnalysisRecomputedFromTheEvents() throws Exception {
    List<File> batches = new ArrayList<>(batches(6)); // later batches replace stored events, on their day and across midnight
    batches.add(writeLines(new File(tmp.getRoot(), "only-new/1.json"), "\n", // adds events, replaces none
        ev("new1", "2026-11-27T02:00:00Z", "u9", "http://x/1"), ev("new2", "2026-11-27T03:00:00Z", "u1", "http://x/9")));
    Configuration conf = LocalJobs.conf();
    File root = new File(tmp.getRoot(), "analyze");
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> updated = new java.util.ArrayList<>();
    for (File b : batches) {
      ingest(conf, root, b);
      File summary = new File(tmp.getRoot(), "analyze-" + b.getName() + ".json");
      run(conf, new AnalyzeJob(), "--approx", "--summary", summary.toString(), root.toString());
      json.readTree(summary).get("partitions_updated_from_changes").forEach(n -> updated.add(n.asText()));
    }
    assertTrue("counts and top N are updated from the changes: " + updated,
        updated.stream().filter(u -> u.startsWith("counts/") || u.startsWith("topn/")).count() == 5 * 2 * 5 + 5);
    assertEquals("sketches are merged, the urls of replaced events recomputed: " + updated, 5 * 2 + 1,
        updated.stream().filter(u -> u.startsWith("distinct_approx/")).count());
    assertEquals("exact distinct users and sessions are updated from their state, the keys of replaced events"
        + " recomputed: " + updated, 2 * (5 * 2 + 1),
        updated.stream().filter(u -> u.startsWith("distinct/") || u.startsWith("sessions/")).count());
    String[] datasets = {"counts/url", "counts/user", "counts/hour", "counts/day", "topn", "distinct", "sessions",
        "distinct_approx"};
    Map<String, List<String>> incremental = ScriptRuns.results(root, datasets);
    run(conf, new AnalyzeJob(), "--approx", "--force", root.toString());
    Map<String, List<String>> forced = ScriptRuns.results(root, datasets);
    assertEquals(forced.keySet(), incremental.keySet());
    for (String partition : forced.keySet()) {
      assertEquals(partition, forced.get(partition), incremental.get(partition));
    }
    File once = new File(tmp.getRoot(), "analyze-once"); // every batch in one ingest, then the analyses
    assertTrue(new File(tmp.getRoot(), "all").mkdirs());
    for (File b : batches) {
      Files.copy(b.toPath(), new File(tmp.getRoot(), "all/" + b.getParentFile().getName() + "-" + b.getName()).toPath());
    }
    ingest(conf, once, new File(tmp.getRoot(), "all"));
    run(conf, new AnalyzeJob(), "--approx", once.toString());
    // sketches too: their stored form depends on the users alone, not on the order the job merged them in
    assertEquals(ScriptRuns.results(once, datasets), ScriptRuns.results(root, datasets));
  }

  @Test
  public void sketchesOfAnotherSizeAreRecomputedAtTheRunsSizeNotMerged() throws Exception {
    Map<String, List<String>> stale = recomputedUnderOtherSettings("lgk", DistinctUsersJob::new, "distinct_approx",
        List.of("--approx"), List.of("--approx", "--lg-k", "10"),
        List.of(ev("a", "2026-11-27T01:00:00Z", "u1", "http://x/1"), ev("b", "2026-11-27T02:00:00Z", "u2", "http://x/1")),
        ev("c", "2026-11-27T03:00:00Z", "u3", "http://x/1"));
    assertTrue(stale.toString(), stale.toString().contains("\"users\": 3") && stale.toString().contains("\"lg_k\": 10"));
  }

  @Test
  public void sessionsCutWithAnotherGapAreRecomputedNotUpdated() throws Exception {
    Map<String, List<String>> stale = recomputedUnderOtherSettings("gap", SessionsJob::new, "sessions",
        List.of("--gap-minutes", "30"), List.of("--gap-minutes", "10"),
        List.of(ev("a", "2026-11-27T01:00:00Z", "u1", "http://x/1"), ev("b", "2026-11-27T01:20:00Z", "u1", "http://x/2")),
        ev("c", "2026-11-27T05:00:00Z", "u1", "http://x/1"));
    assertEquals("a gap of 10 minutes cuts the 20 minutes between the user's first two events: " + stale, 3,
        stale.get("sessions/dt=2026-11-27").size());
  }

  /**
   * Runs a program with {@code before} on a day, ingests one more event, runs it with {@code after}:
   * the day is recomputed, not updated from a result of other settings, and gives what
   * {@code --force} gives. Returns that result.
   */
  private Map<String, List<String>> recomputedUnderOtherSettings(String name, java.util.function.Supplier<Tool> program,
      String dataset, List<String> before, List<String> after, List<String> first, String then) throws Exception {
    Configuration conf = LocalJobs.conf();
    File root = new File(tmp.getRoot(), name);
    ingest(conf, root, writeLines(new File(tmp.getRoot(), name + "0/1.json"), "\n", first.toArray(new String[0])));
    run(conf, program.get(), args(before, root.toString()));
    ingest(conf, root, writeLines(new File(tmp.getRoot(), name + "1/1.json"), "\n", then));
    File summary = new File(tmp.getRoot(), name + ".json");
    run(conf, program.get(), args(after, "--summary", summary.toString(), root.toString()));
    assertEquals("[]", new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary)
        .get("partitions_updated_from_changes").toString());
    Map<String, List<String>> stale = ScriptRuns.results(root, dataset);
    run(conf, program.get(), args(after, "--force", root.toString()));
    assertEquals(ScriptRuns.results(root, dataset), stale);
    return stale;
  }

  private static String[] args(List<String> options, String... more) {
    List<String> all = new ArrayList<>(options);
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  @Test
  public void aStateOfAnotherVersionThanItsResultIsNotUpdatedFrom() throws Exception {
    Configuration conf = LocalJobs.conf();
    File root = new File(tmp.getRoot(), "state-version");
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "s0/1.json"), "\n",
        ev("a", "2026-11-27T01:00:00Z", "u1", "http://x/1"), ev("b", "2026-11-27T01:20:00Z", "u2", "http://x/1")));
    run(conf, new AnalyzeJob(), root.toString());
    // as a program that keeps no state leaves it: the result and its version replaced, the state not
    Files.writeString(new File(root, "distinct/dt=2026-11-27/_state_events_version").toPath(), "older\n");
    new File(root, "distinct/dt=2026-11-27/._state_events_version.crc").delete();
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "s1/1.json"), "\n",
        ev("c", "2026-11-27T03:00:00Z", "u3", "http://x/1")));
    File summary = new File(tmp.getRoot(), "state-version.json");
    run(conf, new AnalyzeJob(), "--summary", summary.toString(), root.toString());
    List<String> updated = new ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary).get("partitions_updated_from_changes")
        .forEach(n -> updated.add(n.asText()));
    assertTrue(updated.toString(), updated.contains("sessions/dt=2026-11-27"));
    assertFalse(updated.toString(), updated.contains("distinct/dt=2026-11-27"));
    Map<String, List<String>> results = ScriptRuns.results(root, "distinct", "sessions");
    assertEquals(List.of("{\"url\": \"http://x/1\", \"users\": 3}"), results.get("distinct/dt=2026-11-27"));
    run(conf, new AnalyzeJob(), "--force", root.toString());
    assertEquals(ScriptRuns.results(root, "distinct", "sessions"), results);
  }

  @Test
  public void anUpdateOverSeveralRunsDoesNotSubtractAnEventThatOneOfThemAddedAndALaterOneReplaced() throws Exception {
    Configuration conf = LocalJobs.conf();
    File root = new File(tmp.getRoot(), "chain");
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "c0/1.json"), "\n",
        ev("a", "2026-11-27T01:00:00Z", "u1", "http://x/1"), ev("b", "2026-11-27T02:00:00Z", "u2", "http://x/2")));
    run(conf, new AnalyzeJob(), "--approx", root.toString());
    // two runs before the next analyses: the first adds "c", the second replaces it by an earlier copy
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "c1/1.json"), "\n",
        ev("c", "2026-11-27T05:00:00Z", "u3", "http://x/3")));
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "c2/1.json"), "\n",
        ev("c", "2026-11-27T04:00:00Z", "u4", "http://x/4"), ev("d", "2026-11-27T06:00:00Z", "u1", "http://x/1")));
    run(conf, new AnalyzeJob(), "--approx", root.toString());
    String[] datasets = {"counts/url", "counts/user", "counts/hour", "counts/day", "topn", "distinct", "sessions",
        "distinct_approx"};
    Map<String, List<String>> updated = ScriptRuns.results(root, datasets);
    assertEquals(List.of("{\"key\": \"2026-11-27\", \"count\": 4}"), updated.get("counts/day/dt=2026-11-27"));
    run(conf, new AnalyzeJob(), "--approx", "--force", root.toString());
    assertEquals(ScriptRuns.results(root, datasets), updated);
  }

  @Test
  public void resultsOfDifferentVersionsOnOneDayUpdateTheLargestGroupAndRecomputeTheRest() throws Exception {
    Configuration conf = LocalJobs.conf();
    File root = new File(tmp.getRoot(), "versions");
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "v0/1.json"), "\n",
        ev("a", "2026-11-27T01:00:00Z", "u1", "http://x/1"), ev("b", "2026-11-27T02:00:00Z", "u2", "http://x/2")));
    run(conf, new AnalyzeJob(), "--approx", root.toString());
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "v1/1.json"), "\n", ev("c", "2026-11-27T03:00:00Z", "u3", "http://x/1")));
    run(conf, new CountJob(), root.toString()); // the counts move to the new version, the sketches stay behind
    ingest(conf, root, writeLines(new File(tmp.getRoot(), "v2/1.json"), "\n", ev("d", "2026-11-27T04:00:00Z", "u4", "http://x/2")));
    File summary = new File(tmp.getRoot(), "versions.json");
    run(conf, new AnalyzeJob(), "--approx", "--summary", summary.toString(), root.toString());
    List<String> updated = new ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary).get("partitions_updated_from_changes")
        .forEach(n -> updated.add(n.asText()));
    assertEquals(List.of("counts/url/dt=2026-11-27", "counts/user/dt=2026-11-27", "counts/hour/dt=2026-11-27",
        "counts/day/dt=2026-11-27", "topn/dt=2026-11-27"), updated);
    String[] datasets = {"counts/url", "counts/user", "counts/hour", "counts/day", "topn", "distinct", "sessions",
        "distinct_approx"};
    Map<String, List<String>> results = ScriptRuns.results(root, datasets);
    run(conf, new AnalyzeJob(), "--approx", "--force", root.toString());
    assertEquals(ScriptRuns.results(root, datasets), results);
  }

  private static File lastAccounting(File root) {
    File[] files = new File(root, "_chunkmill").listFiles((d, n) -> n.startsWith("ingest-"));
    java.util.Arrays.sort(files);
    return files[files.length - 1];
  }

  /** Writes a day as the layout before the store did: one unsorted part-00000.avro and _SUCCESS. */
  private static void writeOldDay(File root, String day, Event... events) throws Exception {
    File dir = new File(root, "events/dt=" + day);
    assertTrue(dir.mkdirs());
    try (OutputStream out = Files.newOutputStream(new File(dir, "part-00000.avro").toPath());
        DataFileWriter<Event> w = new DataFileWriter<>(new SpecificDatumWriter<>(Event.class))) {
      w.create(Event.getClassSchema(), out);
      for (Event e : events) {
        w.append(e);
      }
    }
    assertTrue(new File(dir, "_SUCCESS").createNewFile());
  }

  /** Every event of a day as a Hive-style reader sees it: AvroKeyInputFormat, input directories read recursively. */
  private static List<String> plainReader(File day) throws Exception {
    Job job = Job.getInstance(LocalJobs.conf());
    AvroJob.setInputKeySchema(job, Event.getClassSchema());
    FileInputFormat.setInputPaths(job, new Path(day.toURI()));
    FileInputFormat.setInputDirRecursive(job, true);
    AvroKeyInputFormat<Event> format = new AvroKeyInputFormat<>();
    List<String> ids = new ArrayList<>();
    for (InputSplit split : format.getSplits(job)) {
      var context = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID());
      try (RecordReader<AvroKey<Event>, NullWritable> r = format.createRecordReader(split, context)) {
        r.initialize(split, context);
        while (r.nextKeyValue()) {
          ids.add(r.getCurrentKey().datum().getId());
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  @Test
  public void aRootOfTheOldLayoutIsReadAsIsAndConvertedByItsFirstIngest() throws Exception {
    File root = new File(tmp.getRoot(), "old");
    long d26 = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    long d27 = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
    writeOldDay(root, "2026-11-26", new Event("z", d26, "u", "x"), new Event("a", d26 + 1, "u", "y"));
    writeOldDay(root, "2026-11-27", new Event("q", d27, "u", "x"));
    Configuration conf = LocalJobs.conf();
    run(conf, new CountJob(), "--by", "url", root.toString()); // analyses read the old layout as it is
    assertEquals(List.of("a", "z"), plainReader(new File(root, "events/dt=2026-11-26")));

    Result r = ingest(conf, root, writeLines(new File(tmp.getRoot(), "late/1.json"), "\n",
        ev("a", "2026-11-26T11:00:00Z", "v", "y"), // beats the old layout's copy
        ev("n", "2026-11-27T13:00:00Z", "u", "x")));
    assertTrue(r.out(), r.out().contains("converting 2 day(s)"));
    assertTrue(r.out(), r.out().contains("DUPLICATE 0 + events 2"));
    assertEquals(Map.of("dt=2026-11-26", List.of("a 2026-11-26T11:00:00Z v y", "z 2026-11-26T12:00:00Z u x"),
        "dt=2026-11-27", List.of("n 2026-11-27T13:00:00Z u x", "q 2026-11-27T12:00:00Z u x")), events(root));
    assertFalse(new File(root, "events/dt=2026-11-26/part-00000.avro").exists());
    assertTrue(new File(root, "_chunkmill/store-v1").exists());
    Result count = run(conf, new CountJob(), "--by", "url", root.toString());
    assertTrue(count.out(), count.out().contains("published 2 partition(s)"));

    // a plain reader over a day that holds both layouts (as during a conversion) reads every file of it
    File mixed = new File(root, "events/dt=2026-11-26");
    writeOldDay(new File(tmp.getRoot(), "other"), "2026-11-26", new Event("o", d26, "u", "x"));
    Files.copy(new File(tmp.getRoot(), "other/events/dt=2026-11-26/part-00000.avro").toPath(),
        new File(mixed, "part-00000.avro").toPath());
    assertEquals(List.of("a", "o", "z"), plainReader(mixed));
  }
}
