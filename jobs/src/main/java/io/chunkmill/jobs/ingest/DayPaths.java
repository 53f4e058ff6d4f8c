package io.chunkmill.jobs.ingest;

import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.UtcDays;

/** UTC day of an epoch-ms time, and the {@code dt=YYYY-MM-DD/part} output path, cached per day. */
final class DayPaths {
  private final UtcDays days = new UtcDays();
  private String cachedName;
  private String cachedPath;

  String day(long ts) {
    return days.day(ts);
  }

  String basePath(long ts) {
    String day = days.day(ts);
    if (day != cachedName) { // UtcDays hands out the same String while the day lasts
      cachedName = day;
      cachedPath = basePath(day);
    }
    return cachedPath;
  }

  static String basePath(String day) {
    return DatasetLayout.partFiles(null, day);
  }
}
