package io.chunkmill.jobs.topn;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.PartitionPlan;
import io.chunkmill.jobs.count.Facet;
import io.chunkmill.jobs.count.KeyCounts;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/** Counts events per (day, url), aggregated in the mapper. */
public class CountUrlsMapper extends Mapper<AvroKey<Event>, NullWritable, AvroKey<CountKey>, AvroValue<Long>> {
  static {
    AvroTrust.install();
  }

  private PartitionPlan plan;
  private final Facet.Keys keys = new Facet.Keys();
  private final KeyCounts counts = new KeyCounts();

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int part = plan.index(TopUrlsJob.DATASET, keys.day(e.getTs()));
    if (part >= 0) {
      counts.add(part, e.getUrl(), context);
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    counts.flush(context);
  }
}
