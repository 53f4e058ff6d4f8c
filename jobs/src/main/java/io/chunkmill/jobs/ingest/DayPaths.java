package io.chunkmill.jobs.ingest;

import java.time.LocalDate;

/** UTC day of an epoch-ms time, and the {@code dt=YYYY-MM-DD/part} output path, cached per day. */
final class DayPaths {
  private static final long DAY_MS = 86_400_000L;
  private long cachedDay = Long.MIN_VALUE;
  private String cachedName;
  private String cachedPath;

  String day(long ts) {
    long epochDay = Math.floorDiv(ts, DAY_MS);
    if (epochDay != cachedDay) {
      cachedDay = epochDay;
      cachedName = LocalDate.ofEpochDay(epochDay).toString();
      cachedPath = "dt=" + cachedName + "/part";
    }
    return cachedName;
  }

  String basePath(long ts) {
    day(ts);
    return cachedPath;
  }

  static String basePath(String day) {
    return "dt=" + day + "/part";
  }
}
