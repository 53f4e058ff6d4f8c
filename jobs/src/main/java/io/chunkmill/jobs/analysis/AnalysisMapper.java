package io.chunkmill.jobs.analysis;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.UtcDays;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * What every analysis mapper shares: it reads events, knows the run's {@link PartitionPlan}, and
 * finds the output partition of an event from its UTC day.
 */
public abstract class AnalysisMapper<K, V> extends Mapper<AvroKey<Event>, NullWritable, K, V> {
  static {
    AvroTrust.install();
  }

  private final String dataset;
  private PartitionPlan plan;
  private final UtcDays days = new UtcDays();

  protected AnalysisMapper(String dataset) {
    this.dataset = dataset;
  }

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
  }

  /** The partition number of {@code dataset} on the UTC day of {@code ts}, or -1 when not planned. */
  protected int part(String dataset, long ts) {
    return plan.index(dataset, days.day(ts));
  }

  /** The partition number of this mapper's dataset on the UTC day of {@code ts}, or -1. */
  protected int part(long ts) {
    return part(dataset, ts);
  }
}
