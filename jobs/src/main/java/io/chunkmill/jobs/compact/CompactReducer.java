package io.chunkmill.jobs.compact;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.message.EventOrder;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.output.UtcDays;
import io.chunkmill.common.store.Buckets;
import io.chunkmill.common.store.DayWriters;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Compaction, reduce side: writes every event of its bucket range to its day's new data file, in
 * (bucket, id) order, with sidecars. Copies of one id on different days are all kept as they are:
 * compaction rewrites what is stored, it does not deduplicate across days (ingest does that).
 */
public class CompactReducer extends Reducer<Text, EventWritable, AvroKey<Event>, NullWritable> {
  static {
    AvroTrust.install();
  }

  private DayWriters writers;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    writers = DayWriters.forTask(context);
  }

  @Override
  protected void reduce(Text key, Iterable<EventWritable> copies, Context context)
      throws IOException, InterruptedException {
    int bucket = Buckets.bucketOfKey(key.getBytes(), key.getLength());
    String id = Buckets.idOfKey(key.toString());
    Map<LocalDate, Event> byDay = new TreeMap<>();
    for (EventWritable c : copies) {
      LocalDate day = UtcDays.date(c.ts());
      Event kept = byDay.get(day);
      if (kept != null) {
        context.getCounter(CompactCounters.SAME_DAY_COPIES_DROPPED).increment(1);
        if (EventOrder.compare(kept.getTs(), kept.getUser(), kept.getUrl(), c.ts(), c.user(), c.url()) <= 0) {
          continue;
        }
      }
      byDay.put(day, new Event(id, c.ts(), c.user(), c.url()));
    }
    for (Map.Entry<LocalDate, Event> e : byDay.entrySet()) {
      writers.append(e.getKey(), bucket, e.getValue());
      context.getCounter(CompactCounters.EVENTS_OUT).increment(1);
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException {
    writers.close();
  }
}
