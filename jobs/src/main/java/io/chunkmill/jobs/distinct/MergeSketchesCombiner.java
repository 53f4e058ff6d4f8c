package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import java.io.IOException;
import java.nio.ByteBuffer;
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
    context.write(key, new AvroValue<>(ByteBuffer.wrap(merge(sketches).toBytes())));
  }

  static HyperLogLog merge(Iterable<AvroValue<ByteBuffer>> sketches) {
    HyperLogLog merged = new HyperLogLog();
    for (AvroValue<ByteBuffer> s : sketches) {
      ByteBuffer b = s.datum().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      merged.merge(HyperLogLog.fromBytes(bytes));
    }
    return merged;
  }
}
