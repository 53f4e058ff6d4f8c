package io.chunkmill.jobs.analysis;

import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.mapreduce.Partitioner;

/** Routes a key to the reducer of its output partition: the key record's first field, {@code part}. */
public class PlannedPartitioner extends Partitioner<AvroKey<? extends IndexedRecord>, Object> {
  @Override
  public int getPartition(AvroKey<? extends IndexedRecord> key, Object value, int partitions) {
    return (Integer) key.datum().get(0) % partitions;
  }
}
