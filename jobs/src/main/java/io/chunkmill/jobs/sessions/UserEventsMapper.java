package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.analysis.PartitionPlan;
import io.chunkmill.jobs.count.Facet;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/** Keys each event by (day, user, ts, id) with its url as value, for the secondary sort. */
public class UserEventsMapper extends Mapper<AvroKey<Event>, NullWritable, AvroKey<SessionKey>, AvroValue<CharSequence>> {
  static {
    AvroTrust.install();
  }

  private PartitionPlan plan;
  private final Facet.Keys keys = new Facet.Keys();
  private final SessionKey key = new SessionKey();
  private final AvroKey<SessionKey> outKey = new AvroKey<>(key);
  private final AvroValue<CharSequence> outValue = new AvroValue<>();

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int part = plan.index(SessionsJob.DATASET, keys.day(e.getTs()));
    if (part >= 0) {
      key.setPart(part);
      key.setUser(e.getUser());
      key.setTs(e.getTs());
      key.setId(e.getId());
      outValue.datum(e.getUrl());
      context.write(outKey, outValue);
    }
  }
}
