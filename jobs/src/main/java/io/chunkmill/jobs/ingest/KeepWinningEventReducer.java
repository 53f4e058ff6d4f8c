package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.ReplacedEvent;
import io.chunkmill.common.message.EventOrder;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.UtcDays;
import io.chunkmill.common.store.Buckets;
import io.chunkmill.common.store.DayWriters;
import io.chunkmill.common.store.StoreConfig;
import io.chunkmill.common.store.StoreProbe;
import io.chunkmill.jobs.program.SideOutputs;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Dedup step, reduce side. Keys come as {@link Buckets#key} (bucket, then id), so this reducer
 * meets its contiguous range of buckets in (bucket, id) order. Of the valid lines sharing an id it
 * keeps the one docs/CONTRACT.md §2 names (smallest ts, then user, then url) and counts the others
 * as duplicates; then it probes the stored events of the days of the run's copies and the horizon
 * either side ({@link StoreProbe}): a stored copy that is as good or better (a full tie goes to the stored
 * copy, so that re-ingesting changes nothing) makes the winner a duplicate; a winner that beats
 * stored copies replaces them (each written to the {@value #REPLACED} side output for the driver,
 * which rewrites their files). Winners are written to this run's data files, one per day for the
 * reducer's bucket range, sorted, with their sidecars ({@link DayWriters}).
 */
public class KeepWinningEventReducer extends Reducer<Text, EventWritable, AvroKey<Event>, NullWritable> {
  static {
    AvroTrust.install();
  }

  static final String REPLACED = "replaced";
  static final String REPLACED_PATH = "_replaced/part";
  /** Hidden directory of the job's output where each reducer lists the days its winners fell on. */
  static final String DAYS_SEEN = "_days";

  private SideOutputs outputs;
  private DayWriters writers;
  private StoreProbe probe;
  private final EventWritable best = new EventWritable();
  private final Event winner = new Event();
  private final UtcDays days = new UtcDays();
  private final java.util.Set<String> seen = new java.util.TreeSet<>();

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    outputs = openOutputs(context);
    writers = openWriters(context);
    probe = openProbe(context.getConfiguration());
  }

  @Override
  protected void reduce(Text key, Iterable<EventWritable> copies, Context context)
      throws IOException, InterruptedException {
    int bucket = Buckets.bucketOfKey(key.getBytes(), key.getLength());
    String id = Buckets.idOfKey(key.toString());
    long n = best.keepWinnerOf(copies);
    if (n > 1) {
      context.getCounter(IngestCounters.DUPLICATE_IN_RUN).increment(n - 1);
    }
    seen.add(days.day(best.ts()));
    LocalDate day = UtcDays.date(best.ts());
    // The stored copies near any of the run's copies: the run's copies are one event (however far
    // apart), so a stored copy within the horizon of any of them is that event too.
    LocalDate latest = UtcDays.date(best.latestTs());
    List<StoreProbe.Found> stored = probe == null ? List.of() : probe.find(day, latest, bucket, id);
    for (StoreProbe.Found s : stored) {
      Event e = s.event();
      if (EventOrder.compare(best.ts(), best.user(), best.url(), e.getTs(), e.getUser(), e.getUrl()) >= 0) {
        context.getCounter(IngestCounters.DUPLICATE_OF_STORED).increment(1);
        return;
      }
    }
    for (StoreProbe.Found s : stored) {
      outputs.write(REPLACED, new AvroKey<>(new ReplacedEvent(s.file().toString(), s.day().toString(), s.event())),
          REPLACED_PATH);
      context.getCounter(IngestCounters.STORED_REPLACED).increment(1);
    }
    winner.setId(id);
    winner.setTs(best.ts());
    winner.setUser(best.user());
    winner.setUrl(best.url());
    writers.append(day, bucket, winner);
    context.getCounter(IngestCounters.EVENTS).increment(1);
  }

  /** Where side outputs go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  /** This task's data files, in its work directory (committed with the task). */
  protected DayWriters openWriters(Context context) throws IOException, InterruptedException {
    return DayWriters.forTask(context);
  }

  /** The probe into the stored events of the root this run ingests into (null: nothing stored). */
  static StoreProbe openProbe(Configuration conf) throws IOException {
    String root = conf.get(IngestConfig.ROOT);
    if (root == null) {
      return null;
    }
    DatasetLayout layout = DatasetLayout.of(conf, new Path(root));
    return new StoreProbe(layout, IngestConfig.dedupHorizonDays(conf), StoreConfig.probeReadBytes(conf, layout.fs()));
  }

  /** Lists the days this reducer's winners fell on, changed or not (the driver says which did not change). */
  protected void writeDaysSeen(Context context) throws IOException, InterruptedException {
    Path work = FileOutputFormat.getWorkOutputPath(context);
    Path file = new Path(new Path(work, DAYS_SEEN), "part-" + context.getTaskAttemptID().getTaskID().getId());
    try (java.io.OutputStream out = work.getFileSystem(context.getConfiguration()).create(file, true)) {
      out.write(String.join("\n", seen).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    try {
      writers.close();
      outputs.close();
      writeDaysSeen(context);
    } finally {
      if (probe != null) {
        probe.close();
        context.getCounter(IngestCounters.PROBE_SIDECARS_READ).increment(probe.sidecarsRead());
        context.getCounter(IngestCounters.PROBE_SIDECAR_BYTES).increment(probe.sidecarBytes());
        context.getCounter(IngestCounters.PROBE_BLOCKS_READ).increment(probe.blocksRead());
        context.getCounter(IngestCounters.PROBE_FALSE_POSITIVES).increment(probe.falsePositives());
      }
    }
  }
}
