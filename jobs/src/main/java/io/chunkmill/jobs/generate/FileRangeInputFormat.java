package io.chunkmill.jobs.generate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** One split per task, each a range of file numbers; one record per file number. */
public class FileRangeInputFormat extends InputFormat<IntWritable, NullWritable> {
  static final String TASKS = GeneratorSettings.PREFIX + "tasks";

  @Override
  public List<InputSplit> getSplits(JobContext context) {
    int files = GeneratorSettings.load(context.getConfiguration()).files();
    int tasks = Math.max(1, Math.min(files, context.getConfiguration().getInt(TASKS, 2)));
    List<InputSplit> splits = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      splits.add(new FileRange((int) ((long) files * t / tasks), (int) ((long) files * (t + 1) / tasks)));
    }
    return splits;
  }

  @Override
  public RecordReader<IntWritable, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private FileRange range;
      private int next;
      private final IntWritable key = new IntWritable();

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) {
        range = (FileRange) s;
        next = range.from;
      }

      @Override
      public boolean nextKeyValue() {
        if (next >= range.to) {
          return false;
        }
        key.set(next++);
        return true;
      }

      @Override
      public IntWritable getCurrentKey() {
        return key;
      }

      @Override
      public NullWritable getCurrentValue() {
        return NullWritable.get();
      }

      @Override
      public float getProgress() {
        return range.to == range.from ? 1f : (next - range.from) / (float) (range.to - range.from);
      }

      @Override
      public void close() {}
    };
  }

  /** Files {@code [from, to)}. */
  public static final class FileRange extends InputSplit implements Writable {
    int from;
    int to;

    public FileRange() {}

    FileRange(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public long getLength() {
      return to - from;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(from);
      out.writeInt(to);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      from = in.readInt();
      to = in.readInt();
    }
  }
}
