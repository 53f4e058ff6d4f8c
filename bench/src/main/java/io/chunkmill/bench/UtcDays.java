package io.chunkmill.bench;

import java.time.LocalDate;

/**
 * The UTC day of an epoch-millisecond time as {@code YYYY-MM-DD}, the day key of chunkmill's
 * partitions. Caches the last day's text: events come mostly in runs of the same day, and every
 * contender computing it per event the same way keeps the comparison about the framework.
 */
final class UtcDays {
  private static final long DAY_MS = 86_400_000L;
  private long cachedDay = Long.MIN_VALUE;
  private String cachedText;

  String day(long ts) {
    long day = Math.floorDiv(ts, DAY_MS);
    if (day != cachedDay) {
      cachedDay = day;
      cachedText = LocalDate.ofEpochDay(day).toString();
    }
    return cachedText;
  }
}
