package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.DayIdKey;
import io.chunkmill.common.avro.DayStats;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.StagedEvent;
import io.chunkmill.common.message.EventOrder;
import java.io.IOException;
import java.util.TreeMap;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import io.chunkmill.jobs.SideOutputs;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Merge step, reduce side: for one (day, id), keeps the winner among the stored event and this
 * run's event (a stored event wins a full tie, so that re-ingesting changes nothing), writes the
 * day's events to {@code dt=<day>/} and, per day, what changed.
 */
public class MergeDayReducer extends Reducer<AvroKey<DayIdKey>, AvroValue<StagedEvent>, AvroKey<Event>, NullWritable> {
  static {
    AvroTrust.install();
  }

  static final String DAY_STATS = "daystats";
  static final String DAY_STATS_PATH = "_daystats/part";

  private SideOutputs outputs;
  private final Event winner = new Event();
  private final AvroKey<Event> out = new AvroKey<>(winner);
  /** day -> {new events kept, stored kept, stored replaced}. */
  private final TreeMap<String, long[]> stats = new TreeMap<>();

  @Override
  protected void setup(Context context) {
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(AvroKey<DayIdKey> key, Iterable<AvroValue<StagedEvent>> copies, Context context)
      throws IOException, InterruptedException {
    boolean winnerStored = false;
    long fresh = 0;
    long stored = 0;
    boolean first = true;
    for (AvroValue<StagedEvent> v : copies) {
      StagedEvent s = v.datum();
      Event e = s.getEvent();
      if (s.getStored()) {
        stored++;
      } else {
        fresh++;
      }
      int cmp = first ? -1 : EventOrder.compare(e.getTs(), e.getUser(), e.getUrl(),
          winner.getTs(), winner.getUser(), winner.getUrl());
      boolean takes = cmp < 0 || (cmp == 0 && s.getStored() && !winnerStored);
      if (takes) {
        winner.setId(e.getId());
        winner.setTs(e.getTs());
        winner.setUser(e.getUser());
        winner.setUrl(e.getUrl());
        winnerStored = s.getStored();
      }
      first = false;
    }
    String day = key.datum().getDay();
    long[] dayStats = stats.computeIfAbsent(day, d -> new long[3]);
    if (winnerStored) {
      dayStats[1]++;
      context.getCounter(IngestCounters.DUPLICATE_OF_STORED).increment(fresh);
    } else {
      dayStats[0]++;
      dayStats[2] += stored;
      context.getCounter(IngestCounters.EVENTS).increment(1);
      context.getCounter(IngestCounters.DUPLICATE_OF_STORED).increment(fresh - 1);
      context.getCounter(IngestCounters.STORED_REPLACED).increment(stored);
    }
    outputs.write(IngestJob.EVENTS_OUTPUT, out, DayPaths.basePath(day));
  }

  /** Where side outputs go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    for (var e : stats.entrySet()) {
      long[] s = e.getValue();
      outputs.write(DAY_STATS, new AvroKey<>(new DayStats(e.getKey(), s[0], s[1], s[2])), DAY_STATS_PATH);
    }
    outputs.close();
  }
}
