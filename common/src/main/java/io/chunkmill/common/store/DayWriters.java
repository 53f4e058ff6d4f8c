package io.chunkmill.common.store;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.DatasetLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * The data files one task writes for the events store: one per day, all for the task's bucket
 * range, under {@code <dir>/dt=<day>/part-b<first>-<last>.avro} (plus sidecars). Events must come
 * in (bucket, id) order, as a reducer meets them.
 */
public final class DayWriters implements AutoCloseable {
  private final FileSystem fs;
  private final Path dir;
  private final int firstBucket;
  private final int lastBucket;
  private final double fpp;
  private final Map<LocalDate, StoreFileWriter> open = new TreeMap<>();

  public DayWriters(FileSystem fs, Path dir, int firstBucket, int lastBucket, double fpp) {
    this.fs = fs;
    this.dir = dir;
    this.firstBucket = firstBucket;
    this.lastBucket = lastBucket;
    this.fpp = fpp;
  }

  /**
   * The writers of a running reducer: its contiguous range of buckets, in the task's work directory
   * (committed with the task), filters sized by {@link StoreConfig#fileFpp}.
   */
  public static DayWriters forTask(TaskInputOutputContext<?, ?, ?, ?> context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    Path work = FileOutputFormat.getWorkOutputPath(context);
    return forReducer(work.getFileSystem(conf), work, context.getTaskAttemptID().getTaskID().getId(),
        context.getNumReduceTasks(), StoreConfig.fileFpp(conf));
  }

  /** The writers of the reducer {@code part} of {@code parts}: its contiguous range of buckets. */
  public static DayWriters forReducer(FileSystem fs, Path dir, int part, int parts, double fpp) {
    return new DayWriters(fs, dir, Buckets.firstOfRange(part, parts), Buckets.lastOfRange(part, parts), fpp);
  }

  public void append(LocalDate day, int bucket, Event event) throws IOException {
    StoreFileWriter w = open.get(day);
    if (w == null) {
      Path file = new Path(DatasetLayout.dayPartition(dir, day), StoredDay.dataFileName(firstBucket, lastBucket));
      w = StoreFileWriter.create(fs, file, firstBucket, lastBucket, fpp);
      open.put(day, w);
    }
    w.append(bucket, event);
  }

  @Override
  public void close() throws IOException {
    for (StoreFileWriter w : open.values()) {
      w.close();
    }
    open.clear();
  }
}
