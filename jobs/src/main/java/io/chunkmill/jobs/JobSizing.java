package io.chunkmill.jobs;

import io.chunkmill.common.conf.InputConfig;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * How many reduce tasks a job gets: the user's {@code mapreduce.job.reduces}, or one per so many
 * input bytes (at least as many as the local runner runs at once).
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
