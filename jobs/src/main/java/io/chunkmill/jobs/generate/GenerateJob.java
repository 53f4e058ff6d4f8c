package io.chunkmill.jobs.generate;

import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.program.ProgramSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code generate}: writes synthetic message files for tests, benchmarks and the quick start.
 *
 * <p>Reads nothing; writes {@code --files} files named {@code messages-NNNNN.json[.gz|.bz2]} into
 * {@code --output}. {@code --mode local} (the default) writes them from threads of this process;
 * {@code --mode mapreduce} writes them from the map tasks of a job, for very large data sets on a
 * cluster. Keys: {@code chunkmill.generate.*} (see {@link GeneratorSettings}), set from the options.
 */
public class GenerateJob extends Configured implements Tool {
  public static final String USAGE = "generate --output <dir> [--messages 100000] [--files 100]"
      + " [--start 2026-11-01] [--days 3] [--users 10000] [--urls 1000] [--gzip-share 0.1]"
      + " [--bzip2-share 0] [--bad-rate 0.001] [--too-long-rate 0.0001] [--redelivery-rate 0.01]"
      + " [--iso-share 0.2] [--seed 1] [--mode local|mapreduce] [--tasks N] [--summary <file>]";

  /** What the run wrote. */
  public enum Counters { FILES, LINES }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new GenerateJob(), args));
  }

  @Override
  public int run(String[] argv) throws Exception {
    Args args;
    GeneratorSettings settings;
    try {
      args = Args.parse(argv, Set.of("output", "messages", "files", "start", "days", "users", "urls",
          "gzip-share", "bzip2-share", "bad-rate", "too-long-rate", "redelivery-rate", "iso-share", "seed",
          "mode", "tasks", ProgramSummary.OPTION), Set.of());
      if (!args.positional().isEmpty()) {
        throw new Args.UsageException("unexpected argument " + args.positional().get(0));
      }
      LocalDate start = args.getDate("start");
      settings = new GeneratorSettings(args.getLong("messages", 100_000), args.getInt("files", 100),
          start == null ? LocalDate.of(2026, 11, 1) : start, args.getInt("days", 3), args.getInt("users", 10_000),
          args.getInt("urls", 1_000), args.getDouble("gzip-share", 0.1), args.getDouble("bzip2-share", 0),
          args.getDouble("bad-rate", 0.001), args.getDouble("too-long-rate", 0.0001),
          args.getDouble("redelivery-rate", 0.01), args.getDouble("iso-share", 0.2), args.getLong("seed", 1));
      args.required("output");
    } catch (IllegalArgumentException e) {
      System.err.println("generate: " + e.getMessage());
      System.err.println("usage: " + USAGE);
      return 2;
    }
    Path output = new Path(args.get("output", null));
    String mode = args.get("mode", "local");
    String summaryOption = args.get(ProgramSummary.OPTION, null);
    ProgramSummary summary = new ProgramSummary("generate").put("output", output.toString()).put("mode", mode);
    try {
      switch (mode) {
        case "local" -> writeLocally(getConf(), settings, output);
        case "mapreduce" -> {
          Job job = createJob(getConf(), settings, output, args.getInt("tasks", 2));
          boolean succeeded = job.waitForCompletion(true);
          summary.job(job);
          if (!succeeded) {
            System.err.println("generate: job failed");
            return 1;
          }
        }
        default -> {
          System.err.println("generate: --mode is local or mapreduce, not " + mode);
          return 2;
        }
      }
      summary.status("ran").put("records_out", settings.messages()).put("files", settings.files());
      System.out.printf("generate: wrote %d messages in %d files to %s in %.1f s%n", settings.messages(),
          settings.files(), output.getFileSystem(getConf()).makeQualified(output), summary.seconds());
      return 0;
    } finally {
      summary.writeQuietly(getConf(), summaryOption == null ? null : new Path(summaryOption));
    }
  }

  /** The MapReduce form of the run, not yet submitted. */
  public static Job createJob(Configuration base, GeneratorSettings settings, Path output, int tasks)
      throws IOException {
    Job job = Job.getInstance(new Configuration(base), "chunkmill generate " + output);
    job.setJarByClass(GenerateJob.class);
    Configuration conf = job.getConfiguration();
    settings.store(conf);
    conf.set(WriteFilesMapper.OUTPUT, output.getFileSystem(conf).makeQualified(output).toString());
    conf.setInt(FileRangeInputFormat.TASKS, tasks);
    conf.setBoolean("mapreduce.map.speculative", false);
    job.setInputFormatClass(FileRangeInputFormat.class);
    job.setMapperClass(WriteFilesMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(NullWritable.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    return job;
  }

  /** Writes every file from a pool of threads, one per core. */
  public static void writeLocally(Configuration conf, GeneratorSettings settings, Path output) throws Exception {
    FileSystem fs = output.getFileSystem(conf);
    fs.mkdirs(output);
    MessageGenerator generator = new MessageGenerator(settings);
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int f = 0; f < settings.files(); f++) {
        int file = f;
        done.add(pool.submit(() -> {
          try {
            FileWriting.write(generator, file, output, conf);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
