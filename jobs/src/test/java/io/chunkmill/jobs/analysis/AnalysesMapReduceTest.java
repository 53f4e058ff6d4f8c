package io.chunkmill.jobs.analysis;

import static org.junit.Assert.assertEquals;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.program.SideOutputs;
import io.chunkmill.jobs.count.CountAnalysis;
import io.chunkmill.jobs.count.Facet;
import io.chunkmill.jobs.testing.AvroShuffle;
import io.chunkmill.jobs.testing.RecordingSideOutputs;
import io.chunkmill.jobs.topn.TopUrlsAnalysis;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.Test;

/** MRUnit tests of the analyses' shared mapper, combiner and reducer, with count and topn. */
public class AnalysesMapReduceTest {
  private static final LocalDate D1 = LocalDate.of(2026, 11, 27);
  private static final LocalDate D2 = LocalDate.of(2026, 11, 28);

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static void plan(Configuration conf, Set<Integer> updated, PartitionPlan.Target... targets) {
    new PartitionPlan(List.of(targets), updated, java.util.Map.of()).store(conf);
    for (PartitionPlan.Target t : targets) {
      PartitionPlan.setAnalysis(conf, t.dataset(), t.dataset().equals(TopUrlsJob.DATASET)
          ? TopUrlsAnalysis.class : CountAnalysis.class);
    }
  }

  private static AvroKey<AnalysisKey> key(int part, String key) {
    return new AvroKey<>(new AnalysisKey(part, key, 0L, ""));
  }

  private static List<AvroValue<Object>> counts(long... counts) {
    return java.util.Arrays.stream(counts).mapToObj(c -> new AvroValue<Object>(c)).toList();
  }

  private static ReduceDriver<AvroKey<AnalysisKey>, AvroValue<Object>, AvroKey<Object>, NullWritable> reducer(
      RecordingSideOutputs side) {
    ReduceDriver<AvroKey<AnalysisKey>, AvroValue<Object>, AvroKey<Object>, NullWritable> driver =
        ReduceDriver.newReduceDriver(new AnalysesReducer() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }
        });
    AvroShuffle.configure(driver.getConfiguration(), AnalysisKey.getClassSchema(), Analysis.VALUE_SCHEMA);
    return driver;
  }

  private static TreeMap<String, Long> mapped(Class<? extends EventsMapper> mapper, Set<Integer> updated,
      List<Event> events) throws Exception {
    MapDriver<AvroKey<Event>, NullWritable, AvroKey<AnalysisKey>, AvroValue<Object>> driver =
        MapDriver.newMapDriver(mapper.getDeclaredConstructor().newInstance());
    Configuration conf = driver.getConfiguration();
    // MRUnit copies input and output keys with one serialization: a union schema covers both.
    AvroShuffle.configure(conf, Schema.createUnion(AnalysisKey.getClassSchema(), Event.getClassSchema()),
        Analysis.VALUE_SCHEMA);
    plan(conf, updated, new PartitionPlan.Target(Facet.URL.dataset(), D1),
        new PartitionPlan.Target(Facet.HOUR.dataset(), D1), new PartitionPlan.Target(TopUrlsJob.DATASET, D2));
    events.forEach(e -> driver.withInput(new AvroKey<>(e), NullWritable.get()));
    TreeMap<String, Long> out = new TreeMap<>();
    for (Pair<AvroKey<AnalysisKey>, AvroValue<Object>> p : driver.run()) {
      out.merge(p.getFirst().datum().getPart() + " " + p.getFirst().datum().getKey(), (Long) p.getSecond().datum(),
          Long::sum);
    }
    return out;
  }

  private static final List<Event> EVENTS = List.of(new Event("1", ms("2026-11-27T10:00:00Z"), "u", "a"),
      new Event("2", ms("2026-11-27T10:59:59Z"), "v", "a"),
      new Event("3", ms("2026-11-27T11:00:00Z"), "u", "b"),
      new Event("4", ms("2026-11-28T11:00:00Z"), "u", "a"),
      new Event("5", ms("2026-11-29T11:00:00Z"), "u", "a"));

  @Test
  public void theMapperAggregatesCountsOfThePlannedPartitionsOfEachEventsDayOnly() throws Exception {
    TreeMap<String, Long> out = mapped(EventsMapper.class, Set.of(), EVENTS);
    assertEquals("{0 a=2, 0 b=1, 1 2026-11-27T10=2, 1 2026-11-27T11=1, 2 a=1}", out.toString());
  }

  @Test
  public void changesFeedOnlyTheUpdatedPartitionsAndReplacedEventsCountMinusOne() throws Exception {
    assertEquals("{0 a=2, 0 b=1}", mapped(AddedEventsMapper.class, Set.of(0), EVENTS).toString());
    assertEquals("{1 2026-11-27T10=2, 1 2026-11-27T11=1, 2 a=1}",
        mapped(EventsMapper.class, Set.of(0), EVENTS).toString());
    assertEquals("{0 a=-2, 0 b=-1, 2 a=-1}", mapped(ReplacedEventsMapper.class, Set.of(0, 2), EVENTS).toString());
  }

  @Test
  public void theReducerWritesEachPartitionsRecordsThroughItsAnalysisAndLeavesZeroCountsOut() throws Exception {
    RecordingSideOutputs side = new RecordingSideOutputs();
    var driver = reducer(side);
    driver.getConfiguration().setInt(TopUrlsJob.N, 2);
    plan(driver.getConfiguration(), Set.of(), new PartitionPlan.Target("counts/url", D1),
        new PartitionPlan.Target("counts/url", D2), new PartitionPlan.Target(TopUrlsJob.DATASET, D1),
        new PartitionPlan.Target(TopUrlsJob.DATASET, D2));
    driver.withInput(key(0, "a"), counts(2, 3));
    driver.withInput(key(0, "gone"), counts(2, -2));
    driver.withInput(key(1, "a"), counts(1));
    driver.withInput(key(2, "a"), counts(1));
    driver.withInput(key(2, "b"), counts(2, 1));
    driver.withInput(key(2, "c"), counts(3));
    driver.withInput(key(2, "gone"), counts(5, -5));
    driver.withInput(key(3, "z"), counts(1));
    driver.run();
    assertEquals(List.of(new CountRecord("a", 5L), new CountRecord("a", 1L)), side.records("counts"));
    assertEquals(List.of(new TopUrl("2026-11-27", 1, "b", 3L), new TopUrl("2026-11-27", 2, "c", 3L),
        new TopUrl("2026-11-28", 1, "z", 1L)), side.records("topn"));
    assertEquals(List.of("counts/url/dt=2026-11-27/part", "counts/url/dt=2026-11-28/part",
        "topn/dt=2026-11-27/part", "topn/dt=2026-11-27/part", "topn/dt=2026-11-28/part"),
        side.written.stream().map(RecordingSideOutputs.Written::basePath).toList());
  }

  @Test(expected = IllegalStateException.class)
  public void aCountBelowZeroFailsTheTask() throws Exception {
    var driver = reducer(new RecordingSideOutputs());
    plan(driver.getConfiguration(), Set.of(), new PartitionPlan.Target("counts/url", D1));
    driver.withInput(key(0, "a"), counts(1, -2)).run();
  }

  @Test
  public void theCombinerSumsCounts() throws Exception {
    ReduceDriver<AvroKey<AnalysisKey>, AvroValue<Object>, AvroKey<AnalysisKey>, AvroValue<Object>> driver =
        ReduceDriver.newReduceDriver(new AnalysesCombiner());
    AvroShuffle.configure(driver.getConfiguration(), AnalysisKey.getClassSchema(), Analysis.VALUE_SCHEMA);
    plan(driver.getConfiguration(), Set.of(), new PartitionPlan.Target("counts/user", D1));
    List<Pair<AvroKey<AnalysisKey>, AvroValue<Object>>> out = driver.withInput(key(0, "k"), counts(4, 6)).run();
    assertEquals(1, out.size());
    assertEquals(10L, out.get(0).getSecond().datum());
  }
}
