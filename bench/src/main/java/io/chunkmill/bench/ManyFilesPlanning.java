package io.chunkmill.bench;

import io.chunkmill.common.input.ChunkInputFormat;
import io.chunkmill.common.input.ChunkSplit;
import io.chunkmill.common.input.InputFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Split planning over a synthetic listing ({@link SyntheticFileSystem}) of many files, as the
 * submitting client of a job on a cluster does it, measured: listing and planning time, the heap
 * still held after each (after a full collection), splits and the bytes of the job's split file.
 *
 * <pre>ManyFilesPlanning chunkmill|hadoop &lt;directories&gt; &lt;files per directory&gt;</pre>
 *
 * {@code chunkmill}: {@link ChunkInputFormat} ({@link InputFiles}, {@link ChunkSplit});
 * {@code hadoop}: the same located listing kept as {@link LocatedFileStatus} objects, planned by
 * Hadoop's {@code CombineFileInputFormat} (what chunkmill did before). Prints one JSON line; run it
 * with {@code -Xmx} to see what fits.
 */
public final class ManyFilesPlanning {
  private ManyFilesPlanning() {}

  public static void main(String[] args) throws Exception {
    String planner = args[0];
    int dirs = Integer.parseInt(args[1]);
    int perDir = Integer.parseInt(args[2]);
    Configuration conf = new Configuration();
    conf.set("fs." + SyntheticFileSystem.SCHEME + ".impl", SyntheticFileSystem.class.getName());
    conf.set("mapreduce.framework.name", "yarn"); // plan as for a cluster: no local-runner sizing
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, new Path(SyntheticFileSystem.tree(dirs, perDir)));
    long base = retained();

    long t0 = System.nanoTime();
    Object listing;
    int files;
    if (planner.equals("chunkmill")) {
      InputFiles listed = ChunkInputFormat.listInputs(job);
      listing = listed;
      files = listed.size();
    } else if (planner.equals("hadoop")) {
      List<FileStatus> listed = locatedListing(job, conf);
      listing = listed;
      files = listed.size();
    } else {
      throw new IllegalArgumentException("chunkmill or hadoop, not " + planner);
    }
    long t1 = System.nanoTime();
    long afterListing = retained();

    long t2 = System.nanoTime();
    List<InputSplit> splits = planner.equals("chunkmill")
        ? ChunkInputFormat.plan(job.getConfiguration(), (InputFiles) listing)
        : hadoopSplits(job, listing);
    long t3 = System.nanoTime();
    long afterPlanning = retained();
    long splitFileBytes = splitFileBytes(splits);
    int pieces = 0;
    for (InputSplit s : splits) {
      pieces += s instanceof ChunkSplit c ? c.getNumPaths()
          : ((org.apache.hadoop.mapreduce.lib.input.CombineFileSplit) s).getNumPaths();
    }
    if (listing == null || pieces < files) {
      throw new IllegalStateException("planned " + pieces + " pieces for " + files + " files");
    }
    System.out.println(String.format(Locale.ROOT,
        "{\"planner\":\"%s\",\"files\":%d,\"directories\":%d,\"listings\":%d,\"splits\":%d,\"pieces\":%d,"
            + "\"list_s\":%.2f,\"plan_s\":%.2f,\"heap_listing_mb\":%.1f,\"heap_planned_mb\":%.1f,"
            + "\"listing_bytes_per_file\":%d,\"splits_bytes_per_file\":%d,\"split_file_bytes\":%d,\"max_heap_mb\":%d}",
        planner, files, dirs, SyntheticFileSystem.listings(), splits.size(), pieces, (t1 - t0) / 1e9,
        (t3 - t2) / 1e9, (afterListing - base) / 1048576.0, (afterPlanning - base) / 1048576.0,
        (afterListing - base) / files, (afterPlanning - afterListing) / files, splitFileBytes,
        Runtime.getRuntime().maxMemory() >> 20));
  }

  /** Every directory listed with listLocatedStatus, the statuses kept: chunkmill's listing before InputFiles. */
  private static List<FileStatus> locatedListing(Job job, Configuration conf) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    Path root = FileInputFormat.getInputPaths(job)[0];
    FileSystem fs = root.getFileSystem(conf);
    List<Path> dirs = new ArrayList<>(List.of(root));
    while (!dirs.isEmpty()) {
      RemoteIterator<LocatedFileStatus> it = fs.listLocatedStatus(dirs.remove(dirs.size() - 1));
      while (it.hasNext()) {
        LocatedFileStatus s = it.next();
        if (s.isDirectory()) {
          dirs.add(s.getPath());
        } else {
          files.add(s);
        }
      }
    }
    return files;
  }

  @SuppressWarnings("unchecked")
  private static List<InputSplit> hadoopSplits(Job job, Object listing) throws IOException {
    List<FileStatus> listed = (List<FileStatus>) listing;
    return new CombineTextInputFormat() {
      @Override
      protected List<FileStatus> listStatus(JobContext context) {
        return listed;
      }
    }.getSplits(job);
  }

  /** Heap in use after full collections. */
  private static long retained() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long splitFileBytes(List<InputSplit> splits) throws IOException {
    long[] count = new long[1];
    try (DataOutputStream out = new DataOutputStream(new OutputStream() {
      @Override
      public void write(int b) {
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        count[0] += len;
      }
    })) {
      for (InputSplit s : splits) {
        ((Writable) s).write(out);
      }
    }
    return count[0];
  }
}
