package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.CountKey;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * In-mapper aggregation of (partition, key) counts, so that map output grows with the distinct
 * keys, not with the events. Flushed when it holds {@link #MAX_KEYS} keys, and at the end.
 */
public final class KeyCounts {
  static final int MAX_KEYS = 100_000;

  private final Map<CountKey, long[]> counts = new HashMap<>();
  private final CountKey probe = new CountKey();
  private final AvroKey<CountKey> outKey = new AvroKey<>();
  private final AvroValue<Long> outValue = new AvroValue<>();

  public void add(int part, String key, TaskInputOutputContext<?, ?, AvroKey<CountKey>, AvroValue<Long>> context)
      throws IOException, InterruptedException {
    add(part, key, 1, context);
  }

  /** Adds {@code delta} (negative for events that left the day) to the count of (part, key). */
  public void add(int part, String key, long delta,
      TaskInputOutputContext<?, ?, AvroKey<CountKey>, AvroValue<Long>> context) throws IOException, InterruptedException {
    probe.setPart(part);
    probe.setKey(key);
    long[] c = counts.get(probe);
    if (c == null) {
      counts.put(new CountKey(part, key), new long[] {delta});
      if (counts.size() >= MAX_KEYS) {
        flush(context);
      }
    } else {
      c[0] += delta;
    }
  }

  public void flush(TaskInputOutputContext<?, ?, AvroKey<CountKey>, AvroValue<Long>> context)
      throws IOException, InterruptedException {
    for (Map.Entry<CountKey, long[]> e : counts.entrySet()) {
      outKey.datum(e.getKey());
      outValue.datum(e.getValue()[0]);
      context.write(outKey, outValue);
    }
    counts.clear();
  }
}
