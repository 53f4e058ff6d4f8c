package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.jobs.analysis.AnalysisReducer;
import java.io.IOException;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.mapred.AvroKey;

/** Writes {@code {key, count}} to the partition (facet and day) of each key, in key order. */
public class SumCountsReducer extends AnalysisReducer<AvroKey<CountKey>, AvroValue<Long>, CountRecord> {
  static final String OUTPUT = "counts";

  public SumCountsReducer() {
    super(OUTPUT);
  }

  @Override
  protected void reduce(AvroKey<CountKey> key, Iterable<AvroValue<Long>> counts, Context context)
      throws IOException, InterruptedException {
    write(context, key.datum().getPart(), new CountRecord(key.datum().getKey(), SumCountsCombiner.sum(counts)));
  }
}
