package io.chunkmill.jobs.compact;

import io.chunkmill.common.input.CombinedAvroKeyInputFormat;
import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.OutputConfig;
import io.chunkmill.common.output.StagedRun;
import io.chunkmill.common.store.StoreConfig;
import io.chunkmill.common.store.StoredDay;
import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.program.JobFailures;
import io.chunkmill.jobs.program.JobSizing;
import io.chunkmill.jobs.program.ProgramSummary;
import io.chunkmill.common.store.BucketRangePartitioner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code compact}: rewrites days of the events store whose events are spread over many data files
 * (one set per ingest run) into files of about {@code chunkmill.compact.target.bytes} bytes,
 * every event exactly once, with their probe sidecars; and converts days written before the store
 * (one unsorted {@code part-00000.avro}) into its layout.
 *
 * <p>Publication (journaled, so a kill part-way is finished by the next program on the root): the
 * new run directory of each day is renamed in, then the files it replaces are deleted. The day's
 * version is unchanged (its events are the same), so its analyses stay fresh. Chunkmill's programs
 * never see a compaction half done (they finish it first); a plain reader listing the day between
 * the two steps may see an event twice, never miss one.
 *
 * <p>Without {@code --days}, compacts the days holding more than {@code chunkmill.compact.max.files}
 * data files and the days of the old layout.
 */
public class CompactJob extends Configured implements Tool {
  static {
    AvroTrust.install();
  }

  public static final String USAGE = "compact [generic options] [--days YYYY-MM-DD,...] [--dry-run] [--summary <file>] <root>";

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new CompactJob(), args));
  }

  @Override
  public int run(String[] argv) throws Exception {
    OutputConfig.applyDefaults(getConf());
    Args args;
    DatasetLayout layout;
    try {
      args = Args.parse(argv, Set.of("days", ProgramSummary.OPTION), Set.of("dry-run"));
      if (args.positional().size() != 1) {
        throw new Args.UsageException("exactly one root is required");
      }
      layout = DatasetLayout.of(getConf(), new Path(args.positional().get(0)));
      StoreConfig.bloomFpp(getConf());
    } catch (IllegalArgumentException e) {
      System.err.println("compact: " + e.getMessage());
      System.err.println("usage: " + USAGE);
      return 2;
    }
    String summaryOption = args.get(ProgramSummary.OPTION, null);
    ProgramSummary summary = new ProgramSummary("compact").put("root", layout.root().toString());
    try {
      if (!args.flag("dry-run")) {
        summary.recovered(StagedRun.recover(layout, false)); // first, under the root's lock
      }
      TreeMap<LocalDate, StoredDay> days = new TreeMap<>();
      String only = args.get("days", null);
      int maxFiles = StoreConfig.compactMaxFiles(getConf());
      if (only != null) {
        for (String d : only.split(",")) {
          if (!d.isBlank()) {
            LocalDate day = LocalDate.parse(d.trim());
            days.put(day, StoredDay.list(layout.fs(), layout.events(day)));
          }
        }
      } else {
        days.putAll(needingCompaction(layout, maxFiles));
      }
      days.values().removeIf(d -> d.allDataFiles().isEmpty());
      summary.put("days", days.keySet().stream().map(LocalDate::toString).toList());
      if (args.flag("dry-run") || days.isEmpty()) {
        summary.status(days.isEmpty() ? "nothing_to_compute" : "planned");
        System.out.println("compact: " + (days.isEmpty() ? "nothing to compact" : "would compact " + days.keySet()));
        return 0;
      }
      long events = compact(getConf(), layout, days, summary);
      summary.status("ran");
      System.out.printf(java.util.Locale.ROOT, "compact: %d day(s) compacted %s: %d events, %.1f s%n", days.size(),
          days.keySet(), events, summary.seconds());
      return 0;
    } catch (Failed e) {
      System.err.println("compact: " + e.getMessage());
      summary.put("error", e.getMessage());
      return 1;
    } finally {
      summary.writeQuietly(getConf(), summaryOption == null ? null : new Path(summaryOption));
    }
  }

  /** The job failed; nothing was published. */
  public static final class Failed extends Exception {
    Failed(String why) {
      super(why);
    }
  }

  /** The days that hold more than {@code maxFiles} data files, or files of the layout before the store. */
  public static TreeMap<LocalDate, StoredDay> needingCompaction(DatasetLayout layout, int maxFiles) throws IOException {
    TreeMap<LocalDate, StoredDay> days = new TreeMap<>();
    for (var dir : layout.dayDirectories(DatasetLayout.EVENTS)) {
      StoredDay d = StoredDay.list(layout.fs(), dir.getPath());
      if (!d.legacyFiles().isEmpty() || d.files().size() > maxFiles) {
        days.put(DatasetLayout.parseDay(dir.getPath().getName()), d);
      }
    }
    return days;
  }

  /**
   * Compacts {@code days} (the caller holds the root's lock and has recovered it): one job over
   * their data files, then one journaled publication. Puts what it did into {@code summary};
   * returns the events written.
   */
  public static long compact(Configuration conf, DatasetLayout layout, TreeMap<LocalDate, StoredDay> days,
      ProgramSummary summary) throws Exception {
    try (StagedRun staged = StagedRun.begin(layout, "compact", conf)) {
      summary.put("compact_run", staged.id());
      Path out = staged.staging("out");
      List<Path> inputs = new ArrayList<>();
      long largestDay = 0;
      for (StoredDay d : days.values()) {
        inputs.addAll(d.allDataFiles());
        long bytes = 0;
        for (Path p : d.allDataFiles()) {
          bytes += layout.fs().getFileStatus(p).getLen();
        }
        largestDay = Math.max(largestDay, bytes);
      }
      Job job = createJob(conf, layout.fs(), inputs, largestDay, out);
      boolean ok = job.waitForCompletion(true);
      summary.job(job);
      if (!ok) {
        throw new Failed("the compaction job failed: " + JobFailures.why(job));
      }
      long in = job.getCounters().findCounter(CompactCounters.EVENTS_IN).getValue();
      long written = job.getCounters().findCounter(CompactCounters.EVENTS_OUT).getValue();
      long dropped = job.getCounters().findCounter(CompactCounters.SAME_DAY_COPIES_DROPPED).getValue();
      if (in != written + dropped) {
        throw new Failed("the compaction read " + in + " events but wrote " + written + "; nothing was published");
      }
      summary.put("events", written).put("same_day_copies_dropped", dropped).put("records_in", in)
          .put("records_out", written);
      FileSystem fs = layout.fs();
      for (var e : days.entrySet()) {
        LocalDate day = e.getKey();
        Path stagedDay = DatasetLayout.dayPartition(out, day);
        if (fs.exists(stagedDay)) {
          staged.newDirectory(stagedDay, layout.eventsRun(day, staged.id()));
        }
        Set<Path> replaced = new LinkedHashSet<>();
        for (StoredDay.DataFile f : e.getValue().files()) {
          replaced.add(f.path().getParent()); // the run directories
        }
        for (Path legacy : e.getValue().legacyFiles()) {
          replaced.add(legacy.getParent().equals(e.getValue().directory()) ? legacy : legacy.getParent());
        }
        replaced.forEach(staged::delete);
        // The events are the same, so the version stays; but a day of the old layout gets one, and
        // a store that held an id twice on one day lost a copy: its analyses must see the change.
        if (dropped > 0 || layout.readSmallFile(layout.eventsVersion(day)) == null) {
          staged.meta(layout.eventsVersion(day), (staged.id() + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      staged.publish();
      return written;
    }
  }

  /**
   * The compaction job over {@code inputs}, not submitted. Every reducer writes one file per day,
   * so the reducers are sized by the largest day: its files come out at about the target size.
   */
  static Job createJob(Configuration base, FileSystem fs, List<Path> inputs, long largestDayBytes, Path output)
      throws IOException {
    Job job = Job.getInstance(new Configuration(base), "chunkmill compact: " + inputs.size() + " file(s)");
    job.setJarByClass(CompactJob.class);
    job.setInputFormatClass(CombinedAvroKeyInputFormat.class); // many small run files, few splits
    AvroJob.setInputKeySchema(job, Event.getClassSchema());
    AvroJob.setDataModelClass(job, SpecificData.class);
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    job.setMapperClass(CompactMapper.class);
    job.setReducerClass(CompactReducer.class);
    job.setPartitionerClass(BucketRangePartitioner.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(EventWritable.class);
    AvroJob.setOutputKeySchema(job, Event.getClassSchema()); // reducers write their own files in the task's work directory
    LazyOutputFormat.setOutputFormatClass(job, AvroKeyOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    long target = base.getLong(StoreConfig.COMPACT_TARGET_BYTES, fs.getDefaultBlockSize(output));
    JobSizing.setReducers(job, largestDayBytes, Math.max(1, target));
    return job;
  }
}
