package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.mapreduce.Reducer;

/** Sums the counts of one (partition, key) on the map side. */
public class SumCountsCombiner extends Reducer<AvroKey<CountKey>, AvroValue<Long>, AvroKey<CountKey>, AvroValue<Long>> {
  static {
    AvroTrust.install();
  }

  private final AvroValue<Long> sum = new AvroValue<>();

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<Long>> counts, Context context)
      throws IOException, InterruptedException {
    sum.datum(sum(counts));
    context.write(key, sum);
  }

  /** The total of the counts. */
  public static long sum(Iterable<AvroValue<Long>> counts) {
    long total = 0;
    for (AvroValue<Long> c : counts) {
      total += c.datum();
    }
    return total;
  }
}
