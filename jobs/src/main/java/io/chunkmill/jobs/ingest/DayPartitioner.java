package io.chunkmill.jobs.ingest;

import io.chunkmill.common.avro.DayIdKey;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Sends each day to exactly one reducer, so that a day partition is written as one file (which is
 * what makes its replacement atomic, see {@link io.chunkmill.common.output.Publisher}).
 */
public class DayPartitioner extends Partitioner<AvroKey<DayIdKey>, AvroValue<?>> implements Configurable {
  private Configuration conf;
  private final Map<String, Integer> index = new HashMap<>();

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
    String[] days = conf.getStrings(IngestConfig.MERGE_DAYS, new String[0]);
    for (int i = 0; i < days.length; i++) {
      index.put(days[i], i);
    }
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public int getPartition(AvroKey<DayIdKey> key, AvroValue<?> value, int partitions) {
    Integer i = index.get(key.datum().getDay());
    if (i == null) {
      throw new IllegalStateException("day " + key.datum().getDay() + " is not among the days of this merge");
    }
    return i % partitions;
  }
}
