package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.DistinctKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.PartitionPlan;
import io.chunkmill.jobs.count.Facet;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/** Exact mode: one (day, url, user) key per event; the shuffle sorts users within a url. */
public class UrlUserMapper extends Mapper<AvroKey<Event>, NullWritable, AvroKey<DistinctKey>, NullWritable> {
  static {
    AvroTrust.install();
  }

  private PartitionPlan plan;
  private final Facet.Keys keys = new Facet.Keys();
  private final DistinctKey key = new DistinctKey();
  private final AvroKey<DistinctKey> out = new AvroKey<>(key);

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int part = plan.index(DistinctUsersJob.EXACT, keys.day(e.getTs()));
    if (part >= 0) {
      key.setPart(part);
      key.setUrl(e.getUrl());
      key.setUser(e.getUser());
      context.write(out, NullWritable.get());
    }
  }
}
