package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.ApproxDistinctUsers;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code distinct --approx}: an Apache DataSketches HLL sketch per (day, url), built in the mapper
 * (at most {@link #MAX_SKETCHES} held, about 2 KiB each at lgK 12, less while sparse), merged by the
 * combiner and the reducer, written in a form that depends only on its users ({@link
 * Sketches#canonical}) with its estimate, relative standard error and bounds at two standard
 * deviations. A day is updated from its previous result by merging the added events'
 * sketches into the previous ones (a union of sketches has the registers of one sketch of all the
 * users); a sketch cannot take users away, so the urls of the events that runs replaced since are
 * recomputed from the day's events ({@link #refreshKey}).
 */
public class ApproxDistinctUsersAnalysis implements Analysis {
  static final int MAX_SKETCHES = 2048;
  private final Map<AnalysisKey, HllSketch> sketches = new HashMap<>();
  private final AnalysisKey probe = new AnalysisKey(0, "", 0L, "");
  private String dataset;
  private int lgK;

  @Override
  public void setup(String dataset, Configuration conf) {
    this.dataset = dataset;
    this.lgK = Sketches.lgK(conf);
  }

  @Override
  public Schema outputSchema() {
    return ApproxDistinctUsers.getClassSchema();
  }

  @Override
  public String namedOutput() {
    return "approx";
  }

  @Override
  public void map(Event event, int part, int delta, Emitter out) throws IOException, InterruptedException {
    if (delta < 0) {
      throw new IllegalStateException("a sketch cannot take users away: " + dataset + " is not updated from replaced events");
    }
    probe.setPart(part);
    probe.setKey(event.getUrl());
    HllSketch sketch = sketches.get(probe);
    if (sketch == null) {
      if (sketches.size() >= MAX_SKETCHES) {
        flush(out);
      }
      sketch = new HllSketch(lgK, Sketches.TYPE);
      sketches.put(new AnalysisKey(part, event.getUrl(), 0L, ""), sketch);
    }
    sketch.update(event.getUser());
  }

  @Override
  public void flush(Emitter out) throws IOException, InterruptedException {
    for (Map.Entry<AnalysisKey, HllSketch> s : sketches.entrySet()) {
      out.emit(s.getKey(), ByteBuffer.wrap(s.getValue().toCompactByteArray()));
    }
    sketches.clear();
  }

  @Override
  public void combine(AnalysisKey key, Iterable<AvroValue<Object>> values, Emitter out)
      throws IOException, InterruptedException {
    out.emit(key, ByteBuffer.wrap(merge(values).toCompactByteArray()));
  }

  @Override
  public void reduce(AnalysisKey key, Iterable<AvroValue<Object>> values, Results out)
      throws IOException, InterruptedException {
    byte[] image = Sketches.canonical(merge(values));
    HllSketch stored = HllSketch.heapify(image);
    out.write(key.getPart(), new ApproxDistinctUsers(key.getKey(), Math.round(stored.getEstimate()),
        HllSketch.getRelErr(true, true, lgK, 1), (long) Math.floor(stored.getLowerBound(2)),
        (long) Math.ceil(stored.getUpperBound(2)), lgK, ByteBuffer.wrap(image)));
  }

  @Override
  public String updatedFrom() {
    return dataset;
  }

  /** Sketches of another lgK than this run's are not merged: the day is recomputed at this run's lgK. */
  @Override
  public boolean updatableFrom(FileSystem fs, Path dataFile) throws IOException {
    ApproxDistinctUsers first = Analysis.firstRecord(fs, dataFile, ApproxDistinctUsers.class);
    return first == null || first.getLgK() == lgK;
  }

  @Override
  public void previous(Object record, int part, Emitter out) throws IOException, InterruptedException {
    ApproxDistinctUsers r = (ApproxDistinctUsers) record;
    if (r.getLgK() != lgK) { // the driver plans such a day as a recomputation (updatableFrom)
      throw new IllegalStateException("the previous sketches of " + dataset + " have lgK " + r.getLgK() + ", this run "
          + lgK);
    }
    out.emit(new AnalysisKey(part, r.getUrl(), 0L, ""), r.getSketch());
  }

  @Override
  public String refreshKey(Event event) {
    return event.getUrl();
  }

  @Override
  public String refreshKey(Object previousRecord) {
    return ((ApproxDistinctUsers) previousRecord).getUrl();
  }

  /** The union of serialized sketches, as one sketch of the configured type. */
  private HllSketch merge(Iterable<AvroValue<Object>> values) {
    Union union = new Union(lgK);
    for (AvroValue<Object> v : values) {
      ByteBuffer b = ((ByteBuffer) v.datum()).duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      union.update(HllSketch.heapify(bytes));
    }
    return union.getResult(Sketches.TYPE);
  }
}
