package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.AvroTrust;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.mapreduce.Reducer;

/** Map side: the values of one key, combined by the analysis of the key's partition. */
public class AnalysesCombiner
    extends Reducer<AvroKey<AnalysisKey>, AvroValue<Object>, AvroKey<AnalysisKey>, AvroValue<Object>> {
  static {
    AvroTrust.install();
  }

  private Analysis[] analyses;
  private ShuffleOutput out;

  @Override
  protected void setup(Context context) {
    analyses = PartitionPlan.load(context.getConfiguration()).analyses(context.getConfiguration());
    out = new ShuffleOutput(context);
  }

  @Override
  protected void reduce(AvroKey<AnalysisKey> key, Iterable<AvroValue<Object>> values, Context context)
      throws IOException, InterruptedException {
    analyses[key.datum().getPart()].combine(key.datum(), values, out);
  }
}
