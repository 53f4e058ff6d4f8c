package io.chunkmill.jobs.topn;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.TopUrl;
import io.chunkmill.jobs.analysis.AnalysisReducer;
import io.chunkmill.jobs.count.SumCountsCombiner;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;

/**
 * Sums each url's count and keeps the N best of each day ({@link TopN}); keys arrive grouped by
 * partition, so a day's ranking is written when its partition ends.
 */
public class RankUrlsReducer extends AnalysisReducer<AvroKey<CountKey>, AvroValue<Long>, TopUrl> {
  static final String OUTPUT = "topn";
  private TopN top;
  private int part = -1;

  public RankUrlsReducer() {
    super(OUTPUT);
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    top = new TopN(TopUrlsJob.n(context.getConfiguration()));
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
      write(context, part, new TopUrl(day, ++rank, e.key(), e.count()));
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
    super.cleanup(context);
  }
}
