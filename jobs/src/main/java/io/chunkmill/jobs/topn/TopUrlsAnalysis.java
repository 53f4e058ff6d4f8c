package io.chunkmill.jobs.topn;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.analysis.PartitionPlan;
import io.chunkmill.jobs.count.CountAnalysis;
import io.chunkmill.jobs.count.Facet;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code topn}: a day's url counts, as {@code counts/url} makes them (from the events, or from the
 * day's previous url counts and its changes), ranked as their partition ends: the N best kept
 * ({@link TopN}), so memory is bounded by N whatever the urls.
 */
public class TopUrlsAnalysis extends CountAnalysis {
  private TopN top;
  private PartitionPlan plan;

  @Override
  public void setup(String dataset, Configuration conf) {
    super.setup(Facet.URL.dataset(), conf);
    top = new TopN(TopUrlsJob.n(conf));
    plan = PartitionPlan.load(conf);
  }

  @Override
  public Schema outputSchema() {
    return TopUrl.getClassSchema();
  }

  @Override
  public String namedOutput() {
    return "topn";
  }

  @Override
  public void reduce(AnalysisKey key, Iterable<AvroValue<Object>> values, Results out) {
    long count = checked(key, sum(values));
    if (count > 0) { // a url whose events all left the day is not ranked, as a recomputation would not see it
      top.offer(key.getKey(), count);
    }
  }

  @Override
  public void finish(int part, Results out) throws IOException, InterruptedException {
    String day = plan.target(part).day().toString();
    int rank = 0;
    for (TopN.Entry e : top.drain()) {
      out.write(part, new TopUrl(day, ++rank, e.key(), e.count()));
    }
  }
}
