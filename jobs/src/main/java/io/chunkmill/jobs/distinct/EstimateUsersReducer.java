package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.ApproxDistinctUsers;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.jobs.analysis.AnalysisReducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;

/**
 * Merges a (day, url)'s sketches and writes the estimate, its relative standard error, bounds at
 * two standard deviations and the sketch (compact DataSketches HLL bytes, which Spark, Hive, Druid
 * and the DataSketches libraries read and union).
 */
public class EstimateUsersReducer extends AnalysisReducer<AvroKey<CountKey>, AvroValue<ByteBuffer>, ApproxDistinctUsers> {
  static final String OUTPUT = "approx";

  public EstimateUsersReducer() {
    super(OUTPUT);
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<ByteBuffer>> sketches, Context context)
      throws IOException, InterruptedException {
    int lgK = Sketches.lgK(context.getConfiguration());
    HllSketch merged = MergeSketchesCombiner.merge(sketches, lgK);
    write(context, key.datum().getPart(), new ApproxDistinctUsers(key.datum().getKey(),
        Math.round(merged.getEstimate()), HllSketch.getRelErr(true, false, lgK, 1),
        (long) Math.floor(merged.getLowerBound(2)), (long) Math.ceil(merged.getUpperBound(2)), lgK,
        ByteBuffer.wrap(merged.toCompactByteArray())));
  }
}
