package io.chunkmill.jobs.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.QuarantineReason;
import io.chunkmill.common.avro.QuarantineRecord;
import io.chunkmill.common.avro.ReplacedEvent;
import io.chunkmill.common.store.Buckets;
import io.chunkmill.common.store.DayWriters;
import io.chunkmill.jobs.testing.LocalJobs;
import java.io.File;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import io.chunkmill.common.input.MessageChunk;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.testing.ChunkBuilder;
import io.chunkmill.jobs.program.SideOutputs;
import io.chunkmill.jobs.testing.RecordingSideOutputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.Test;

/** MRUnit tests of ingest's mappers and reducers. */
public class IngestMapReduceTest {
  @Rule
  public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String DAY1_TS = "1764201600000"; // 2025-11-27T00:00:00Z

  @Test
  public void theMapperClassifiesEveryLineAndKeysValidEventsById() throws Exception {
    RecordingSideOutputs side = new RecordingSideOutputs();
    MapDriver<Text, MessageChunk, Text, EventWritable> driver =
        MapDriver.newMapDriver(new ClassifyMessagesMapper() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }
        });
    MessageChunk chunk = new ChunkBuilder().file("file:/in/a.json")
        .line("{\"id\":\"x\",\"ts\":" + DAY1_TS + ",\"user\":\"u1\",\"url\":\"http://a\"}")
        .line("   ")
        .line("{\"id\":\"y\",\"ts\":\"2025-11-27T01:00:00+01:00\",\"user\":\"u2\",\"url\":\"http://b\",\"extra\":[1,{}]}")
        .line("{not json")
        .line("{\"id\":\"z\",\"ts\":1,\"user\":\"u3\"}")
        .line("{\"id\":\"w\",\"ts\":1.5e12,\"user\":\"u3\",\"url\":\"u\"}")
        .tooLong("{\"id\":\"long\"", 70_000)
        .corruptFile("file:/in/broken.json.gz", 1234)
        .build();
    List<Pair<Text, EventWritable>> out = driver.withInput(new Text("k"), chunk).run();

    assertEquals(2, out.size());
    assertEquals(new Text(Buckets.key("x")), out.get(0).getFirst());
    assertEquals(event(1764201600000L, "u1", "http://a"), out.get(0).getSecond());
    assertEquals(new Text(Buckets.key("y")), out.get(1).getFirst());
    assertEquals(event(1764201600000L, "u2", "http://b"), out.get(1).getSecond());
    var counters = driver.getCounters();
    assertEquals(7, counters.findCounter(IngestCounters.LINES_READ).getValue());
    assertEquals(1, counters.findCounter(IngestCounters.BLANK).getValue());
    assertEquals(1, counters.findCounter(IngestCounters.MALFORMED).getValue());
    assertEquals(1, counters.findCounter(IngestCounters.MISSING_FIELD).getValue());
    assertEquals(1, counters.findCounter(IngestCounters.BAD_TIMESTAMP).getValue());
    assertEquals(1, counters.findCounter(IngestCounters.TOO_LONG).getValue());
    assertEquals(2, counters.findCounter(IngestCounters.VALID).getValue());
    assertEquals(1, counters.findCounter(IngestCounters.CORRUPT_FILES).getValue());

    List<Object> q = side.records(ClassifyMessagesMapper.QUARANTINE);
    assertEquals(5, q.size());
    QuarantineRecord malformed = (QuarantineRecord) q.get(0);
    assertEquals(QuarantineReason.MALFORMED, malformed.getReason());
    assertEquals("file:/in/a.json", malformed.getFile());
    assertEquals("{not json", StandardCharsets.UTF_8.decode(malformed.getLine()).toString());
    assertEquals(QuarantineReason.MISSING_FIELD, ((QuarantineRecord) q.get(1)).getReason());
    assertEquals(QuarantineReason.BAD_TIMESTAMP, ((QuarantineRecord) q.get(2)).getReason());
    assertEquals(QuarantineReason.TOO_LONG, ((QuarantineRecord) q.get(3)).getReason());
    QuarantineRecord corrupt = (QuarantineRecord) q.get(4);
    assertEquals(QuarantineReason.CORRUPT_FILE, corrupt.getReason());
    assertEquals(1234, corrupt.getOffset());
    assertTrue(side.closed);
    assertTrue(side.written.stream().allMatch(w -> w.basePath().equals(ClassifyMessagesMapper.QUARANTINE_PATH)));
  }

  @Test
  public void theQuarantineRecordKnowsTheOffsetOfItsLine() throws Exception {
    RecordingSideOutputs side = new RecordingSideOutputs();
    MapDriver<Text, MessageChunk, Text, EventWritable> driver =
        MapDriver.newMapDriver(new ClassifyMessagesMapper() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }
        });
    driver.withInput(new Text("k"), new ChunkBuilder().file("f").line("").line("12345").line("bad").build()).run();
    QuarantineRecord r = (QuarantineRecord) side.records(ClassifyMessagesMapper.QUARANTINE).get(1);
    assertEquals(7, r.getOffset());
    assertEquals(0, r.getOffsetBase());
  }

  /** A dedup reducer that writes its data files under {@code out} and probes the store under {@code root}. */
  private static ReduceDriver<Text, EventWritable, AvroKey<Event>, NullWritable> dedupReducer(
      RecordingSideOutputs side, File out, File root) {
    ReduceDriver<Text, EventWritable, AvroKey<Event>, NullWritable> driver =
        ReduceDriver.newReduceDriver(new KeepWinningEventReducer() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }

          @Override
          protected DayWriters openWriters(Context context) throws IOException {
            return DayWriters.forReducer(FileSystem.getLocal(context.getConfiguration()), new Path(out.toURI()), 0, 1,
                0.01);
          }

          @Override
          protected void writeDaysSeen(Context context) {}
        });
    if (root != null) {
      driver.getConfiguration().set(IngestConfig.ROOT, root.toURI().toString());
    }
    return driver;
  }

  private static Text key(String id) {
    return new Text(Buckets.key(id));
  }

  @Test
  public void theDedupReducerKeepsSmallestTsThenUserThenUrlAndCountsTheRest() throws Exception {
    File out = tmp.newFolder();
    ReduceDriver<Text, EventWritable, AvroKey<Event>, NullWritable> driver =
        dedupReducer(new RecordingSideOutputs(), out, null);
    List<String> ids = new java.util.ArrayList<>(List.of("id1", "id2"));
    ids.sort(java.util.Comparator.comparing(Buckets::key));
    for (String id : ids) {
      driver.withInput(key(id), id.equals("id1")
          ? List.of(event(2000L, "a", "a"), event(1000L, "b", "z"), event(1000L, "b", "y"), event(1000L, "c", "a"))
          : List.of(event(86_400_000L, "u", "v")));
    }
    driver.run();
    assertEquals(List.of(new Event("id1", 1000L, "b", "y")),
        LocalJobs.readAvro(new File(out, "dt=1970-01-01"), Event.class));
    assertEquals(List.of(new Event("id2", 86_400_000L, "u", "v")),
        LocalJobs.readAvro(new File(out, "dt=1970-01-02"), Event.class));
    assertEquals(3, driver.getCounters().findCounter(IngestCounters.DUPLICATE_IN_RUN).getValue());
    assertEquals(2, driver.getCounters().findCounter(IngestCounters.EVENTS).getValue());
  }

  private static EventWritable event(long ts, String user, String url) {
    EventWritable e = new EventWritable();
    e.set(ts, user, url);
    return e;
  }

  @Test
  public void theDedupReducerKeepsStoredEventsOnATieAndLetsBetterNewEventsReplaceThemAcrossMidnight()
      throws Exception {
    long day = 86_400_000L;
    File root = tmp.newFolder();
    FileSystem fs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    // Stored: day 1 (1970-01-02) holds tie, better, worse, old; day 2 holds late (replaced by a copy on day 1).
    java.util.TreeMap<String, Event> stored = new java.util.TreeMap<>(java.util.Comparator.comparing(Buckets::key));
    for (Event e : List.of(new Event("tie", day + 5, "u", "x"), new Event("better", day + 9, "u", "x"),
        new Event("worse", day + 1, "u", "x"), new Event("old", day + 4, "u", "x"),
        new Event("late", 2 * day + 10, "u", "x"), new Event("far", 3 * day + 10, "u", "x"))) {
      stored.put(e.getId(), e);
    }
    try (DayWriters w = new DayWriters(fs, new Path(new Path(root.toURI()), "events"), 0, Buckets.COUNT - 1, 0.01)) {
      for (Event e : stored.values()) {
        w.append(java.time.LocalDate.ofEpochDay(e.getTs() / day), Buckets.of(e.getId()), e);
      }
    }
    for (File d : new File(root, "events").listFiles()) { // a run directory per day, as ingest publishes them
      File run = new File(d, "run-0");
      run.mkdir();
      for (File f : d.listFiles(File::isFile)) {
        java.nio.file.Files.move(f.toPath(), new File(run, f.getName()).toPath());
      }
    }
    RecordingSideOutputs side = new RecordingSideOutputs();
    File out = tmp.newFolder();
    ReduceDriver<Text, EventWritable, AvroKey<Event>, NullWritable> driver = dedupReducer(side, out, root);
    java.util.TreeMap<String, List<EventWritable>> batch = new java.util.TreeMap<>(java.util.Comparator.comparing(Buckets::key));
    batch.put("tie", List.of(event(day + 5, "u", "x")));
    batch.put("better", List.of(event(day + 8, "u", "x")));
    batch.put("worse", List.of(event(day + 1, "v", "x")));
    batch.put("new", List.of(event(day + 3, "u", "x")));
    batch.put("late", List.of(event(2 * day - 1, "u", "x"))); // 23:59:59.999 of day 1 beats day 2's copy
    // two copies of one run, two days apart, are one event; the stored copy within a day of the
    // later one (not of the winner) is that event too, and the winner replaces it
    batch.put("far", List.of(event(2 * day + 5, "u", "x"), event(day + 7, "u", "x")));
    batch.forEach((id, copies) -> driver.withInput(key(id), copies));
    driver.run();

    List<Event> written = LocalJobs.readAvro(new File(out, "dt=1970-01-02"), Event.class);
    written.sort(java.util.Comparator.comparing(Event::getId));
    assertEquals(List.of(new Event("better", day + 8, "u", "x"), new Event("far", day + 7, "u", "x"),
        new Event("late", 2 * day - 1, "u", "x"), new Event("new", day + 3, "u", "x")), written);
    var c = driver.getCounters();
    assertEquals(4, c.findCounter(IngestCounters.EVENTS).getValue());
    assertEquals(1, c.findCounter(IngestCounters.DUPLICATE_IN_RUN).getValue());
    assertEquals(2, c.findCounter(IngestCounters.DUPLICATE_OF_STORED).getValue());
    assertEquals(3, c.findCounter(IngestCounters.STORED_REPLACED).getValue());
    List<String> replaced = side.records(KeepWinningEventReducer.REPLACED).stream()
        .map(r -> ((ReplacedEvent) r).getDay() + "/" + ((ReplacedEvent) r).getEvent().getId()).sorted().toList();
    assertEquals(List.of("1970-01-02/better", "1970-01-03/late", "1970-01-04/far"), replaced);
  }
}
