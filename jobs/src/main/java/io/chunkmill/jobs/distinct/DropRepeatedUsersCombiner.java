package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.DistinctKey;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Map side: a (day, url, user) seen several times is sent once. */
public class DropRepeatedUsersCombiner extends Reducer<AvroKey<DistinctKey>, NullWritable, AvroKey<DistinctKey>, NullWritable> {
  static {
    AvroTrust.install();
  }

  @Override
  protected void reduce(AvroKey<DistinctKey> key, Iterable<NullWritable> values, Context context)
      throws IOException, InterruptedException {
    context.write(key, NullWritable.get());
  }
}
