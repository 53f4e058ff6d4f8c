package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.jobs.analysis.PartitionPlan;
import java.io.IOException;
import java.time.LocalDate;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * A day's counts of one facet ({@code counts/<by>/dt=<day>/}) as map input: each record adds its
 * count to its key, in the same partition (a previous result updated by the day's changes) or in
 * another analysis's ({@link #targetDataset}).
 */
public class PreviousCountsMapper extends Mapper<AvroKey<CountRecord>, NullWritable, AvroKey<CountKey>, AvroValue<Long>> {
  static {
    AvroTrust.install();
  }

  private final KeyCounts counts = new KeyCounts();
  private int part;

  @Override
  protected void setup(Context context) {
    Path partition = fileOf(context.getInputSplit()).getPath().getParent();
    LocalDate day = DatasetLayout.parseDay(partition.getName());
    part = PartitionPlan.load(context.getConfiguration()).index(targetDataset(partition), day.toString());
    if (part < 0) {
      throw new IllegalStateException(partition + " is not a partition of this run's plan");
    }
  }

  /**
   * The file split under a split of {@code MultipleInputs}, whose wrapper ({@code TaggedInputSplit})
   * Hadoop keeps package-private: its {@code getInputSplit()} is called by reflection.
   */
  static FileSplit fileOf(InputSplit split) {
    if (split instanceof FileSplit f) {
      return f;
    }
    try {
      java.lang.reflect.Method inner = split.getClass().getDeclaredMethod("getInputSplit");
      inner.setAccessible(true);
      return fileOf((InputSplit) inner.invoke(split));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot find the file of split " + split, e);
    }
  }

  /** The dataset the counts of {@code partition} go to: their own ({@code counts/<by>}). */
  protected String targetDataset(Path partition) {
    return "counts/" + partition.getParent().getName();
  }

  @Override
  protected void map(AvroKey<CountRecord> record, NullWritable none, Context context)
      throws IOException, InterruptedException {
    counts.add(part, record.datum().getKey(), record.datum().getCount(), context);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    counts.flush(context);
  }
}
