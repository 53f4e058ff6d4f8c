package io.chunkmill.jobs.ingest;

import static io.chunkmill.jobs.testing.LocalJobs.readAvro;
import static io.chunkmill.jobs.testing.LocalJobs.writeLines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.QuarantineReason;
import io.chunkmill.common.avro.QuarantineRecord;
import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.testing.Bzip2Files;
import io.chunkmill.jobs.testing.LocalJobs;
import io.chunkmill.jobs.testing.StoredDays;
import io.chunkmill.jobs.testing.LocalJobs.Result;
import java.io.File;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Local-mode runs of {@code ingest} over a fixture whose expected results are worked out by hand. */
public class IngestJobTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Configuration conf;
  private File in;

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static String ev(String id, long ts, String user, String url) {
    return "{\"id\":\"" + id + "\",\"ts\":" + ts + ",\"user\":\"" + user + "\",\"url\":\"" + url + "\"}";
  }

  private static String evIso(String id, String ts, String user, String url) {
    return "{\"id\":\"" + id + "\",\"ts\":\"" + ts + "\",\"user\":\"" + user + "\",\"url\":\"" + url + "\"}";
  }

  private static final long T = ms("2026-11-27T10:00:00Z");

  @Before
  public void fixture() throws Exception {
    conf = LocalJobs.conf();
    IngestConfig.setMaxBadRatio(conf, 0.5);
    in = tmp.newFolder("in");
    writeLines(new File(in, "a.json"), "\n",
        ev("a1", T, "alice", "http://x/1"),
        "",
        " \t ",
        "{broken",
        "{\"id\":\"d\",\"id\":\"d2\",\"ts\":1,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"m1\",\"ts\":1,\"user\":\"bob\"}",
        "{\"id\":5,\"ts\":1,\"user\":\"bob\",\"url\":\"v\"}",
        "{\"id\":\"t1\",\"ts\":1.5e12,\"user\":\"bob\",\"url\":\"v\"}",
        "{\"id\":\"t2\",\"ts\":\"2026-11-27T10:15:30\",\"user\":\"bob\",\"url\":\"v\"}",
        ev("dup", T + 5000, "carol", "http://x/2"),
        ev("dup", T + 5000, "bob", "http://x/3"));
    writeLines(new File(in, "b.json"), "\r\n",
        ev("a1", T + 1, "alice", "http://x/1"),
        evIso("mid1", "2026-11-27T00:30:00+01:00", "dave", "http://x/é"),
        evIso("mid2", "2026-11-27T20:00:00-05:00", "erin", "http://x/4"),
        evIso("edge", "2026-11-27T23:59:59.999Z", "frank", "http://x/5"),
        evIso("edge2", "2026-11-28T00:00:00Z", "frank", "http://x/5"));
    writeLines(new File(in, "sub/c.json.gz"), "\n",
        ev("g1", T + 7, "gina", "http://x/6"),
        ev("dup", T + 1000, "zed", "http://x/7"));
    writeLines(new File(in, "sub/d.json.bz2"), "\n",
        ev("b1", T + 8, "hank", "http://x/8"),
        ev("g1", T + 7, "gina", "http://x/6"));
    writeLines(new File(in, "e.json"), "\n", "{\"pad\":\"" + "x".repeat(70_000) + "\"}", ev("e1", T + 9, "ivy", "http://x/9"));
    Files.write(new File(in, "garbage.json").toPath(), new byte[] {(byte) 0xff, (byte) 0xfe, '\n', '{', '"', (byte) 0xc3, '(', '"', ':', '1', '}', '\n'});
    writeLines(new File(in, "_SUCCESS"), "\n", "not an input");
    writeLines(new File(in, ".hidden.json"), "\n", "not an input");
  }

  private Result ingest(File root, File... inputs) throws Exception {
    String[] args = new String[inputs.length + 2];
    args[0] = "--output";
    args[1] = root.toString();
    for (int i = 0; i < inputs.length; i++) {
      args[i + 2] = inputs[i].toString();
    }
    return LocalJobs.run(conf, new IngestJob(), args);
  }

  /** day -> "id ts user url" lines, sorted. */
  private static Map<String, List<String>> eventsByDay(File root) throws Exception {
    Map<String, List<String>> days = new TreeMap<>();
    File[] dirs = new File(root, "events").listFiles();
    if (dirs == null) {
      return days;
    }
    for (File d : dirs) {
      days.put(d.getName(), StoredDays.check(d).stream()
          .map(e -> e.getId() + " " + e.getTs() + " " + e.getUser() + " " + e.getUrl()).sorted().toList());
    }
    return days;
  }

  private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.of(
      "dt=2026-11-26", List.of("mid1 " + ms("2026-11-26T23:30:00Z") + " dave http://x/é"),
      "dt=2026-11-27", List.of(
          "a1 " + T + " alice http://x/1",
          "b1 " + (T + 8) + " hank http://x/8",
          "dup " + (T + 1000) + " zed http://x/7",
          "e1 " + (T + 9) + " ivy http://x/9",
          "edge " + ms("2026-11-27T23:59:59.999Z") + " frank http://x/5",
          "g1 " + (T + 7) + " gina http://x/6"),
      "dt=2026-11-28", List.of(
          "edge2 " + ms("2026-11-28T00:00:00Z") + " frank http://x/5",
          "mid2 " + ms("2026-11-28T01:00:00Z") + " erin http://x/4")));

  private static String accounting(File root) throws Exception {
    File[] files = new File(root, "_chunkmill").listFiles((d, n) -> n.startsWith("ingest-") && n.endsWith(".json"));
    Arrays.sort(files);
    return LocalJobs.read(files[files.length - 1]);
  }

  @Test
  public void everyLineLandsInItsClassAndTheAccountingBalances() throws Exception {
    File root = new File(tmp.getRoot(), "out");
    Result r = ingest(root, in);
    assertEquals(r.err(), 0, r.exitCode());
    assertEquals(EXPECTED, eventsByDay(root));

    String json = accounting(root);
    assertTrue(json, json.startsWith("{\"lines_read\":24,\"BLANK\":2,\"TOO_LONG\":1,\"MALFORMED\":4,"
        + "\"MISSING_FIELD\":2,\"BAD_TIMESTAMP\":2,\"DUPLICATE\":4,\"events\":9,\"corrupt_files\":0,"));
    assertTrue(json, json.contains("\"days_published\":[\"2026-11-26\",\"2026-11-27\",\"2026-11-28\"]"));
    assertTrue(r.out(), r.out().contains("lines_read 24 = BLANK 2 + TOO_LONG 1 + MALFORMED 4 + MISSING_FIELD 2"
        + " + BAD_TIMESTAMP 2 + DUPLICATE 4 + events 9"));

    File[] runs = new File(root, "quarantine").listFiles();
    assertEquals(1, runs.length);
    assertTrue(new File(runs[0], "_SUCCESS").exists());
    List<QuarantineRecord> q = readAvro(runs[0], QuarantineRecord.class);
    Map<QuarantineReason, Long> reasons = q.stream().collect(Collectors.groupingBy(QuarantineRecord::getReason,
        TreeMap::new, Collectors.counting()));
    assertEquals(Map.of(QuarantineReason.TOO_LONG, 1L, QuarantineReason.MALFORMED, 4L,
        QuarantineReason.MISSING_FIELD, 2L, QuarantineReason.BAD_TIMESTAMP, 2L), reasons);
    QuarantineRecord broken = q.stream().filter(x -> x.getFile().endsWith("a.json")
        && x.getReason() == QuarantineReason.MALFORMED).findFirst().orElseThrow();
    String a1 = ev("a1", T, "alice", "http://x/1");
    assertEquals(a1.length() + 1 + 1 + 4, broken.getOffset());
    QuarantineRecord tooLong = q.stream().filter(x -> x.getReason() == QuarantineReason.TOO_LONG).findFirst().orElseThrow();
    assertEquals(InputConfig.KEPT_PREFIX_BYTES, tooLong.getLine().remaining());
    assertEquals(0, tooLong.getOffset());
    assertFalse("staging is cleaned up", new File(root, "_chunkmill/staging").list().length > 0);
  }

  @Test
  public void aSecondRunOverTheSameInputChangesNothing() throws Exception {
    File root = new File(tmp.getRoot(), "out");
    assertEquals(0, ingest(root, in).exitCode());
    File day = new File(root, "events/dt=2026-11-27");
    String version = StoredDays.version(day);
    List<String> runs = List.of(day.list());
    Result again = ingest(root, in);
    assertEquals(again.err(), 0, again.exitCode());
    assertEquals(EXPECTED, eventsByDay(root));
    assertEquals(version, StoredDays.version(day));
    assertEquals(runs, List.of(day.list()));
    String json = accounting(root);
    assertTrue(json, json.contains("\"DUPLICATE\":13,\"events\":0,"));
    assertTrue(json, json.contains("\"days_published\":[],\"days_unchanged\":[\"2026-11-26\",\"2026-11-27\",\"2026-11-28\"]"));
  }

  @Test
  public void ingestingInBatchesGivesTheSameEventsAsAtOnce() throws Exception {
    File root = new File(tmp.getRoot(), "batched");
    assertEquals(0, ingest(root, new File(in, "a.json"), new File(in, "b.json")).exitCode());
    assertEquals(0, ingest(root, new File(in, "sub"), new File(in, "e.json"), new File(in, "garbage.json")).exitCode());
    assertEquals(EXPECTED, eventsByDay(root));
  }

  @Test
  public void aLateBetterCopyReplacesTheStoredEventAndOnlyItsDayIsRepublished() throws Exception {
    File root = new File(tmp.getRoot(), "out");
    assertEquals(0, ingest(root, in).exitCode());
    String day27 = StoredDays.version(new File(root, "events/dt=2026-11-27"));
    String day26 = StoredDays.version(new File(root, "events/dt=2026-11-26"));
    File late = writeLines(new File(tmp.getRoot(), "late/l.json"), "\n",
        ev("mid1", ms("2026-11-26T23:00:00Z"), "dave", "http://x/é"),
        ev("late", ms("2026-11-26T12:00:00Z"), "joe", "http://x/1"));
    Result r = ingest(root, late);
    assertEquals(r.err(), 0, r.exitCode());
    Map<String, List<String>> events = eventsByDay(root);
    assertEquals(List.of("late " + ms("2026-11-26T12:00:00Z") + " joe http://x/1",
        "mid1 " + ms("2026-11-26T23:00:00Z") + " dave http://x/é"), events.get("dt=2026-11-26"));
    assertEquals(EXPECTED.get("dt=2026-11-27"), events.get("dt=2026-11-27"));
    assertEquals(day27, StoredDays.version(new File(root, "events/dt=2026-11-27")));
    assertNotEquals(day26, StoredDays.version(new File(root, "events/dt=2026-11-26")));
    String json = accounting(root);
    assertTrue(json, json.contains("\"DUPLICATE\":0,\"events\":2,"));
    assertTrue(json, json.contains("\"days_published\":[\"2026-11-26\"]"));
    assertTrue(json, json.contains("\"stored_events_replaced\":1,\"files_rewritten\":1,"));
  }

  @Test
  public void tooMuchBadInputPublishesNothingAndSaysTheShareAndTheLimit() throws Exception {
    IngestConfig.setMaxBadRatio(conf, 0.01);
    File root = new File(tmp.getRoot(), "out");
    Result r = ingest(root, in);
    assertEquals(1, r.exitCode());
    assertTrue(r.err(), r.err().contains("40.9091% of the 22 non-blank lines were quarantined, over the limit of 1.0000%"));
    assertFalse(new File(root, "events").exists());
    assertFalse(new File(root, "quarantine").exists());
    assertEquals(0, new File(root, "_chunkmill").listFiles((d, n) -> n.endsWith(".json")).length);
  }

  @Test
  public void overlappingInputAndOutputAreRefusedBeforeAnyWork() throws Exception {
    Result r = ingest(new File(in, "out"), in);
    assertEquals(2, r.exitCode());
    assertTrue(r.err(), r.err().contains("overlap"));
    assertFalse(new File(in, "out").exists());
    Result parent = ingest(tmp.getRoot(), in);
    assertEquals(2, parent.exitCode());
  }

  @Test
  public void aMissingInputIsAnErrorNamingIt() throws Exception {
    File missing = new File(tmp.getRoot(), "nope");
    Result r = ingest(new File(tmp.getRoot(), "out"), missing);
    assertTrue(r.exitCode() != 0);
    assertTrue(r.err(), r.err().contains(missing.toString()));
  }

  @Test
  public void aTruncatedGzipFileFailsTheRunUnlessSkippedThenItIsQuarantined() throws Exception {
    File bad = new File(tmp.getRoot(), "corrupt/c.json.gz");
    String[] lines = new String[5000];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = ev("c" + i, T + i, "u" + (i % 7), "http://x/" + i);
    }
    writeLines(bad, "\n", lines);
    byte[] all = Files.readAllBytes(bad.toPath());
    Files.write(bad.toPath(), Arrays.copyOf(all, all.length / 2));
    File root = new File(tmp.getRoot(), "out");
    Result failed = ingest(root, bad);
    assertEquals(1, failed.exitCode());
    assertFalse(new File(root, "events").exists());

    InputConfig.setSkipCorrupt(conf, true);
    Result skipped = ingest(root, bad);
    assertEquals(skipped.err(), 0, skipped.exitCode());
    String json = accounting(root);
    assertTrue(json, json.contains("\"corrupt_files\":1"));
    List<QuarantineRecord> q = readAvro(new File(root, "quarantine"), QuarantineRecord.class);
    assertEquals(1, q.size());
    assertEquals(QuarantineReason.CORRUPT_FILE, q.get(0).getReason());
    assertTrue(q.get(0).getFile().endsWith("c.json.gz"));
    assertTrue(q.get(0).getOffset() > 0);
    int events = eventsByDay(root).values().stream().mapToInt(List::size).sum();
    assertTrue(events > 0 && events < 5000);
    assertTrue(json, json.contains("\"lines_read\":" + events + ","));
  }

  /** 4,000 events in bzip2 with 100 kB blocks (three of them), the middle block removed. */
  private File bzip2MissingABlock() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      text.append(ev("z" + i, T + i, "u" + (i % 13), "http://x/" + Integer.toHexString(i * 7919))).append('\n');
    }
    byte[] good = Bzip2Files.stream(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), 1);
    List<Long> blocks = Bzip2Files.blockStarts(good);
    assertEquals(3, blocks.size());
    File bad = new File(tmp.getRoot(), "bz2/missing-block.json.bz2");
    bad.getParentFile().mkdirs();
    Files.write(bad.toPath(), Bzip2Files.removeBits(good, blocks.get(1), blocks.get(2)));
    return bad;
  }

  @Test
  public void aBzip2FileMissingABlockFailsTheRunAtEverySplitSizeUnlessSkippedThenItIsQuarantined() throws Exception {
    File bad = bzip2MissingABlock();
    assertTrue(bad.length() > 12_000);
    for (long maxSplit : new long[] {0, 9_000, 4_000}) {
      Configuration c = new Configuration(conf);
      if (maxSplit > 0) {
        c.setLong("mapreduce.input.fileinputformat.split.maxsize", maxSplit);
      }
      File root = new File(tmp.getRoot(), "out-bz2-" + maxSplit);
      Result failed = LocalJobs.run(c, new IngestJob(), "--output", root.toString(), bad.toString());
      assertEquals("split.maxsize " + maxSplit + ": " + failed.err(), 1, failed.exitCode());
      assertTrue(failed.err(), failed.err().contains("missing-block.json.bz2"));
      assertFalse(new File(root, "events").exists());

      InputConfig.setSkipCorrupt(c, true);
      Result skipped = LocalJobs.run(c, new IngestJob(), "--output", root.toString(), bad.toString());
      assertEquals(skipped.err(), 0, skipped.exitCode());
      String json = accounting(root);
      assertTrue(json, json.contains("\"corrupt_files\":1"));
      List<QuarantineRecord> corrupt = readAvro(new File(root, "quarantine"), QuarantineRecord.class).stream()
          .filter(r -> r.getReason() == QuarantineReason.CORRUPT_FILE).toList();
      assertEquals("split.maxsize " + maxSplit, 1, corrupt.size());
      assertTrue(corrupt.get(0).getFile().endsWith("missing-block.json.bz2"));
    }
  }

  @Test
  public void everyRunWritesAJsonSummaryWhereAskedThatScriptsRead() throws Exception {
    File root = new File(tmp.getRoot(), "out");
    File summary = new File(tmp.getRoot(), "ingest.json");
    Result ran = LocalJobs.run(conf, new IngestJob(), "--summary", summary.toURI().toString(), "--output",
        root.toString(), in.toString());
    assertEquals(ran.err(), 0, ran.exitCode());
    com.fasterxml.jackson.databind.JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary);
    assertEquals("ingest", s.get("program").asText());
    assertEquals("ran", s.get("status").asText());
    assertEquals(s.get("lines_read").asLong(), s.get("records_in").asLong());
    assertEquals(s.get("events").asLong(), s.get("records_out").asLong());
    assertTrue(s.get("balanced").asBoolean());
    assertTrue(s.get("jobs").get(0).get("id").asText().startsWith("job_local"));
    assertEquals(List.of("2026-11-26", "2026-11-27", "2026-11-28"),
        new com.fasterxml.jackson.databind.ObjectMapper().convertValue(s.get("days_published"), List.class));
    com.fasterxml.jackson.databind.node.ObjectNode stored = (com.fasterxml.jackson.databind.node.ObjectNode)
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(accounting(root));
    com.fasterxml.jackson.databind.node.ObjectNode asked = ((com.fasterxml.jackson.databind.node.ObjectNode) s).deepCopy();
    stored.remove("seconds");
    asked.remove("seconds");
    assertEquals("the run's accounting is its summary", stored, asked);

    Result skipped = LocalJobs.run(conf, new IngestJob(), "--skip-ingested", "--summary", summary.toString(),
        "--output", root.toString(), in.toString());
    assertEquals(skipped.err(), 0, skipped.exitCode());
    s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary);
    assertEquals("skipped", s.get("status").asText());
    assertTrue(s.get("accounting").asText().contains("ingest-"));

    Result failed = LocalJobs.run(conf, new IngestJob(), "--summary", summary.toString(), "--output",
        new File(tmp.getRoot(), "out2").toString(), new File(tmp.getRoot(), "missing.json").toString());
    assertEquals(2, failed.exitCode());
    s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary);
    assertEquals("failed", s.get("status").asText());
    assertTrue(s.get("error").asText(), s.get("error").asText().contains("missing.json"));
  }
}
