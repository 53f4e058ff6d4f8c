package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * In-mapper aggregation of (partition, key) counts, so that map output grows with the distinct
 * keys, not with the events. Flushed when it holds {@link #MAX_KEYS} keys, and at the end.
 */
public final class KeyCounts {
  static final int MAX_KEYS = 100_000;

  private final Map<AnalysisKey, long[]> counts = new HashMap<>();
  private final AnalysisKey probe = key(0, "");

  private static AnalysisKey key(int part, String key) {
    return new AnalysisKey(part, key, 0L, "");
  }

  /** Adds {@code delta} (negative for events that left the day) to the count of (part, key). */
  public void add(int part, String key, long delta, Analysis.Emitter out) throws IOException, InterruptedException {
    probe.setPart(part);
    probe.setKey(key);
    long[] c = counts.get(probe);
    if (c == null) {
      counts.put(key(part, key), new long[] {delta});
      if (counts.size() >= MAX_KEYS) {
        flush(out);
      }
    } else {
      c[0] += delta;
    }
  }

  public void flush(Analysis.Emitter out) throws IOException, InterruptedException {
    for (Map.Entry<AnalysisKey, long[]> e : counts.entrySet()) {
      out.emit(e.getKey(), e.getValue()[0]);
    }
    counts.clear();
  }
}
