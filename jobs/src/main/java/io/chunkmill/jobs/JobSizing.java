package io.chunkmill.jobs;

import io.chunkmill.common.conf.InputConfig;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * How many reduce tasks a job gets: the user's {@code mapreduce.job.reduces}, or one per so many
 * input bytes (at least as many as the local runner runs at once), or, for jobs that write one
 * partition per reducer, one per partition — and a single one for a job small enough to run as a
 * YARN uber task.
 */
public final class JobSizing {
  /** Upper bound of reducers for jobs that write one reducer per day partition. */
  public static final int MAX_PARTITION_REDUCERS = 64;
  private static final int MAX_SIZED_REDUCERS = 256;

  private JobSizing() {}

  /** True when {@code mapreduce.job.reduces} was set by the user rather than by Hadoop's defaults. */
  public static boolean userSetReducers(Configuration conf) {
    String[] sources = conf.getPropertySources(MRJobConfig.NUM_REDUCES);
    return sources != null && !Arrays.asList(sources).contains("mapred-default.xml");
  }

  /**
   * Reducers of a job that writes {@code partitions} output partitions, each by one reducer: one per
   * partition (at most {@link #MAX_PARTITION_REDUCERS}; a reducer may write several), unless the
   * user chose a number. When uber tasks are enabled ({@code mapreduce.job.ubertask.enable}) and
   * the input is within {@code mapreduce.job.ubertask.maxbytes}, one: YARN runs a job in its
   * ApplicationMaster's JVM only with at most one reducer, and containers cost more than a small
   * job's work.
   */
  public static int partitionReducers(Configuration conf, int partitions, long inputBytes) {
    if (userSetReducers(conf)) {
      return conf.getInt(MRJobConfig.NUM_REDUCES, 1);
    }
    if (!InputConfig.isLocalRunner(conf) && conf.getBoolean(MRJobConfig.JOB_UBERTASK_ENABLE, false)
        && inputBytes <= conf.getLong(MRJobConfig.JOB_UBERTASK_MAXBYTES, conf.getLong("dfs.blocksize", 128L << 20))) {
      return 1;
    }
    return Math.max(1, Math.min(partitions, MAX_PARTITION_REDUCERS));
  }

  /** Total length of the files under {@code dirs}. */
  public static long bytesUnder(Configuration conf, Iterable<Path> dirs) throws IOException {
    long bytes = 0;
    for (Path dir : dirs) {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir)) {
        bytes += fs.getContentSummary(dir).getLength();
      }
    }
    return bytes;
  }

  /** Sets the reducers from the input size unless the user chose a number. */
  public static void setReducers(Job job, long inputBytes, long bytesPerReducer) {
    if (userSetReducers(job.getConfiguration())) {
      return;
    }
    long n = (inputBytes + bytesPerReducer - 1) / bytesPerReducer;
    if (InputConfig.isLocalRunner(job.getConfiguration())) {
      // The local runner runs this many reducers at once: fewer would leave cores idle.
      n = Math.max(n, job.getConfiguration().getInt("mapreduce.local.reduce.tasks.maximum", 1));
    }
    job.setNumReduceTasks((int) Math.max(1, Math.min(MAX_SIZED_REDUCERS, n)));
  }
}
