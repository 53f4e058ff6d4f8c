package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.jobs.analysis.AnalysisReducer;
import java.io.IOException;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.mapred.AvroKey;

/**
 * Writes {@code {key, count}} to the partition (facet and day) of each key, in key order; keys whose
 * count is 0 (updated from changes that took all their events away) are left out.
 */
public class SumCountsReducer extends AnalysisReducer<AvroKey<CountKey>, AvroValue<Long>, CountRecord> {
  static final String OUTPUT = "counts";

  public SumCountsReducer() {
    super(OUTPUT);
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<Long>> counts, Context context)
      throws IOException, InterruptedException {
    long sum = SumCountsCombiner.sum(counts);
    if (sum < 0) {
      throw new IllegalStateException("count of " + key.datum() + " fell below 0: the day's change log does not"
          + " match its previous result (recompute it with --force)");
    }
    if (sum > 0) { // a key whose events all left the day is not written, as a recomputation would not
      write(context, key.datum().getPart(), new CountRecord(key.datum().getKey(), sum));
    }
  }
}
