package io.chunkmill.bench;

import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.output.UtcDays;
import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Dedup job, reduce side: keeps the docs/CONTRACT.md §2 winner of each id and writes the line
 * {@code <UTC day of ts>\t<url>} that the count job counts.
 */
public class KeepWinningEventReducer extends Reducer<Text, EventWritable, Text, NullWritable> {
  private final EventWritable winner = new EventWritable();
  private final UtcDays days = new UtcDays();
  private final Text dayUrl = new Text();
  private long events;

  @Override
  protected void reduce(Text id, Iterable<EventWritable> copies, Context context)
      throws IOException, InterruptedException {
    winner.keepWinnerOf(copies);
    events++;
    dayUrl.set(days.day(winner.ts()) + "\t" + winner.url());
    context.write(dayUrl, NullWritable.get());
  }

  @Override
  protected void cleanup(Context context) {
    context.getCounter(BenchCounters.EVENTS).increment(events);
  }
}
