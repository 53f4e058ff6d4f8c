package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.program.Args;
import io.chunkmill.common.output.OutputConfig;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.DayPlanner;
import io.chunkmill.common.output.DayPlanner.DayPlan;
import io.chunkmill.common.output.Publisher;
import io.chunkmill.common.output.StagedRun;
import io.chunkmill.jobs.program.JobFailures;
import io.chunkmill.jobs.program.JobSizing;
import io.chunkmill.jobs.program.ProgramSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.mapreduce.AvroMultipleOutputs;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.util.Tool;

/**
 * What every analysis program shares: the options {@code --from}, {@code --to}, {@code --force}
 * and the root; planning which days are stale ({@link DayPlanner}) and what to read for them
 * ({@link Inputs}); one job, whatever the datasets, that writes one file per (dataset, day)
 * partition ({@link Analysis} for how analyses share it); atomic publication of each partition; a
 * summary. A subclass says which datasets it writes, the analysis of each, and its options.
 */
public abstract class AnalysisProgram extends Configured implements Tool {
  static {
    AvroTrust.install();
  }

  private static final Set<String> COMMON_OPTIONS = Set.of("from", "to", "days", ProgramSummary.OPTION);
  private static final Set<String> COMMON_FLAGS = Set.of("force", "dry-run", "clean-staging");

  /** The program's name, as in {@code hadoop jar … <name>}. */
  protected abstract String name();

  /** The usage line after the common options. */
  protected abstract String usage();

  protected Set<String> options() {
    return Set.of();
  }

  protected Set<String> flags() {
    return Set.of();
  }

  /** The datasets (paths under the root) this run writes, e.g. {@code counts/url}. */
  protected abstract List<String> datasets(Args args);

  /** The analysis that computes {@code dataset}. */
  protected abstract Class<? extends Analysis> analysis(String dataset);

  /** Puts the program's options into the job's configuration keys. */
  protected abstract void configure(Configuration conf, Args args);

  /** Validates program options, throwing {@link Args.UsageException}. */
  protected void validate(Args args) {}

  @Override
  public final int run(String[] argv) throws Exception {
    Args args;
    DatasetLayout layout;
    OutputConfig.applyDefaults(getConf());
    try {
      Set<String> options = new HashSet<>(COMMON_OPTIONS);
      options.addAll(options());
      Set<String> flags = new HashSet<>(COMMON_FLAGS);
      flags.addAll(flags());
      args = Args.parse(argv, options, flags);
      if (args.positional().size() != 1) {
        throw new Args.UsageException("exactly one root is required");
      }
      LocalDate from = args.getDate("from");
      LocalDate to = args.getDate("to");
      if (from != null && to != null && to.isBefore(from)) {
        throw new Args.UsageException("--to " + to + " is before --from " + from);
      }
      days(args);
      validate(args);
      layout = DatasetLayout.of(getConf(), new Path(args.positional().get(0)));
      if (!args.flag("dry-run") && layout.fs().exists(layout.root())) {
        layout.checkWritable();
      }
    } catch (IllegalArgumentException e) {
      System.err.println(name() + ": " + e.getMessage());
      System.err.println("usage: " + name() + " [generic options] [--from YYYY-MM-DD] [--to YYYY-MM-DD]"
          + " [--days YYYY-MM-DD,...] [--force] [--dry-run] [--clean-staging] [--summary <file>] " + usage());
      return 2;
    }
    String summaryOption = args.get(ProgramSummary.OPTION, null);
    ProgramSummary summary = new ProgramSummary(name()).put("root", layout.root().toString())
        .put("datasets", datasets(args));
    try {
      return compute(args, layout, summary);
    } finally {
      summary.writeQuietly(getConf(), summaryOption == null ? null : new Path(summaryOption));
    }
  }

  /** Plans the stale partitions, runs the job, publishes, and says what it did. */
  private int compute(Args args, DatasetLayout layout, ProgramSummary summary) throws Exception {
    if (!args.flag("dry-run") && layout.fs().exists(layout.root())) {
      summary.recovered(StagedRun.recover(layout, args.flag("clean-staging"))); // first, under the root's lock
    }
    SortedMap<LocalDate, String> events = layout.eventVersions();
    if (events.isEmpty()) {
      if (!args.flag("dry-run") && !layout.fs().exists(layout.dataset(DatasetLayout.EVENTS))) {
        System.err.println(name() + ": no events under " + layout.root() + " (is it a chunkmill root? ingest first)");
        summary.put("error", "no events under the root");
        return 1;
      }
      summary.status("nothing_to_compute");
      System.out.println(name() + ": nothing to compute (no published events yet)");
      return 0;
    }
    List<PartitionPlan.Target> targets = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    for (String dataset : datasets(args)) {
      Set<LocalDate> only = days(args);
      for (DayPlan p : DayPlanner.plan(events, layout.sourceVersions(dataset), args.getDate("from"),
          args.getDate("to"), args.flag("force"))) {
        if (only != null && !only.contains(p.day())) {
          continue;
        }
        PartitionPlan.Target target = new PartitionPlan.Target(dataset, p.day());
        if (args.flag("dry-run")) {
          System.out.println(name() + ": " + target.label() + " " + (p.compute() ? "would compute: " : "") + p.reason());
        }
        if (p.compute()) {
          targets.add(target);
        } else {
          fresh.add(target.label());
          if (!args.flag("dry-run")) {
            System.out.println(name() + ": " + target.label() + " " + p.reason());
          }
        }
      }
    }
    int skipped = fresh.size();
    summary.put("partitions_fresh", fresh)
        .put("partitions_planned", targets.stream().map(PartitionPlan.Target::label).toList());
    if (args.flag("dry-run")) {
      summary.status("planned");
      System.out.println(name() + ": dry run: would compute " + targets.size() + " partition(s), skip " + skipped);
      return 0;
    }
    if (targets.isEmpty()) {
      summary.status("nothing_to_compute");
      System.out.println(name() + ": nothing to compute (" + skipped + " partition(s) fresh)");
      return 0;
    }
    Configuration conf = new Configuration(getConf());
    configure(conf, args);
    Inputs inputs = Inputs.plan(layout, targets, this::newAnalysis, conf, args.flag("force"));
    PartitionPlan plan = inputs.plan();
    summary.put("partitions_updated_from_changes", inputs.updatedLabels());
    try (StagedRun staged = StagedRun.begin(layout, name(), getConf())) {
      summary.put("run", staged.id());
      Path out = staged.staging("out");
      Job job = createJob(conf, layout, inputs, out);
      boolean succeeded = job.waitForCompletion(true);
      summary.job(job);
      if (!succeeded) {
        String why = JobFailures.why(job);
        summary.put("error", why);
        System.err.println(name() + ": the job failed (" + why + "); nothing was published");
        return 1;
      }
      for (PartitionPlan.Target t : plan.targets()) {
        Path partition = DatasetLayout.dayPartition(new Path(out, t.dataset()), t.day());
        Analysis analysis = newAnalysis(t.dataset(), conf);
        if (!layout.fs().exists(partition)) {
          writeEmpty(layout.fs(), new Path(partition, Publisher.DATA_FILE), analysis.outputSchema());
        }
        if (analysis.stateSchema() != null) {
          joinState(layout.fs(), partition, analysis.stateSchema());
          writeVersion(layout.fs(), DatasetLayout.stateVersion(partition), events.get(t.day()));
        }
        writeVersion(layout.fs(), DatasetLayout.sourceVersion(partition), events.get(t.day()));
        staged.day(partition, t.dataset(), t.day());
      }
      long in = job.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue();
      long written = job.getCounters().findCounter(AnalysisCounters.RECORDS_OUT).getValue();
      summary.status("ran").put("records_in", in).put("records_out", written)
          .put("days_written", plan.days().stream().map(LocalDate::toString).toList());
      staged.meta(layout.runSummary(name(), staged.id()), summary.toJson().getBytes(StandardCharsets.UTF_8));
      staged.publish();
      System.out.printf(Locale.ROOT, "%s: published %d partition(s) of %s (%d skipped as fresh): %d events in,"
          + " %d records out, %.1f s%n", name(), plan.size(), String.join(", ", datasets(args)), skipped, in, written,
          summary.seconds());
      return 0;
    }
  }

  /** The days of {@code --days}, or null when it was not given. */
  private static Set<LocalDate> days(Args args) {
    String list = args.get("days", null);
    if (list == null) {
      return null;
    }
    Set<LocalDate> days = new HashSet<>();
    for (String d : list.split(",")) {
      if (!d.isBlank()) {
        try {
          days.add(LocalDate.parse(d.trim()));
        } catch (java.time.format.DateTimeParseException e) {
          throw new Args.UsageException("--days takes dates YYYY-MM-DD separated by commas, not '" + d + "'");
        }
      }
    }
    return days;
  }

  /** A driver-side instance of the analysis of {@code dataset}, set up from {@code conf}. */
  private Analysis newAnalysis(String dataset, Configuration conf) {
    Analysis a = ReflectionUtils.newInstance(analysis(dataset), conf);
    a.setup(dataset, conf);
    return a;
  }

  /**
   * The job of one run, not submitted: every planned partition's analysis in one shuffle
   * ({@link Analysis}), reading what {@code inputs} planned, one reducer per group of partitions.
   */
  public Job createJob(Configuration conf, DatasetLayout layout, Inputs inputs, Path output) throws IOException {
    PartitionPlan plan = inputs.plan();
    Job job = Job.getInstance(new Configuration(conf),
        "chunkmill " + name() + ": " + plan.size() + " partition(s) of " + plan.days().size() + " day(s)");
    job.setJarByClass(getClass());
    Configuration c = job.getConfiguration();
    plan.store(c);
    c.set(PreviousResultsMapper.ROOT, layout.root().toString());
    AvroJob.setInputKeySchema(job, Event.getClassSchema());
    AvroJob.setDataModelClass(job, SpecificData.class); // Avro's default for jobs is the slower reflect model
    FileInputFormat.setInputDirRecursive(job, true); // a day holds one directory per run that added events
    job.setMapperClass(EventsMapper.class);
    job.setReducerClass(AnalysesReducer.class);
    AvroJob.setMapOutputKeySchema(job, AnalysisKey.getClassSchema());
    AvroJob.setMapOutputValueSchema(job, Analysis.VALUE_SCHEMA);
    job.setGroupingComparatorClass(AnalysisGrouping.class); // after AvroJob, which sets its own
    job.setPartitionerClass(PlannedPartitioner.class);
    LazyOutputFormat.setOutputFormatClass(job, AvroKeyOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    Set<String> namedOutputs = new HashSet<>();
    for (String dataset : plan.datasets()) {
      PartitionPlan.setAnalysis(c, dataset, analysis(dataset));
      Analysis a = newAnalysis(dataset, c);
      if (a.combines()) {
        job.setCombinerClass(AnalysesCombiner.class);
      }
      if (namedOutputs.add(a.namedOutput())) {
        AvroJob.setOutputKeySchema(job, a.outputSchema());
        AvroMultipleOutputs.addNamedOutput(job, a.namedOutput(), AvroKeyOutputFormat.class, a.outputSchema());
      }
      if (a.stateSchema() != null && namedOutputs.add(a.stateOutput())) {
        AvroMultipleOutputs.addNamedOutput(job, a.stateOutput(), AvroKeyOutputFormat.class, a.stateSchema());
      }
    }
    inputs.configure(job);
    job.setNumReduceTasks(JobSizing.partitionReducers(c, plan.size(), inputs.paths()));
    return job;
  }

  /** Records beside a result which version of its day's events it was computed from. */
  private static void writeVersion(FileSystem fs, Path file, String version) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write((version + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Renames the state file that a partition's reducer wrote to {@link DatasetLayout#STATE_FILE} (it is
   * published with the data file, replacing the previous one), or writes an empty one: a published
   * partition always carries the state of its own result, never an older one.
   */
  private static void joinState(FileSystem fs, Path partition, Schema schema) throws IOException {
    FileStatus[] written = fs.globStatus(new Path(partition, DatasetLayout.STATE_PREFIX + "-*"));
    if (written.length > 1) {
      throw new IOException("one reducer writes a partition's state, found " + written.length + " files in " + partition);
    }
    Path state = new Path(partition, DatasetLayout.STATE_FILE);
    if (written.length == 0) {
      writeEmpty(fs, state, schema);
    } else if (!fs.rename(written[0].getPath(), state)) {
      throw new IOException("cannot rename " + written[0].getPath() + " to " + state);
    }
  }

  private static void writeEmpty(FileSystem fs, Path file, Schema schema) throws IOException {
    try (OutputStream out = fs.create(file, true);
        DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      writer.create(schema, out);
    }
  }
}
