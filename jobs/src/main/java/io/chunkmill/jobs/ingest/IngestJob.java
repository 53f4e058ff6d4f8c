package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Bzip2Segment;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.QuarantineRecord;
import io.chunkmill.common.avro.ReplacedEvent;
import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.fs.HiddenFiles;
import io.chunkmill.common.input.ChunkInputFormat;
import io.chunkmill.common.input.InputFiles;
import io.chunkmill.common.message.EventWritable;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.OutputConfig;
import io.chunkmill.common.output.Publisher;
import io.chunkmill.common.output.StagedRun;
import io.chunkmill.common.store.BucketRangePartitioner;
import io.chunkmill.common.store.StoreConfig;
import io.chunkmill.common.store.StoredDay;
import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.program.JobFailures;
import io.chunkmill.jobs.program.JobSizing;
import io.chunkmill.jobs.program.ProgramSummary;
import io.chunkmill.jobs.compact.CompactJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.avro.specific.SpecificData;
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
 * {@code ingest}: raw message files to validated, deduplicated, day-partitioned Avro events in the
 * events store.
 *
 * <p>Reads the inputs (files, directories, globs) with {@link ChunkInputFormat}. Writes
 * {@code <root>/events/dt=…/run-<run>/} (schema {@code Event}, with probe sidecars),
 * {@code <root>/quarantine/run=<run>/} (schema {@code QuarantineRecord}),
 * {@code <root>/_chunkmill/ingest-<run>.json} and the run's change set.
 *
 * <p>One job: its mappers classify every line (docs/CONTRACT.md §2); its reducers, each owning a
 * contiguous range of id buckets, keep one event per id across everything the run reads and probe
 * the stored events of each winner's day and the dedup horizon either side
 * ({@link KeepWinningEventReducer}), writing the winners as this run's data files, one per day and
 * reducer. Stored events that a winner beats are removed by rewriting the files that hold them
 * (and only those). Nothing is published until the job succeeded, the bad-line share is within
 * {@code chunkmill.ingest.max.bad.ratio} and the accounting balances; then one journaled
 * publication adds each day's run directory in one rename, swaps the rewritten files, and records
 * the days' new versions and the change set. A day the run adds nothing to is left untouched.
 *
 * <p>A root written before the store (one {@code part-00000.avro} per day) is converted first, once
 * ({@link CompactJob}).
 *
 * <p>Keys: {@link IngestConfig} ({@code chunkmill.field.*}, {@code chunkmill.ingest.*}),
 * {@link StoreConfig} and the input keys of {@link io.chunkmill.common.conf.InputConfig}.
 */
public class IngestJob extends Configured implements Tool {
  static {
    AvroTrust.install();
  }

  public static final String USAGE = "ingest [generic options] [--skip-ingested] [--dry-run] [--clean-staging]"
      + " [--summary <file>] --output <root> <input>...";
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
    InputFiles files;
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
    long bytes = files.totalBytes();
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

  /**
   * The dedup job: classify, quarantine, keep one event per id against the run and the events
   * stored under {@code root} (null: probe nothing). Not submitted.
   */
  public static Job createDedupJob(Configuration base, List<Path> inputs, long inputBytes, Path root, Path output)
      throws IOException {
    Job job = Job.getInstance(new Configuration(base), "chunkmill ingest: dedup");
    if (root != null) {
      job.getConfiguration().set(IngestConfig.ROOT, root.toString());
    }
    job.setJarByClass(IngestJob.class);
    job.setInputFormatClass(ChunkInputFormat.class);
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    job.setMapperClass(ClassifyMessagesMapper.class);
    job.setReducerClass(KeepWinningEventReducer.class);
    job.setPartitionerClass(BucketRangePartitioner.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(EventWritable.class);
    AvroJob.setOutputKeySchema(job, Event.getClassSchema());
    AvroJob.setDataModelClass(job, SpecificData.class); // Avro's default for jobs is the slower reflect model
    LazyOutputFormat.setOutputFormatClass(job, AvroKeyOutputFormat.class);
    AvroMultipleOutputs.addNamedOutput(job, ClassifyMessagesMapper.QUARANTINE, AvroKeyOutputFormat.class,
        QuarantineRecord.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(job, KeepWinningEventReducer.REPLACED, AvroKeyOutputFormat.class,
        ReplacedEvent.getClassSchema());
    AvroMultipleOutputs.addNamedOutput(job, ClassifyMessagesMapper.BZIP2_SEGMENTS, AvroKeyOutputFormat.class,
        Bzip2Segment.getClassSchema());
    FileOutputFormat.setOutputPath(job, output);
    JobSizing.setReducers(job, inputBytes, IngestConfig.bytesPerReducer(base));
    return job;
  }

  /** One ingest run, from staging to publication. */
  static final class Run {
    private final Configuration conf;
    private final DatasetLayout layout;
    private final FileSystem fs;
    private final List<Path> inputs;
    private final InputFiles files;
    private final long inputBytes;
    private final Path marker;
    private final ProgramSummary summary;

    Run(Configuration conf, DatasetLayout layout, List<Path> inputs, InputFiles files, long inputBytes,
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

    int execute() throws Exception {
      try {
        convertOldLayout();
      } catch (CompactJob.Failed e) {
        System.err.println("ingest: converting the root to the store's layout: " + e.getMessage());
        summary.put("error", e.getMessage());
        return 1;
      }
      try (StagedRun staged = StagedRun.begin(layout, "ingest", conf)) {
        summary.put("run", staged.id());
        try {
          Path dedupOut = staged.staging("dedup");
          Counters dedup = runDedup(dedupOut);
          int damaged = checkBzip2(dedupOut);
          IngestAccounting accounting = IngestAccounting.of(dedup, damaged);
          checkBadShare(accounting);
          if (!accounting.balanced()) {
            throw new Refused("the accounting does not balance, nothing was published: " + accounting.equation());
          }
          summary.put("probe", Map.of("sidecars_read", get(dedup, IngestCounters.PROBE_SIDECARS_READ),
              "sidecar_bytes", get(dedup, IngestCounters.PROBE_SIDECAR_BYTES),
              "blocks_read", get(dedup, IngestCounters.PROBE_BLOCKS_READ),
              "false_positives", get(dedup, IngestCounters.PROBE_FALSE_POSITIVES)));
          ChangeSet changes = ChangeSet.stage(staged, dedupOut, conf);
          publish(staged, dedupOut, accounting, changes);
          return 0;
        } catch (Refused e) {
          System.err.println("ingest: " + e.getMessage());
          summary.put("error", e.getMessage());
          return 1;
        }
      }
    }

    /**
     * The changed days that will hold more than {@code chunkmill.compact.max.files} data files
     * once this run is published: the pipeline compacts them. (Listing a day costs one call per run
     * directory, and compaction keeps that number bounded.)
     */
    private List<String> daysToCompact(Path dedupOut, ChangeSet changes) throws IOException {
      int max = StoreConfig.compactMaxFiles(conf);
      List<String> days = new ArrayList<>();
      for (LocalDate day : changes.changedDays()) {
        StoredDay stored = StoredDay.list(fs, layout.events(day));
        Path added = DatasetLayout.dayPartition(dedupOut, day);
        int files = stored.files().size() + stored.legacyFiles().size()
            + (fs.exists(added) ? fs.listStatus(added, HiddenFiles.VISIBLE).length : 0);
        if (files > max) {
          days.add(day.toString());
        }
      }
      return days;
    }

    private static long get(Counters counters, IngestCounters c) {
      return counters.findCounter(c).getValue();
    }

    /**
     * A root written before the events store (one unsorted data file per day, no sidecars) is
     * converted once, before its first ingest: every such day is compacted into the store's layout.
     * Then a marker says the root needs no more looking at.
     */
    private void convertOldLayout() throws Exception {
      if (fs.exists(layout.storeMarker())) {
        return;
      }
      TreeMap<LocalDate, StoredDay> old = CompactJob.needingCompaction(layout, Integer.MAX_VALUE);
      if (!old.isEmpty()) {
        System.out.println("ingest: converting " + old.size() + " day(s) of the layout before the events store"
            + " (once per root)");
        ProgramSummary conversion = new ProgramSummary("compact");
        CompactJob.compact(conf, layout, old, conversion);
        summary.put("converted_days", old.keySet().stream().map(LocalDate::toString).toList());
      }
      Publisher.writeAtomically(fs, layout.storeMarker(), "1\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Classifies, quarantines and keeps one event per id across the inputs; returns its counters. */
    private Counters runDedup(Path out) throws Exception {
      Job dedup = createDedupJob(conf, inputs, inputBytes, layout.root(), out);
      // split from the listing the fingerprint was made of: the inputs are listed once
      summary.put("splits", ChunkInputFormat.usePlannedSplits(dedup, files,
          new Path(out.getParent(), "_splits-" + out.getName())));
      boolean succeeded = dedup.waitForCompletion(true);
      summary.job(dedup);
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

    /**
     * Says what to publish (the quarantine, each day's run directory, the rewritten files, the
     * days' versions, the change set, the run's summary with its accounting, the inputs' ingested
     * marker), publishes it (journaled: a kill part-way is finished by the next run), and says it
     * in one line each.
     */
    private void publish(StagedRun staged, Path dedupOut, IngestAccounting accounting, ChangeSet changes)
        throws IOException {
      Path quarantine = new Path(dedupOut, DatasetLayout.QUARANTINE);
      if (fs.exists(quarantine)) {
        staged.quarantine(quarantine);
      }
      changes.addSteps(staged, layout);
      List<String> published = changes.changedDays().stream().map(LocalDate::toString).toList();
      List<String> same = changes.unchangedDays().stream().map(LocalDate::toString).toList();
      Path accountingFile = layout.accounting(staged.id());
      accounting.putInto(summary);
      summary.put("days_published", published).put("days_unchanged", same)
          .put("stored_events_replaced", changes.replacedEvents()).put("files_rewritten", changes.filesRewritten())
          .put("bytes_rewritten", changes.bytesRewritten()).put("days_to_compact", daysToCompact(dedupOut, changes))
          .put("accounting", accountingFile.toString()).status("ran");
      staged.meta(accountingFile, summary.toJson().getBytes(StandardCharsets.UTF_8)); // the accounting is the summary
      staged.meta(marker, (staged.id() + "\n").getBytes(StandardCharsets.UTF_8));
      staged.publish();
      System.out.println("ingest: run " + staged.id() + ": " + accounting.equation());
      System.out.println("ingest: days published " + published + ", unchanged " + same
          + (changes.replacedEvents() > 0 ? ", stored events replaced " + changes.replacedEvents() : "")
          + (accounting.corruptFiles() > 0 ? ", corrupt files quarantined " + accounting.corruptFiles() : ""));
      System.out.println("ingest: accounting in " + accountingFile);
    }
  }
}
