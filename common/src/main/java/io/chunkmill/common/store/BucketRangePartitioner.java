package io.chunkmill.common.store;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Routes each {@link Buckets#key} to the reducer whose contiguous range of buckets holds it, so
 * that every data file a reducer writes covers one bucket range and a probe opens only the files
 * of its bucket.
 */
public class BucketRangePartitioner extends Partitioner<Text, Object> {
  @Override
  public int getPartition(Text key, Object value, int partitions) {
    return Buckets.rangeOf(Buckets.bucketOfKey(key.getBytes(), key.getLength()), partitions);
  }
}
