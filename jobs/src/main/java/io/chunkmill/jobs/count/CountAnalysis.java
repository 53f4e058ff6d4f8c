package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.CountRecord;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code counts/<facet>}: events per key per day, aggregated in the mapper and by the combiner, so
 * that map output grows with distinct keys, not events. Updated from the day's previous counts, +1
 * for each event added since and -1 for each replaced; a key whose count falls to 0 is not written,
 * as a recomputation would not write it.
 */
public class CountAnalysis implements Analysis {
  private final KeyCounts counts = new KeyCounts();
  private final Facet.Keys keys = new Facet.Keys();
  private Facet facet;
  private String dataset;

  @Override
  public void setup(String dataset, Configuration conf) {
    this.dataset = dataset;
    this.facet = Facet.ofDataset(dataset);
  }

  @Override
  public Schema outputSchema() {
    return CountRecord.getClassSchema();
  }

  @Override
  public String namedOutput() {
    return "counts";
  }

  @Override
  public void map(Event event, int part, int delta, Emitter out) throws IOException, InterruptedException {
    counts.add(part, keys.key(facet, event), delta, out);
  }

  @Override
  public void flush(Emitter out) throws IOException, InterruptedException {
    counts.flush(out);
  }

  @Override
  public void combine(AnalysisKey key, Iterable<AvroValue<Object>> values, Emitter out)
      throws IOException, InterruptedException {
    out.emit(key, sum(values));
  }

  @Override
  public void reduce(AnalysisKey key, Iterable<AvroValue<Object>> values, Results out)
      throws IOException, InterruptedException {
    long sum = checked(key, sum(values));
    if (sum > 0) { // a key whose events all left the day is not written, as a recomputation would not
      out.write(key.getPart(), new CountRecord(key.getKey(), sum));
    }
  }

  @Override
  public String updatedFrom() {
    return dataset;
  }

  @Override
  public boolean subtracts() {
    return true;
  }

  @Override
  public void previous(Object record, int part, Emitter out) throws IOException, InterruptedException {
    CountRecord r = (CountRecord) record;
    counts.add(part, r.getKey(), r.getCount(), out);
  }

  /** {@code count}, refused when below 0 (changes that do not match the previous result). */
  protected static long checked(AnalysisKey key, long count) {
    if (count < 0) {
      throw new IllegalStateException("count of " + key + " fell below 0: the day's change log does not"
          + " match its previous result (recompute it with --force)");
    }
    return count;
  }

  /** The total of counts. */
  protected static long sum(Iterable<AvroValue<Object>> values) {
    long total = 0;
    for (AvroValue<Object> v : values) {
      total += (Long) v.datum();
    }
    return total;
  }
}
