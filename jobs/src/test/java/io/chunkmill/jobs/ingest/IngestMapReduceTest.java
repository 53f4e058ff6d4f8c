package io.chunkmill.jobs.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.DayIdKey;
import io.chunkmill.common.avro.DayStats;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.QuarantineReason;
import io.chunkmill.common.avro.QuarantineRecord;
import io.chunkmill.common.avro.StagedEvent;
import io.chunkmill.common.input.MessageChunk;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.testing.ChunkBuilder;
import io.chunkmill.jobs.SideOutputs;
import io.chunkmill.jobs.testing.AvroShuffle;
import io.chunkmill.jobs.testing.RecordingSideOutputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.Test;

/** MRUnit tests of ingest's mappers and reducers. */
public class IngestMapReduceTest {
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
    assertEquals(new Text("x"), out.get(0).getFirst());
    assertEquals(event(1764201600000L, "u1", "http://a"), out.get(0).getSecond());
    assertEquals(new Text("y"), out.get(1).getFirst());
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

  @Test
  public void theDedupReducerKeepsSmallestTsThenUserThenUrlAndCountsTheRest() throws Exception {
    RecordingSideOutputs side = new RecordingSideOutputs();
    ReduceDriver<Text, EventWritable, AvroKey<Event>, NullWritable> driver =
        ReduceDriver.newReduceDriver(new KeepWinningEventReducer() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }
        });
    driver.withInput(new Text("id1"), List.of(
        event(2000L, "a", "a"), event(1000L, "b", "z"), event(1000L, "b", "y"), event(1000L, "c", "a")));
    driver.withInput(new Text("id2"), List.of(event(86_400_000L, "u", "v")));
    driver.run();
    assertEquals(List.of(new Event("id1", 1000L, "b", "y"), new Event("id2", 86_400_000L, "u", "v")),
        side.records(IngestJob.EVENTS_OUTPUT));
    assertEquals("dt=1970-01-01/part", side.written.get(0).basePath());
    assertEquals("dt=1970-01-02/part", side.written.get(1).basePath());
    assertEquals(3, driver.getCounters().findCounter(IngestCounters.DUPLICATE_IN_RUN).getValue());
  }

  private static EventWritable event(long ts, String user, String url) {
    EventWritable e = new EventWritable();
    e.set(ts, user, url);
    return e;
  }

  private static AvroValue<StagedEvent> staged(boolean stored, Event e) {
    return new AvroValue<>(new StagedEvent(stored, e));
  }

  @Test
  public void theMergeReducerKeepsStoredEventsOnATieAndLetsBetterNewEventsReplaceThem() throws Exception {
    RecordingSideOutputs side = new RecordingSideOutputs();
    ReduceDriver<AvroKey<DayIdKey>, AvroValue<StagedEvent>, AvroKey<Event>, NullWritable> driver =
        ReduceDriver.newReduceDriver(new MergeDayReducer() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }
        });
    AvroShuffle.configure(driver.getConfiguration(), DayIdKey.getClassSchema(), StagedEvent.getClassSchema());
    String day = "1970-01-01";
    Event same = new Event("tie", 5L, "u", "x");
    driver.withInput(new AvroKey<>(new DayIdKey(day, "tie")), List.of(staged(false, same), staged(true, same)));
    driver.withInput(new AvroKey<>(new DayIdKey(day, "better")),
        List.of(staged(true, new Event("better", 9L, "u", "x")), staged(false, new Event("better", 8L, "u", "x"))));
    driver.withInput(new AvroKey<>(new DayIdKey(day, "worse")),
        List.of(staged(true, new Event("worse", 1L, "u", "x")), staged(false, new Event("worse", 1L, "v", "x"))));
    driver.withInput(new AvroKey<>(new DayIdKey(day, "new")), List.of(staged(false, new Event("new", 3L, "u", "x"))));
    driver.withInput(new AvroKey<>(new DayIdKey(day, "old")), List.of(staged(true, new Event("old", 4L, "u", "x"))));
    driver.run();

    assertEquals(List.of(same, new Event("better", 8L, "u", "x"), new Event("worse", 1L, "u", "x"),
        new Event("new", 3L, "u", "x"), new Event("old", 4L, "u", "x")), side.records(IngestJob.EVENTS_OUTPUT));
    var c = driver.getCounters();
    assertEquals(2, c.findCounter(IngestCounters.EVENTS).getValue());
    assertEquals(2, c.findCounter(IngestCounters.DUPLICATE_OF_STORED).getValue());
    assertEquals(1, c.findCounter(IngestCounters.STORED_REPLACED).getValue());
    assertEquals(List.of(new DayStats(day, 2L, 3L, 1L)), side.records(MergeDayReducer.DAY_STATS));
  }
}
