package io.chunkmill.jobs.count;

import static org.junit.Assert.assertEquals;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.SideOutputs;
import io.chunkmill.jobs.analysis.PartitionPlan;
import io.chunkmill.jobs.testing.AvroShuffle;
import io.chunkmill.jobs.testing.RecordingSideOutputs;
import io.chunkmill.jobs.topn.RankUrlsReducer;
import io.chunkmill.jobs.topn.TopUrlsJob;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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

/** MRUnit tests of count's mapper, combiner and reducer, and of topn's reducer. */
public class CountMapReduceTest {
  private static final LocalDate D1 = LocalDate.of(2026, 11, 27);
  private static final LocalDate D2 = LocalDate.of(2026, 11, 28);

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  private static void plan(Configuration conf, PartitionPlan.Target... targets) {
    new PartitionPlan(List.of(targets)).store(conf);
  }

  @Test
  public void theMapperAggregatesCountsOfThePlannedFacetsAndDaysOnly() throws Exception {
    MapDriver<AvroKey<Event>, NullWritable, AvroKey<CountKey>, AvroValue<Long>> driver =
        MapDriver.newMapDriver(new CountEventsMapper());
    Configuration conf = driver.getConfiguration();
    // MRUnit copies input and output keys with one serialization: a union schema covers both.
    AvroShuffle.configure(conf, Schema.createUnion(CountKey.getClassSchema(), Event.getClassSchema()),
        Schema.create(Schema.Type.LONG));
    CountConfig.setFacets(conf, List.of(Facet.URL, Facet.HOUR));
    plan(conf, new PartitionPlan.Target(Facet.URL.dataset(), D1), new PartitionPlan.Target(Facet.HOUR.dataset(), D1));
    for (Event e : List.of(new Event("1", ms("2026-11-27T10:00:00Z"), "u", "a"),
        new Event("2", ms("2026-11-27T10:59:59Z"), "v", "a"),
        new Event("3", ms("2026-11-27T11:00:00Z"), "u", "b"),
        new Event("4", ms("2026-11-28T11:00:00Z"), "u", "a"))) {
      driver.withInput(new AvroKey<>(e), NullWritable.get());
    }
    TreeMap<String, Long> out = new TreeMap<>();
    for (Pair<AvroKey<CountKey>, AvroValue<Long>> p : driver.run()) {
      out.merge(p.getFirst().datum().getPart() + " " + p.getFirst().datum().getKey(), p.getSecond().datum(), Long::sum);
    }
    assertEquals("{0 a=2, 0 b=1, 1 2026-11-27T10=2, 1 2026-11-27T11=1}", out.toString());
    assertEquals("one output per distinct key, not per event", 4, out.size());
  }

  @Test
  public void theReducerSumsAndWritesToThePartitionOfItsKey() throws Exception {
    RecordingSideOutputs side = new RecordingSideOutputs();
    ReduceDriver<AvroKey<CountKey>, AvroValue<Long>, AvroKey<CountRecord>, NullWritable> driver =
        ReduceDriver.newReduceDriver(new SumCountsReducer() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }
        });
    AvroShuffle.configure(driver.getConfiguration(), CountKey.getClassSchema(), Schema.create(Schema.Type.LONG));
    plan(driver.getConfiguration(), new PartitionPlan.Target("counts/url", D1), new PartitionPlan.Target("counts/url", D2));
    driver.withInput(new AvroKey<>(new CountKey(0, "a")), List.of(new AvroValue<>(2L), new AvroValue<>(3L)));
    driver.withInput(new AvroKey<>(new CountKey(1, "a")), List.of(new AvroValue<>(1L)));
    driver.run();
    assertEquals(List.of(new CountRecord("a", 5L), new CountRecord("a", 1L)), side.records("counts"));
    assertEquals(List.of("counts/url/dt=2026-11-27/part", "counts/url/dt=2026-11-28/part"),
        side.written.stream().map(RecordingSideOutputs.Written::basePath).toList());
  }

  @Test
  public void theCombinerSums() throws Exception {
    ReduceDriver<AvroKey<CountKey>, AvroValue<Long>, AvroKey<CountKey>, AvroValue<Long>> driver =
        ReduceDriver.newReduceDriver(new SumCountsCombiner());
    AvroShuffle.configure(driver.getConfiguration(), CountKey.getClassSchema(), Schema.create(Schema.Type.LONG));
    List<Pair<AvroKey<CountKey>, AvroValue<Long>>> out = driver
        .withInput(new AvroKey<>(new CountKey(3, "k")), List.of(new AvroValue<>(4L), new AvroValue<>(6L))).run();
    assertEquals(1, out.size());
    assertEquals(10L, (long) out.get(0).getSecond().datum());
  }

  @Test
  public void topnRanksEachDayWhenItsPartitionEnds() throws Exception {
    RecordingSideOutputs side = new RecordingSideOutputs();
    ReduceDriver<AvroKey<CountKey>, AvroValue<Long>, AvroKey<TopUrl>, NullWritable> driver =
        ReduceDriver.newReduceDriver(new RankUrlsReducer() {
          @Override
          protected SideOutputs openOutputs(Context context) {
            return side;
          }
        });
    AvroShuffle.configure(driver.getConfiguration(), CountKey.getClassSchema(), Schema.create(Schema.Type.LONG));
    driver.getConfiguration().setInt(TopUrlsJob.N, 2);
    plan(driver.getConfiguration(), new PartitionPlan.Target("topn", D1), new PartitionPlan.Target("topn", D2));
    driver.withInput(new AvroKey<>(new CountKey(0, "a")), List.of(new AvroValue<>(1L)));
    driver.withInput(new AvroKey<>(new CountKey(0, "b")), List.of(new AvroValue<>(2L), new AvroValue<>(1L)));
    driver.withInput(new AvroKey<>(new CountKey(0, "c")), List.of(new AvroValue<>(3L)));
    driver.withInput(new AvroKey<>(new CountKey(1, "z")), List.of(new AvroValue<>(1L)));
    driver.run();
    assertEquals(List.of(new TopUrl("2026-11-27", 1, "b", 3L), new TopUrl("2026-11-27", 2, "c", 3L),
        new TopUrl("2026-11-28", 1, "z", 1L)), side.records("topn"));
  }
}
