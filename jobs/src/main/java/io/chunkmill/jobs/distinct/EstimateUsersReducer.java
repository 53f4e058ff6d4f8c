package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.ApproxDistinctUsers;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.jobs.analysis.AnalysisReducer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;

/** Merges a (day, url)'s sketches and writes the estimate, its stated error and the sketch. */
public class EstimateUsersReducer extends AnalysisReducer<AvroKey<CountKey>, AvroValue<ByteBuffer>, ApproxDistinctUsers> {
  static final String OUTPUT = "approx";

  public EstimateUsersReducer() {
    super(OUTPUT);
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<ByteBuffer>> sketches, Context context)
      throws IOException, InterruptedException {
    HyperLogLog merged = MergeSketchesCombiner.merge(sketches);
    write(context, key.datum().getPart(), new ApproxDistinctUsers(key.datum().getKey(), merged.estimate(),
        HyperLogLog.RELATIVE_ERROR, ByteBuffer.wrap(merged.toBytes())));
  }
}
