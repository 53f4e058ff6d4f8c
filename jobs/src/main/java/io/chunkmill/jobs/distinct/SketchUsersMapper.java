package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.CountKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.jobs.analysis.AnalysisMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;

/**
 * Approximate mode: a HyperLogLog sketch per (day, url), built in the mapper; at most
 * {@link #MAX_SKETCHES} sketches (16 KiB each) are held before they are sent on.
 */
public class SketchUsersMapper extends AnalysisMapper<AvroKey<CountKey>, AvroValue<ByteBuffer>> {
  static final int MAX_SKETCHES = 2048;
  private final Map<CountKey, HyperLogLog> sketches = new HashMap<>();
  private final CountKey probe = new CountKey();

  public SketchUsersMapper() {
    super(DistinctUsersJob.APPROX);
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
    HyperLogLog sketch = sketches.get(probe);
    if (sketch == null) {
      if (sketches.size() >= MAX_SKETCHES) {
        flush(context);
      }
      sketch = new HyperLogLog();
      sketches.put(new CountKey(part, e.getUrl()), sketch);
    }
    sketch.add(e.getUser());
  }

  private void flush(Context context) throws IOException, InterruptedException {
    for (Map.Entry<CountKey, HyperLogLog> s : sketches.entrySet()) {
      context.write(new AvroKey<>(s.getKey()), new AvroValue<>(ByteBuffer.wrap(s.getValue().toBytes())));
    }
    sketches.clear();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
  }
}
