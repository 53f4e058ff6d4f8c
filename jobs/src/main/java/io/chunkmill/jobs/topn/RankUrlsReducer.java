package io.chunkmill.jobs.topn;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.SideOutputs;
import io.chunkmill.jobs.analysis.AnalysisCounters;
import io.chunkmill.jobs.analysis.PartitionPlan;
import io.chunkmill.jobs.count.SumCountsCombiner;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Sums each url's count and keeps the N best of each day ({@link TopN}); keys arrive grouped by
 * partition, so a day's ranking is written when its partition ends.
 */
public class RankUrlsReducer extends Reducer<AvroKey<CountKey>, AvroValue<Long>, AvroKey<TopUrl>, NullWritable> {
  static {
    AvroTrust.install();
  }

  static final String OUTPUT = "topn";
  private PartitionPlan plan;
  private SideOutputs outputs;
  private TopN top;
  private int part = -1;

  @Override
  protected void setup(Context context) {
    plan = PartitionPlan.load(context.getConfiguration());
    top = new TopN(TopUrlsJob.n(context.getConfiguration()));
    outputs = openOutputs(context);
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<Long>> counts, Context context)
      throws IOException, InterruptedException {
    int p = key.datum().getPart();
    if (p != part) {
      flush(context);
      part = p;
    }
    top.offer(key.datum().getKey(), SumCountsCombiner.sum(counts));
  }

  private void flush(Context context) throws IOException, InterruptedException {
    if (part < 0) {
      return;
    }
    String day = plan.target(part).day().toString();
    int rank = 0;
    for (TopN.Entry e : top.drain()) {
      outputs.write(OUTPUT, new AvroKey<>(new TopUrl(day, ++rank, e.key(), e.count())), plan.target(part).basePath());
      context.getCounter(AnalysisCounters.RECORDS_OUT).increment(1);
    }
  }

  /** Where results go; MRUnit tests record them instead. */
  protected SideOutputs openOutputs(Context context) {
    return SideOutputs.of(context);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
    outputs.close();
  }
}
