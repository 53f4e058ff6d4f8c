package io.chunkmill.common.input;

import io.chunkmill.common.conf.InputConfig;
import java.io.IOException;
import java.util.List;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReaderWrapper;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;

/**
 * Avro container files as {@link AvroKeyInputFormat} reads them, many small files to a split
 * (Hadoop's {@link CombineFileInputFormat}, bounded by
 * {@code mapreduce.input.fileinputformat.split.maxsize}). A day of the events store holds one
 * directory per run that added events; read file by file, a day of hourly batches would be dozens
 * of map tasks of a few kilobytes each.
 */
public class CombinedAvroKeyInputFormat<T> extends CombineFileInputFormat<AvroKey<T>, NullWritable> {
  /** Splits of at most {@link InputConfig#splitMaxBytes} (Hadoop's key, or chunkmill's default). */
  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    setMaxSplitSize(InputConfig.splitMaxBytes(job.getConfiguration()));
    return super.getSplits(job);
  }

  @Override
  public RecordReader<AvroKey<T>, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException {
    @SuppressWarnings({"unchecked", "rawtypes"})
    RecordReader<AvroKey<T>, NullWritable> reader =
        new CombineFileRecordReader((CombineFileSplit) split, context, OneFile.class);
    return reader;
  }

  /** Reads one file of a combined split with {@link AvroKeyInputFormat}. */
  public static final class OneFile<T> extends CombineFileRecordReaderWrapper<AvroKey<T>, NullWritable> {
    public OneFile(CombineFileSplit split, TaskAttemptContext context, Integer index)
        throws IOException, InterruptedException {
      super(new AvroKeyInputFormat<T>(), split, context, index);
    }
  }
}
