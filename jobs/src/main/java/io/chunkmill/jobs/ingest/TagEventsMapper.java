package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.DayIdKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.StagedEvent;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Merge step, map side: keys every event by (UTC day, id) and tags it as new (from this run's
 * dedup step) or stored (from the day partitions the run writes).
 */
public class TagEventsMapper extends Mapper<AvroKey<Event>, NullWritable, AvroKey<DayIdKey>, AvroValue<StagedEvent>> {
  static {
    AvroTrust.install();
  }

  private final DayIdKey key = new DayIdKey();
  private final StagedEvent staged = new StagedEvent();
  private final AvroKey<DayIdKey> outKey = new AvroKey<>(key);
  private final AvroValue<StagedEvent> outValue = new AvroValue<>(staged);
  private final DayPaths days = new DayPaths();

  @Override
  protected void setup(Context context) {
    String newDir = context.getConfiguration().get(IngestConfig.NEW_EVENTS_DIR);
    Path file = ((FileSplit) context.getInputSplit()).getPath();
    staged.setStored(!file.toString().startsWith(newDir + "/"));
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    key.setDay(days.day(e.getTs()));
    key.setId(e.getId());
    staged.setEvent(e);
    context.write(outKey, outValue);
    if (!staged.getStored()) {
      context.getCounter(IngestCounters.MERGE_NEW_INPUT).increment(1);
    }
  }
}
