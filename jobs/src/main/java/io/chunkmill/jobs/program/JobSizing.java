package io.chunkmill.jobs.program;

import io.chunkmill.common.fs.LocalRunner;
import io.chunkmill.common.fs.HiddenFiles;
import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.input.ChunkInputFormat;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * How many reduce tasks a job gets: the user's {@code mapreduce.job.reduces}, or one per so many
 * input bytes (at least as many as the local runner runs at once), or, for jobs that write one
 * partition per reducer, one per partition — and a single one for a job YARN may run as an uber
 * task.
 */
public final class JobSizing {
  /** Upper bound of reducers for jobs that write one reducer per day partition. */
  static final int MAX_PARTITION_REDUCERS = 64;
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
   * user chose a number. When YARN may run the job as an uber task, one: it runs a job inside its
   * ApplicationMaster's JVM only with at most one reducer, and on a small cluster containers cost
   * more than a small job's work. See {@link #fitsUberTask}.
   */
  public static int partitionReducers(Configuration conf, int partitions, List<Path> inputDirs) throws IOException {
    if (userSetReducers(conf)) {
      return Math.max(1, conf.getInt(MRJobConfig.NUM_REDUCES, 1));
    }
    if (fitsUberTask(conf, inputDirs)) {
      return 1;
    }
    return Math.max(1, Math.min(partitions, MAX_PARTITION_REDUCERS));
  }

  /**
   * Whether a job reading the files under {@code inputDirs} (names starting with _ or . skipped,
   * except a file given itself, such as an analysis's state) is one YARN would run as an uber task if it had one reducer: uber tasks enabled
   * ({@code mapreduce.job.ubertask.enable}), not the local runner, task memory within the
   * ApplicationMaster's, at most {@code mapreduce.job.ubertask.maxmaps} files (a map task each at
   * least) and bytes within {@code mapreduce.job.ubertask.maxbytes} (default: the block size).
   */
  static boolean fitsUberTask(Configuration conf, List<Path> inputDirs) throws IOException {
    if (LocalRunner.isActive(conf) || !conf.getBoolean(MRJobConfig.JOB_UBERTASK_ENABLE, false) || inputDirs.isEmpty()) {
      return false;
    }
    long taskMemory = Math.max(conf.getLong(MRJobConfig.MAP_MEMORY_MB, MRJobConfig.DEFAULT_MAP_MEMORY_MB),
        conf.getLong(MRJobConfig.REDUCE_MEMORY_MB, MRJobConfig.DEFAULT_REDUCE_MEMORY_MB));
    if (taskMemory > conf.getLong(MRJobConfig.MR_AM_VMEM_MB, MRJobConfig.DEFAULT_MR_AM_VMEM_MB)) {
      return false;
    }
    FileSystem fs = inputDirs.get(0).getFileSystem(conf);
    long maxBytes = conf.getLong(MRJobConfig.JOB_UBERTASK_MAXBYTES, fs.getDefaultBlockSize(inputDirs.get(0)));
    int maxMaps = conf.getInt(MRJobConfig.JOB_UBERTASK_MAXMAPS, 9);
    long bytes = 0;
    int files = 0;
    for (Path dir : inputDirs) {
      RemoteIterator<LocatedFileStatus> children;
      try {
        FileStatus given = dir.getFileSystem(conf).getFileStatus(dir);
        if (given.isFile()) {
          files++;
          bytes += given.getLen();
          if (files > maxMaps || bytes > maxBytes) {
            return false;
          }
          continue;
        }
        children = dir.getFileSystem(conf).listFiles(dir, true); // a day of events: one directory per run
        while (children.hasNext()) {
          LocatedFileStatus f = children.next();
          if (HiddenFiles.isHidden(f.getPath().getName()) || HiddenFiles.isHidden(f.getPath().getParent().getName())) {
            continue; // probe sidecars, _SUCCESS; the store's directories are one level deep
          }
          files++;
          bytes += f.getLen();
          if (files > maxMaps || bytes > maxBytes) {
            return false;
          }
        }
      } catch (FileNotFoundException e) {
        continue;
      }
    }
    return true;
  }

  /** Sets the reducers from the input size unless the user chose a number. */
  public static void setReducers(Job job, long inputBytes, long bytesPerReducer) {
    if (userSetReducers(job.getConfiguration())) {
      return;
    }
    long n = (inputBytes + bytesPerReducer - 1) / bytesPerReducer;
    if (LocalRunner.isActive(job.getConfiguration())) {
      // The local runner runs this many reducers at once: fewer would leave cores idle.
      n = Math.max(n, job.getConfiguration().getInt("mapreduce.local.reduce.tasks.maximum", 1));
    }
    job.setNumReduceTasks((int) Math.max(1, Math.min(MAX_SIZED_REDUCERS, n)));
  }
}
