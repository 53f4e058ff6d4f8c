package io.chunkmill.jobs.analysis;

import static io.chunkmill.jobs.testing.LocalJobs.readAvro;
import static io.chunkmill.jobs.testing.LocalJobs.writeLines;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.avro.DistinctUsers;
import io.chunkmill.common.avro.Session;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.count.CountJob;
import io.chunkmill.jobs.distinct.DistinctUsersJob;
import io.chunkmill.jobs.ingest.IngestJob;
import io.chunkmill.jobs.sessions.SessionsJob;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.testing.LocalJobs.Result;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.io.File;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Local-mode runs of every analysis over a fixture whose results are worked out by hand. */
public class AnalysesJobTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Configuration conf;
  private File root;

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static String ev(String id, String ts, String user, String url) {
    return "{\"id\":\"" + id + "\",\"ts\":\"" + ts + "\",\"user\":\"" + user + "\",\"url\":\"" + url + "\"}";
  }

  @Before
  public void ingestFixture() throws Exception {
    conf = LocalJobs.conf();
    root = new File(tmp.getRoot(), "root");
    File in = writeLines(new File(tmp.getRoot(), "in/events.json"), "\n",
        ev("e1", "2026-11-27T10:00:00Z", "alice", "b"),
        ev("e2", "2026-11-27T10:30:00Z", "alice", "a"),
        ev("e3", "2026-11-27T11:00:00.001Z", "alice", "b"),
        ev("e4", "2026-11-27T23:50:00Z", "bob", "a"),
        ev("e5", "2026-11-27T23:55:00Z", "bob", "é"),
        ev("e6", "2026-11-27T12:00:00Z", "ü", "a"),
        ev("e7", "2026-11-28T00:05:00Z", "bob", "a"),
        ev("e9", "2026-11-28T09:00:00Z", "dave", "b"),
        ev("e8", "2026-11-29T08:00:00Z", "carol", "z"));
    assertOk(LocalJobs.run(conf, new IngestJob(), "--output", root.toString(), in.getParent()));
  }

  private static void assertOk(Result r) {
    assertEquals(r.err(), 0, r.exitCode());
  }

  private Result run(Tool tool, String... args) throws Exception {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = root.toString();
    Result r = LocalJobs.run(conf, tool, all);
    assertOk(r);
    return r;
  }

  private List<String> counts(String by, String day) throws Exception {
    return readAvro(new File(root, "counts/" + by + "/dt=" + day), CountRecord.class).stream()
        .map(c -> c.getKey() + "=" + c.getCount()).toList();
  }

  @Test
  public void countsEveryFacetPerDayInKeyOrder() throws Exception {
    run(new CountJob(), "--by", "url,user,hour,day");
    assertEquals(List.of("a=3", "b=2", "é=1"), counts("url", "2026-11-27"));
    assertEquals(List.of("alice=3", "bob=2", "ü=1"), counts("user", "2026-11-27"));
    assertEquals(List.of("2026-11-27T10=2", "2026-11-27T11=1", "2026-11-27T12=1", "2026-11-27T23=2"),
        counts("hour", "2026-11-27"));
    assertEquals(List.of("2026-11-27=6"), counts("day", "2026-11-27"));
    assertEquals(List.of("2026-11-28=2"), counts("day", "2026-11-28"));
    assertEquals(List.of("z=1"), counts("url", "2026-11-29"));
    assertTrue(new File(root, "counts/url/dt=2026-11-27/_SUCCESS").exists());
  }

  @Test
  public void topnRanksByCountThenUrl() throws Exception {
    run(new TopUrlsJob(), "--n", "2");
    assertEquals(List.of("2026-11-27 1 a 3", "2026-11-27 2 b 2"), top("2026-11-27"));
    assertEquals(List.of("2026-11-28 1 a 1", "2026-11-28 2 b 1"), top("2026-11-28"));
    assertEquals(List.of("2026-11-29 1 z 1"), top("2026-11-29"));
  }

  private List<String> top(String day) throws Exception {
    return readAvro(new File(root, "topn/dt=" + day), TopUrl.class).stream()
        .map(t -> t.getDay() + " " + t.getRank() + " " + t.getUrl() + " " + t.getCount()).toList();
  }

  @Test
  public void distinctCountsUsersPerUrlPerDay() throws Exception {
    run(new DistinctUsersJob());
    assertEquals(List.of("a=3", "b=1", "é=1"), distinct("2026-11-27"));
    assertEquals(List.of("a=1", "b=1"), distinct("2026-11-28"));
    assertEquals(List.of("z=1"), distinct("2026-11-29"));
  }

  private List<String> distinct(String day) throws Exception {
    return readAvro(new File(root, "distinct/dt=" + day), DistinctUsers.class).stream()
        .map(d -> d.getUrl() + "=" + d.getUsers()).toList();
  }

  @Test
  public void sessionsCutAtGapsLongerThanTheLimitAndAtMidnight() throws Exception {
    run(new SessionsJob(), "--gap-minutes", "30");
    assertEquals(List.of(
        "alice " + ms("2026-11-27T10:00:00Z") + ".." + ms("2026-11-27T10:30:00Z") + " 2 2",
        "alice " + ms("2026-11-27T11:00:00.001Z") + ".." + ms("2026-11-27T11:00:00.001Z") + " 1 1",
        "bob " + ms("2026-11-27T23:50:00Z") + ".." + ms("2026-11-27T23:55:00Z") + " 2 2",
        "ü " + ms("2026-11-27T12:00:00Z") + ".." + ms("2026-11-27T12:00:00Z") + " 1 1"), sessions("2026-11-27"));
    assertEquals(List.of(
        "bob " + ms("2026-11-28T00:05:00Z") + ".." + ms("2026-11-28T00:05:00Z") + " 1 1",
        "dave " + ms("2026-11-28T09:00:00Z") + ".." + ms("2026-11-28T09:00:00Z") + " 1 1"), sessions("2026-11-28"));
  }

  private List<String> sessions(String day) throws Exception {
    return readAvro(new File(root, "sessions/dt=" + day), Session.class).stream()
        .map(s -> s.getUser() + " " + s.getStart() + ".." + s.getEnd() + " " + s.getEvents() + " " + s.getUrls()).toList();
  }

  @Test
  public void freshDaysAreSkippedLateEventsMakeOnlyTheirDayStaleAndForceGivesTheSameRecords() throws Exception {
    run(new TopUrlsJob());
    File day27 = new File(root, "topn/dt=2026-11-27/part-00000.avro");
    byte[] before = Files.readAllBytes(day27.toPath());
    long published27 = new File(root, "topn/dt=2026-11-27/_SUCCESS").lastModified();
    Thread.sleep(20);

    Result again = run(new TopUrlsJob());
    assertTrue(again.out(), again.out().contains("topn: nothing to compute (3 partition(s) fresh)"));

    File late = writeLines(new File(tmp.getRoot(), "late/l.json"), "\n", ev("late", "2026-11-28T10:00:00Z", "erin", "b"));
    assertOk(LocalJobs.run(conf, new IngestJob(), "--output", root.toString(), late.toString()));
    Result stale = run(new TopUrlsJob());
    assertTrue(stale.out(), stale.out().contains("published 1 partition(s) of topn (2 skipped as fresh)"));
    assertEquals(List.of("2026-11-28 1 b 2", "2026-11-28 2 a 1"), top("2026-11-28"));
    assertEquals(published27, new File(root, "topn/dt=2026-11-27/_SUCCESS").lastModified());

    Result forced = run(new TopUrlsJob(), "--force", "--from", "2026-11-27", "--to", "2026-11-27");
    assertTrue(forced.out(), forced.out().contains("published 1 partition(s) of topn (0 skipped as fresh)"));
    assertArrayEquals(readAvro(day27.getParentFile(), TopUrl.class).toArray(),
        readAvroBytes(before).toArray());
    assertTrue(new File(root, "topn/dt=2026-11-27/_SUCCESS").lastModified() > published27);
  }

  private List<TopUrl> readAvroBytes(byte[] avro) throws Exception {
    File copy = new File(tmp.newFolder(), "copy.avro");
    Files.write(copy.toPath(), avro);
    return readAvro(copy.getParentFile(), TopUrl.class);
  }

  @Test
  public void everyRunWritesAJsonSummaryWhereAskedAndUnderTheRootWhenItPublished() throws Exception {
    File summary = new File(tmp.getRoot(), "count.json");
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    run(new CountJob(), "--by", "url", "--summary", summary.toString());
    com.fasterxml.jackson.databind.JsonNode s = json.readTree(summary);
    assertEquals("count", s.get("program").asText());
    assertEquals("ran", s.get("status").asText());
    assertTrue(s.get("records_in").asLong() > 0);
    assertTrue(s.get("records_out").asLong() > 0);
    assertEquals(3, s.get("days_written").size());
    assertEquals(3, s.get("partitions_planned").size());
    File[] underRoot = new File(root, "_chunkmill/runs").listFiles((d, n) -> n.startsWith("count-") && n.endsWith(".json"));
    assertEquals(1, underRoot.length);
    assertEquals(s.get("run").asText(), json.readTree(underRoot[0]).get("run").asText());

    run(new CountJob(), "--by", "url", "--summary", summary.toString());
    s = json.readTree(summary);
    assertEquals("nothing_to_compute", s.get("status").asText());
    assertEquals(3, s.get("partitions_fresh").size());
    assertEquals("a run that published nothing leaves nothing under the root", 1,
        new File(root, "_chunkmill/runs").listFiles((d, n) -> n.endsWith(".json") && !n.startsWith(".")).length);

    run(new CountJob(), "--by", "url", "--dry-run", "--force", "--summary", summary.toString());
    assertEquals("planned", json.readTree(summary).get("status").asText());
  }

  @Test
  public void badArgumentsPrintUsageAndReturnTwo() throws Exception {
    assertEquals(2, LocalJobs.run(conf, new CountJob(), "--by", "week", root.toString()).exitCode());
    assertEquals(2, LocalJobs.run(conf, new TopUrlsJob(), "--n", "0", root.toString()).exitCode());
    assertEquals(2, LocalJobs.run(conf, new SessionsJob(), root.toString(), "extra").exitCode());
    Result r = LocalJobs.run(conf, new DistinctUsersJob(), "--from", "2026-11-29", "--to", "2026-11-01", root.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err(), r.err().contains("usage: distinct"));
    assertEquals(1, LocalJobs.run(conf, new CountJob(), new File(tmp.getRoot(), "empty").toString()).exitCode());
  }
}
