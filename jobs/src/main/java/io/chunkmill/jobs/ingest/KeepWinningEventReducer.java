package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.message.EventWritable;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import io.chunkmill.jobs.SideOutputs;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Dedup step, reduce side: of the valid lines sharing an id, keeps the one docs/CONTRACT.md §2 names (smallest
 * ts, then user, then url) and counts the others as duplicates. Writes the winner under
 * {@code dt=<UTC day of ts>/} for the merge step.
 */
public class KeepWinningEventReducer extends Reducer<Text, EventWritable, AvroKey<Event>, NullWritable> {
  static {
    AvroTrust.install();
  }

  private SideOutputs outputs;
  private final EventWritable best = new EventWritable();
  private final Event winner = new Event();
  private final AvroKey<Event> out = new AvroKey<>(winner);
  private final DayPaths days = new DayPaths();

  @Override
  protected void setup(Context context) {
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(Text id, Iterable<EventWritable> copies, Context context)
      throws IOException, InterruptedException {
    long n = best.keepWinnerOf(copies);
    if (n > 1) {
      context.getCounter(IngestCounters.DUPLICATE_IN_RUN).increment(n - 1);
    }
    winner.setId(id.toString());
    winner.setTs(best.ts());
    winner.setUser(best.user());
    winner.setUrl(best.url());
    outputs.write(IngestJob.EVENTS_OUTPUT, out, days.basePath(winner.getTs()));
  }

  /** Where side outputs go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    outputs.close();
  }
}
