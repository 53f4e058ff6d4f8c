package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.AnalysisMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;

/**
 * Approximate mode: an Apache DataSketches HLL sketch per (day, url), built in the mapper; at most
 * {@link #MAX_SKETCHES} sketches (about 2 KiB each at lgK 12, less while they are sparse) are held
 * before they are sent on, as compact bytes.
 */
public class SketchUsersMapper extends AnalysisMapper<AvroKey<CountKey>, AvroValue<ByteBuffer>> {
  static final int MAX_SKETCHES = 2048;
  private final Map<CountKey, HllSketch> sketches = new HashMap<>();
  private final CountKey probe = new CountKey();
  private int lgK;

  public SketchUsersMapper() {
    super(DistinctUsersJob.APPROX);
  }

  @Override
  protected void setup(Context context) {
    super.setup(context);
    lgK = Sketches.lgK(context.getConfiguration());
  }

  @Override
  protected void map(AvroKey<Event> event, NullWritable none, Context context) throws IOException, InterruptedException {
    Event e = event.datum();
    int part = part(e.getTs());
    if (part < 0) {
      return;
    }
    probe.setPart(part);
    probe.setKey(e.getUrl());
    HllSketch sketch = sketches.get(probe);
    if (sketch == null) {
      if (sketches.size() >= MAX_SKETCHES) {
        flush(context);
      }
      sketch = new HllSketch(lgK, Sketches.TYPE);
      sketches.put(new CountKey(part, e.getUrl()), sketch);
    }
    sketch.update(e.getUser());
  }

  private void flush(Context context) throws IOException, InterruptedException {
    for (Map.Entry<CountKey, HllSketch> s : sketches.entrySet()) {
      context.write(new AvroKey<>(s.getKey()), new AvroValue<>(ByteBuffer.wrap(s.getValue().toCompactByteArray())));
    }
    sketches.clear();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
  }
}
