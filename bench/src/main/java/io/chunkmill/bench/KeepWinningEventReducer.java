package io.chunkmill.bench;

import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Dedup job, reduce side: keeps the SPEC §2 winner of each id and writes the line
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
    pickWinner(copies, winner);
    events++;
    dayUrl.set(days.day(winner.ts()) + "\t" + winner.url());
    context.write(dayUrl, NullWritable.get());
  }

  /** Copies the winner of {@code copies} into {@code winner}; returns how many copies there were. */
  static long pickWinner(Iterable<EventWritable> copies, EventWritable winner) {
    long n = 0;
    for (EventWritable copy : copies) { // the framework reuses the object: copy its fields
      if (n++ == 0) {
        winner.set(copy.ts(), copy.user(), copy.url());
      } else {
        winner.keepWinner(copy);
      }
    }
    return n;
  }

  @Override
  protected void cleanup(Context context) {
    context.getCounter(BenchCounters.EVENTS).increment(events);
  }
}
