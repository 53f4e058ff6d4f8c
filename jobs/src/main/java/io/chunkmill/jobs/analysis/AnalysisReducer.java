package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.jobs.SideOutputs;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * What every analysis reducer shares: it writes result records to the partition (dataset and day)
 * that the key's {@code part} names, through {@link SideOutputs}, and counts them.
 */
public abstract class AnalysisReducer<K, V, R> extends Reducer<K, V, AvroKey<R>, NullWritable> {
  static {
    AvroTrust.install();
  }

  private final String namedOutput;
  protected PartitionPlan plan;
  private SideOutputs outputs;

  protected AnalysisReducer(String namedOutput) {
    this.namedOutput = namedOutput;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    plan = PartitionPlan.load(context.getConfiguration());
    outputs = openOutputs(context);
  }

  /** Writes one result record to partition {@code part}. */
  protected void write(Context context, int part, R record) throws IOException, InterruptedException {
    outputs.write(namedOutput, new AvroKey<>(record), plan.target(part).basePath());
    context.getCounter(AnalysisCounters.RECORDS_OUT).increment(1);
  }

  /** Where results go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    outputs.close();
  }
}
