package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.ApproxDistinctUsers;
import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.jobs.SideOutputs;
import io.chunkmill.jobs.analysis.AnalysisCounters;
import io.chunkmill.jobs.analysis.PartitionPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Merges a (day, url)'s sketches and writes the estimate, its stated error and the sketch. */
public class EstimateUsersReducer extends Reducer<AvroKey<CountKey>, AvroValue<ByteBuffer>, AvroKey<ApproxDistinctUsers>, NullWritable> {
  static {
    AvroTrust.install();
  }

  static final String OUTPUT = "approx";
  private PartitionPlan plan;
  private SideOutputs outputs;

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<ByteBuffer>> sketches, Context context)
      throws IOException, InterruptedException {
    HyperLogLog merged = MergeSketchesCombiner.merge(sketches);
    ApproxDistinctUsers r = new ApproxDistinctUsers(key.datum().getKey(), merged.estimate(),
        HyperLogLog.RELATIVE_ERROR, ByteBuffer.wrap(merged.toBytes()));
    outputs.write(OUTPUT, new AvroKey<>(r), plan.target(key.datum().getPart()).basePath());
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
