package io.chunkmill.jobs.ingest;

import io.chunkmill.common.fs.HiddenFiles;
import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Bzip2Segment;
import io.chunkmill.common.avro.DayIdKey;
import io.chunkmill.common.avro.DayStats;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.QuarantineRecord;
import io.chunkmill.common.avro.StagedEvent;
import io.chunkmill.jobs.Args;
import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.output.OutputConfig;
import io.chunkmill.common.input.ChunkInputFormat;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.output.AvroFiles;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.Publisher;
import io.chunkmill.common.output.StagedRun;
import io.chunkmill.jobs.JobFailures;
import io.chunkmill.jobs.JobSizing;
import io.chunkmill.jobs.ProgramSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.InvalidInputException;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code ingest}: raw message files to validated, deduplicated, day-partitioned Avro events.
 *
 * <p>Reads the inputs (files, directories, globs) with {@link ChunkInputFormat}. Writes
 * {@code <root>/events/dt=…/} (schema {@code Event}), {@code <root>/quarantine/run=<run>/}
 * (schema {@code QuarantineRecord}) and {@code <root>/_chunkmill/ingest-<run>.json}.
 *
 * <p>Two jobs: <em>dedup</em> classifies every line (docs/CONTRACT.md §2) and keeps one event per id across
 * everything the run reads (shuffle by id), writing each day's events under {@code dt=…/};
 * <em>merge</em> combines each day that is already stored with this run's events of that day
 * (shuffle by day and id, one reducer per day) so that the day is rewritten as one file. A day that
 * is not stored yet needs no merge: its files from the dedup step are joined into one, block by block. Nothing is published until both succeeded, the bad-line share is
 * within {@code chunkmill.ingest.max.bad.ratio} and the accounting balances. A day whose content
 * did not change is left untouched. Duplicates whose copies fall on different UTC days are found
 * within a run, but not against events stored in earlier runs (only the days a run writes are
 * read back).
 *
 * <p>Keys: {@link IngestConfig} ({@code chunkmill.field.*}, {@code chunkmill.ingest.*}) and the
 * input keys of {@link io.chunkmill.common.conf.InputConfig}.
 */
public class IngestJob extends Configured implements Tool {
  static {
    AvroTrust.install();
  }

  public static final String USAGE = "ingest [generic options] [--skip-ingested] [--dry-run] [--clean-staging]"
      + " [--summary <file>] --output <root> <input>...";
  /**
   * Named output for events. (AvroMultipleOutputs' write without a named output builds a new task
   * context, a copy of the whole configuration, for every record.)
   */
  static final String EVENTS_OUTPUT = "events";

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new IngestJob(), args));
  }

  @Override
  public int run(String[] argv) throws Exception {
    DatasetLayout layout;
    Args args;
    List<Path> inputs = new ArrayList<>();
    OutputConfig.applyDefaults(getConf());
    ProgramSummary summary = new ProgramSummary("ingest");
    try {
      args = Args.parse(argv, Set.of("output", ProgramSummary.OPTION), Set.of("skip-ingested", "dry-run", "clean-staging"));
      layout = DatasetLayout.of(getConf(), new Path(args.required("output")));
      for (String in : args.positional()) {
        inputs.add(new Path(in));
      }
      if (inputs.isEmpty()) {
        throw new Args.UsageException("at least one input is required");
      }
      layout.checkDisjointFrom(getConf(), inputs);
      IngestConfig.maxBadRatio(getConf());
      if (!args.flag("dry-run")) {
        layout.checkWritable();
      }
    } catch (IllegalArgumentException e) {
      System.err.println("ingest: " + e.getMessage());
      System.err.println("usage: " + USAGE);
      return 2;
    }
    String summaryOption = args.get(ProgramSummary.OPTION, null);
    Path summaryFile = summaryOption == null ? null : new Path(summaryOption);
    summary.put("root", layout.root().toString()).put("inputs", inputs.stream().map(Path::toString).toList());
    try {
      return ingest(args, layout, inputs, summary);
    } finally {
      summary.writeQuietly(getConf(), summaryFile);
    }
  }

  private int ingest(Args args, DatasetLayout layout, List<Path> inputs, ProgramSummary summary) throws Exception {
    if (!args.flag("dry-run")) {
      summary.recovered(StagedRun.recover(layout, args.flag("clean-staging"))); // first, under the root's lock
    }
    List<FileStatus> files;
    try {
      Job probe = Job.getInstance(getConf());
      FileInputFormat.setInputPaths(probe, inputs.toArray(new Path[0]));
      files = ChunkInputFormat.listInputs(probe);
    } catch (InvalidInputException e) {
      System.err.println("ingest: " + e.getMessage());
      summary.put("error", e.getMessage());
      return 2;
    }
    String fingerprint = InputFingerprint.of(files);
    Path marker = layout.ingestedMarker(fingerprint);
    FileSystem fs = layout.fs();
    long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
    summary.put("files", files.size()).put("bytes", bytes);
    if (fs.exists(marker)) {
      String earlier = new String(fs.open(marker).readAllBytes(), StandardCharsets.UTF_8).trim();
      if (args.flag("skip-ingested")) {
        summary.status("skipped").put("ingested_by", earlier).put("accounting", layout.accounting(earlier).toString());
        System.out.println("ingest: skipped: these " + files.size() + " input file(s) were ingested by run " + earlier
            + " and have not changed since");
        System.out.println("ingest: accounting in " + layout.accounting(earlier));
        return 0;
      }
    }
    if (args.flag("dry-run")) {
      summary.status("planned").put("already_ingested", fs.exists(marker));
      System.out.println("ingest: would read " + files.size() + " file(s), " + bytes + " bytes, into " + layout.root()
          + (fs.exists(marker) ? " (already ingested; " + (args.flag("skip-ingested") ? "skip" : "re-read") + ")" : ""));
      return 0;
    }
    return new Run(getConf(), layout, inputs, files, bytes, marker, summary).execute();
  }

  /** The dedup job: classify, quarantine, keep one event per id. Not submitted. */
  public static Job createDedupJob(Configuration base, List<Path> inputs, long inputBytes, Path output)
      throws IOException {
    Job job = Job.getInstance(new Configuration(base), "chunkmill ingest: dedup");
    job.setJarByClass(IngestJob.class);
    job.setInputFormatClass(ChunkInputFormat.class);
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    job.setMapperClass(ClassifyMessagesMapper.class);
    job.setReducerClass(KeepWinningEventReducer.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(EventWritable.class);
    AvroJob.setOutputKeySchema(job, Event.getClassSchema());
    AvroJob.setDataModelClass(job, SpecificData.class); // Avro's default for jobs is the slower reflect model
    LazyOutputFormat.setOutputFormatClass(job, AvroKeyOutputFormat.class);
    AvroMultipleOutputs.addNamedOutput(job, ClassifyMessagesMapper.QUARANTINE, AvroKeyOutputFormat.class,
        QuarantineRecord.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(job, EVENTS_OUTPUT, AvroKeyOutputFormat.class, Event.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(job, ClassifyMessagesMapper.BZIP2_SEGMENTS, AvroKeyOutputFormat.class,
        Bzip2Segment.getClassSchema());
    FileOutputFormat.setOutputPath(job, output);
    JobSizing.setReducers(job, inputBytes, IngestConfig.bytesPerReducer(base));
    return job;
  }

  /** The merge job: this run's events of each day against the stored ones. Not submitted. */
  public static Job createMergeJob(Configuration base, Path newEvents, List<LocalDate> days, List<Path> stored,
      Path output) throws IOException {
    Job job = Job.getInstance(new Configuration(base), "chunkmill ingest: merge " + days.size() + " day(s)");
    job.setJarByClass(IngestJob.class);
    Configuration conf = job.getConfiguration();
    conf.setStrings(IngestConfig.MERGE_DAYS, days.stream().map(LocalDate::toString).toArray(String[]::new));
    conf.set(IngestConfig.NEW_EVENTS_DIR, newEvents.toString());
    job.setInputFormatClass(AvroKeyInputFormat.class);
    AvroJob.setInputKeySchema(job, Event.getClassSchema());
    List<Path> inputs = new ArrayList<>(stored);
    for (LocalDate day : days) {
      inputs.add(DatasetLayout.dayPartition(newEvents, day));
    }
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    job.setMapperClass(TagEventsMapper.class);
    job.setPartitionerClass(DayPartitioner.class);
    job.setReducerClass(MergeDayReducer.class);
    job.setNumReduceTasks(JobSizing.partitionReducers(conf, days.size(), inputs));
    AvroJob.setMapOutputKeySchema(job, DayIdKey.getClassSchema());
    AvroJob.setMapOutputValueSchema(job, StagedEvent.getClassSchema());
    AvroJob.setOutputKeySchema(job, Event.getClassSchema());
    AvroJob.setDataModelClass(job, SpecificData.class);
    LazyOutputFormat.setOutputFormatClass(job, AvroKeyOutputFormat.class);
    AvroMultipleOutputs.addNamedOutput(job, MergeDayReducer.DAY_STATS, AvroKeyOutputFormat.class,
        DayStats.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(job, EVENTS_OUTPUT, AvroKeyOutputFormat.class, Event.getClassSchema());
    FileOutputFormat.setOutputPath(job, output);
    return job;
  }

  /** One ingest run, from staging to publication. */
  static final class Run {
    private final Configuration conf;
    private final DatasetLayout layout;
    private final FileSystem fs;
    private final List<Path> inputs;
    private final List<FileStatus> files;
    private final long inputBytes;
    private final Path marker;
    private final ProgramSummary summary;

    Run(Configuration conf, DatasetLayout layout, List<Path> inputs, List<FileStatus> files, long inputBytes,
        Path marker, ProgramSummary summary) {
      this.conf = conf;
      this.layout = layout;
      this.fs = layout.fs();
      this.inputs = inputs;
      this.files = files;
      this.inputBytes = inputBytes;
      this.marker = marker;
      this.summary = summary;
    }

    /** A step found that nothing may be published; its message says why. */
    private static final class Refused extends Exception {
      Refused(String why) {
        super(why);
      }
    }

    /** The days the run's events fall on: not stored yet, or stored (to merge with). */
    private record Days(List<LocalDate> fresh, List<LocalDate> stored) {}

    /** The merge job's outcome: its counters (null when no stored day was touched) and per-day stats. */
    private record Merge(Counters counters, Map<LocalDate, DayStats> stats) {}

    int execute() throws Exception {
      try (StagedRun staged = StagedRun.begin(layout, "ingest", conf)) {
        summary.put("run", staged.id());
        try {
          Path dedupOut = staged.staging("dedup");
          Counters dedup = runDedup(dedupOut);
          int damaged = checkBzip2(dedupOut);
          checkBadShare(IngestAccounting.of(dedup, null, damaged));
          Days days = days(dedupOut);
          Path joined = joinFreshDays(staged, dedupOut, days.fresh());
          Merge merge = mergeStoredDays(staged, dedupOut, days.stored());
          IngestAccounting accounting = IngestAccounting.of(dedup, merge.counters(), damaged);
          if (!accounting.balanced()) {
            throw new Refused("the accounting does not balance, nothing was published: " + accounting.equation());
          }
          List<LocalDate> unchanged = stagePublication(staged, dedupOut, days, joined, merge);
          publish(staged, accounting, days, unchanged);
          return 0;
        } catch (Refused e) {
          System.err.println("ingest: " + e.getMessage());
          summary.put("error", e.getMessage());
          return 1;
        }
      }
    }

    /** Classifies, quarantines and keeps one event per id across the inputs; returns its counters. */
    private Counters runDedup(Path out) throws Exception {
      Job dedup = createDedupJob(conf, inputs, inputBytes, out);
      ChunkInputFormat.reuseListing(dedup, files); // the listing the fingerprint was made of
      boolean succeeded;
      try {
        succeeded = dedup.waitForCompletion(true);
        summary.job(dedup);
      } finally {
        ChunkInputFormat.forgetListing(dedup); // when the submission failed before computing splits
      }
      if (!succeeded) {
        throw new Refused("the dedup job failed: " + JobFailures.why(dedup));
      }
      return dedup.getCounters();
    }

    /** Checks the bzip2 files that several splits read; returns how many were quarantined as damaged. */
    private int checkBzip2(Path dedupOut) throws IOException, Refused {
      Map<String, String> damaged = Bzip2Check.problems(fs, dedupOut);
      if (!damaged.isEmpty()) {
        if (!InputConfig.skipCorrupt(conf)) {
          throw new Refused("damaged bzip2 input, nothing was published: " + damaged + " (set "
              + InputConfig.SKIP_CORRUPT + "=true to quarantine such files and go on)");
        }
        Bzip2Check.quarantine(fs, new Path(dedupOut, DatasetLayout.QUARANTINE), damaged);
      }
      return damaged.size();
    }

    private void checkBadShare(IngestAccounting early) throws Refused {
      double limit = IngestConfig.maxBadRatio(conf);
      if (early.badShare() > limit) {
        throw new Refused(String.format(Locale.ROOT, "%.4f%% of the %d non-blank lines were quarantined, over the"
            + " limit of %.4f%% (%s); nothing was published", 100 * early.badShare(),
            early.linesRead() - early.blank(), 100 * limit, IngestConfig.MAX_BAD_RATIO));
      }
    }

    /** The days the dedup step wrote events for, split by whether the root already holds them. */
    private Days days(Path dedupOut) throws IOException {
      List<LocalDate> fresh = new ArrayList<>();
      List<LocalDate> stored = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dedupOut)) {
        LocalDate day = DatasetLayout.parseDay(s.getPath().getName());
        if (s.isDirectory() && day != null) {
          (fs.exists(layout.events(day)) ? stored : fresh).add(day);
        }
      }
      fresh.sort(null);
      stored.sort(null);
      return new Days(fresh, stored);
    }

    /** Days not stored yet need no merge: their dedup files are joined into one, block by block. */
    private Path joinFreshDays(StagedRun staged, Path dedupOut, List<LocalDate> days) throws IOException {
      Path joined = staged.staging("new");
      for (LocalDate day : days) {
        AvroFiles.concatenate(fs, DatasetLayout.dayPartition(dedupOut, day),
            new Path(DatasetLayout.dayPartition(joined, day), Publisher.DATA_FILE));
      }
      return joined;
    }

    /** Days already stored: this run's events against the stored ones, one file per day. */
    private Merge mergeStoredDays(StagedRun staged, Path dedupOut, List<LocalDate> days) throws Exception {
      Map<LocalDate, DayStats> stats = new TreeMap<>();
      if (days.isEmpty()) {
        return new Merge(null, stats);
      }
      List<Path> stored = days.stream().map(layout::events).toList();
      Job merge = createMergeJob(conf, dedupOut, days, stored, staged.staging("merge"));
      boolean merged = merge.waitForCompletion(true);
      summary.job(merge);
      if (!merged) {
        throw new Refused("the merge job failed: " + JobFailures.why(merge));
      }
      for (DayStats s : readDayStats(fs, new Path(staged.staging("merge"), "_daystats"))) {
        stats.put(LocalDate.parse(s.getDay()), s);
      }
      return new Merge(merge.getCounters(), stats);
    }

    /**
     * Says what to publish: the quarantine, the fresh days and the stored days that changed; returns
     * the stored days that did not change (all their lines were duplicates).
     */
    private List<LocalDate> stagePublication(StagedRun staged, Path dedupOut, Days days, Path joined, Merge merge)
        throws IOException {
      Path quarantine = new Path(dedupOut, DatasetLayout.QUARANTINE);
      if (fs.exists(quarantine)) {
        staged.quarantine(quarantine);
      }
      for (LocalDate day : days.fresh()) {
        staged.day(DatasetLayout.dayPartition(joined, day), DatasetLayout.EVENTS, day);
      }
      List<LocalDate> unchanged = new ArrayList<>();
      for (LocalDate day : days.stored()) {
        DayStats s = merge.stats().get(day);
        if (s == null || s.getNewEvents() == 0) {
          unchanged.add(day);
        } else {
          staged.day(DatasetLayout.dayPartition(staged.staging("merge"), day), DatasetLayout.EVENTS, day);
        }
      }
      return unchanged;
    }

    /**
     * Adds the run's summary (its accounting) and the inputs' ingested marker, publishes it all
     * (journaled: a kill part-way is finished by the next run), and says it in one line each.
     */
    private void publish(StagedRun staged, IngestAccounting accounting, Days days, List<LocalDate> unchanged)
        throws IOException {
      List<String> published = new ArrayList<>();
      days.fresh().forEach(d -> published.add(d.toString()));
      days.stored().stream().filter(d -> !unchanged.contains(d)).forEach(d -> published.add(d.toString()));
      published.sort(null);
      List<String> same = unchanged.stream().map(LocalDate::toString).toList();
      Path accountingFile = layout.accounting(staged.id());
      accounting.putInto(summary);
      summary.put("days_published", published).put("days_unchanged", same)
          .put("accounting", accountingFile.toString()).status("ran");
      staged.meta(accountingFile, summary.toJson().getBytes(StandardCharsets.UTF_8)); // the accounting is the summary
      staged.meta(marker, (staged.id() + "\n").getBytes(StandardCharsets.UTF_8));
      staged.publish();
      System.out.println("ingest: run " + staged.id() + ": " + accounting.equation());
      System.out.println("ingest: days published " + published + ", unchanged " + same
          + (accounting.corruptFiles() > 0 ? ", corrupt files quarantined " + accounting.corruptFiles() : ""));
      System.out.println("ingest: accounting in " + accountingFile);
    }

    private static List<DayStats> readDayStats(FileSystem fs, Path dir) throws IOException {
      List<DayStats> all = new ArrayList<>();
      if (!fs.exists(dir)) {
        return all;
      }
      for (FileStatus f : fs.listStatus(dir, HiddenFiles.VISIBLE)) {
        try (InputStream in = fs.open(f.getPath());
            DataFileStream<DayStats> records = new DataFileStream<>(in, new SpecificDatumReader<>(DayStats.class))) {
          records.forEach(all::add);
        }
      }
      return all;
    }
  }
}
