package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.jobs.SideOutputs;
import io.chunkmill.jobs.analysis.AnalysisCounters;
import io.chunkmill.jobs.analysis.PartitionPlan;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Writes {@code {key, count}} to the partition (facet and day) of each key, in key order. */
public class SumCountsReducer extends Reducer<AvroKey<CountKey>, AvroValue<Long>, AvroKey<CountRecord>, NullWritable> {
  static {
    AvroTrust.install();
  }

  static final String OUTPUT = "counts";
  private PartitionPlan plan;
  private SideOutputs outputs;
  private final CountRecord record = new CountRecord();
  private final AvroKey<CountRecord> out = new AvroKey<>(record);

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<Long>> counts, Context context)
      throws IOException, InterruptedException {
    record.setKey(key.datum().getKey());
    record.setCount(SumCountsCombiner.sum(counts));
    outputs.write(OUTPUT, out, plan.target(key.datum().getPart()).basePath());
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
