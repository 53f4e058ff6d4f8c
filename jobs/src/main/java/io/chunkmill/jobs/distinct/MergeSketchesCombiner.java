package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.mapreduce.Reducer;

/** Merges the sketches of one (day, url) on the map side. */
public class MergeSketchesCombiner extends Reducer<AvroKey<CountKey>, AvroValue<ByteBuffer>, AvroKey<CountKey>, AvroValue<ByteBuffer>> {
  static {
    AvroTrust.install();
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<ByteBuffer>> sketches, Context context)
      throws IOException, InterruptedException {
    int lgK = Sketches.lgK(context.getConfiguration());
    context.write(key, new AvroValue<>(ByteBuffer.wrap(merge(sketches, lgK).toCompactByteArray())));
  }

  /** The union of serialized sketches, as one sketch of the configured type. */
  static HllSketch merge(Iterable<AvroValue<ByteBuffer>> sketches, int lgK) {
    Union union = new Union(lgK);
    for (AvroValue<ByteBuffer> s : sketches) {
      ByteBuffer b = s.datum().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      union.update(HllSketch.heapify(bytes));
    }
    return union.getResult(Sketches.TYPE);
  }
}
