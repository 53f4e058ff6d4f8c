package io.chunkmill.bench;

import io.chunkmill.common.message.EventWritable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.reduce.LongSumReducer;
import org.apache.hadoop.util.Tool;

/**
 * What a Hadoop user would write for chunkmill's ingest + {@code count --by url} with one of
 * Hadoop's own line formats: two jobs in one process.
 *
 * <ol>
 *   <li><em>dedup</em>: {@link ClassifyLinesMapper} (one line per {@code map()} call) emits
 *       {@code (id, event)}; {@link KeepWinningEventReducer} keeps the docs/CONTRACT.md §2 winner and writes
 *       {@code day\turl}. With combiners, {@link KeepWinningEventCombiner} does that per map task.
 *   <li><em>count</em>: {@link CountLinesMapper} and Hadoop's {@link LongSumReducer} write
 *       {@code day\turl\tcount} to {@code <output>/counts/part-r-*}, the counts that
 *       {@link UrlCountsComparison} sets against chunkmill's.
 * </ol>
 *
 * <p>Usage: {@code <contender> [generic options] [--reduces N] <output> <input>...}; the dedup job
 * gets {@code --reduces} reducers (2 by default: the local runner's reduce slots on a 2-core
 * machine), the count job one.
 */
public abstract class HadoopContender extends Configured implements Tool {
  static final int DEFAULT_REDUCES = 2;

  /** The contender's name in logs and job names. */
  protected abstract String name();

  /** The input format of both jobs. */
  @SuppressWarnings("rawtypes")
  protected abstract Class<? extends InputFormat> inputFormat();

  /** Whether both jobs run a combiner. */
  protected abstract boolean combiners();

  /** Sets what the input format needs (split sizes) on a job before it is submitted. */
  protected void configureInput(Job job) {}

  @Override
  public int run(String[] args) throws Exception {
    int reduces = DEFAULT_REDUCES;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--reduces") && i + 1 < args.length) {
        reduces = Integer.parseInt(args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.size() < 2 || reduces < 1) {
      System.err.println("usage: " + getClass().getSimpleName()
          + " [generic options] [--reduces N] <output> <input>...");
      return 2;
    }
    Path output = new Path(positional.get(0));
    List<Path> inputs = positional.subList(1, positional.size()).stream().map(Path::new).toList();
    long started = System.nanoTime();
    Path dedupOut = new Path(output, "dedup");
    Job dedup = createDedupJob(getConf(), inputs, dedupOut, reduces);
    if (!dedup.waitForCompletion(true)) {
      System.err.println(name() + ": the dedup job failed");
      return 1;
    }
    Job count = createCountJob(getConf(), dedupOut, new Path(output, "counts"));
    if (!count.waitForCompletion(true)) {
      System.err.println(name() + ": the count job failed");
      return 1;
    }
    Counters c = dedup.getCounters();
    long events = value(c, BenchCounters.EVENTS);
    // Combiners drop duplicates before the reducer sees them: every valid line that is no event is one.
    System.out.printf(Locale.ROOT, "%s: lines_read %d, BLANK %d, quarantined %d, DUPLICATE %d, events %d; %.1f s%n",
        name(), value(c, BenchCounters.LINES_READ), value(c, BenchCounters.BLANK),
        value(c, BenchCounters.QUARANTINED), value(c, BenchCounters.VALID) - events, events,
        (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private static long value(Counters counters, BenchCounters c) {
    return counters.findCounter(c).getValue();
  }

  /** The dedup job, not submitted. */
  public Job createDedupJob(Configuration base, List<Path> inputs, Path output, int reduces) throws IOException {
    Job job = Job.getInstance(new Configuration(base), name() + ": dedup");
    job.setJarByClass(getClass());
    job.setInputFormatClass(inputFormat());
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    FileInputFormat.setInputDirRecursive(job, true);
    configureInput(job);
    job.setMapperClass(ClassifyLinesMapper.class);
    if (combiners()) {
      job.setCombinerClass(KeepWinningEventCombiner.class);
    }
    job.setReducerClass(KeepWinningEventReducer.class);
    job.setNumReduceTasks(reduces);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(EventWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileOutputFormat.setOutputPath(job, output);
    return job;
  }

  /** The count job over the dedup job's {@code day\turl} lines, not submitted. */
  public Job createCountJob(Configuration base, Path dedupOutput, Path output) throws IOException {
    Job job = Job.getInstance(new Configuration(base), name() + ": count");
    job.setJarByClass(getClass());
    job.setInputFormatClass(inputFormat());
    FileInputFormat.setInputPaths(job, dedupOutput);
    configureInput(job);
    job.setMapperClass(CountLinesMapper.class);
    if (combiners()) {
      job.setCombinerClass(LongSumReducer.class);
    }
    job.setReducerClass(LongSumReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    FileOutputFormat.setOutputPath(job, output);
    return job;
  }
}
