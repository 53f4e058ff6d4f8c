package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.message.EventOrder;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import io.chunkmill.jobs.SideOutputs;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Dedup step, reduce side: of the valid lines sharing an id, keeps the one SPEC §2 names (smallest
 * ts, then user, then url) and counts the others as duplicates. Writes the winner under
 * {@code dt=<UTC day of ts>/} for the merge step.
 */
public class KeepWinningEventReducer extends Reducer<AvroKey<CharSequence>, AvroValue<Event>, AvroKey<Event>, NullWritable> {
  static {
    AvroTrust.install();
  }

  private SideOutputs outputs;
  private final Event winner = new Event();
  private final AvroKey<Event> out = new AvroKey<>(winner);
  private final DayPaths days = new DayPaths();

  @Override
  protected void setup(Context context) {
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(AvroKey<CharSequence> id, Iterable<AvroValue<Event>> copies, Context context)
      throws IOException, InterruptedException {
    long n = 0;
    for (AvroValue<Event> copy : copies) {
      Event e = copy.datum(); // reused by the framework: keep its fields, not the object
      if (n++ == 0 || !EventOrder.firstWins(winner.getTs(), winner.getUser(), winner.getUrl(),
          e.getTs(), e.getUser(), e.getUrl())) {
        winner.setId(e.getId());
        winner.setTs(e.getTs());
        winner.setUser(e.getUser());
        winner.setUrl(e.getUrl());
      }
    }
    if (n > 1) {
      context.getCounter(IngestCounters.DUPLICATE_IN_RUN).increment(n - 1);
    }
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
