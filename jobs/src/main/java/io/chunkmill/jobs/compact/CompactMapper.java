package io.chunkmill.jobs.compact;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.store.Buckets;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** Compaction, map side: every stored event to the shuffle, keyed by {@link Buckets#key}. */
public class CompactMapper extends Mapper<AvroKey<Event>, NullWritable, Text, EventWritable> {
  static {
    AvroTrust.install();
  }

  private final Text key = new Text();
  private final EventWritable value = new EventWritable();

  @Override
  protected void map(AvroKey<Event> record, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = record.datum();
    key.set(Buckets.key(e.getId()));
    value.set(e.getTs(), e.getUser(), e.getUrl());
    context.write(key, value);
    context.getCounter(CompactCounters.EVENTS_IN).increment(1);
  }
}
