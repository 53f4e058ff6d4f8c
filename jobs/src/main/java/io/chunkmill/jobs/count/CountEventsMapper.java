package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.PartitionPlan;
import java.io.IOException;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/** Counts each event under the key of every requested facet, aggregated in the mapper. */
public class CountEventsMapper extends Mapper<AvroKey<Event>, NullWritable, AvroKey<CountKey>, AvroValue<Long>> {
  static {
    AvroTrust.install();
  }

  private PartitionPlan plan;
  private List<Facet> facets;
  private final Facet.Keys keys = new Facet.Keys();
  private final KeyCounts counts = new KeyCounts();

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
    facets = CountConfig.facets(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    String day = keys.day(e.getTs());
    for (Facet f : facets) {
      int part = plan.index(f.dataset(), day);
      if (part >= 0) {
        counts.add(part, keys.key(f, e), context);
      }
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    counts.flush(context);
  }
}
