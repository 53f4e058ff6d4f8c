package io.chunkmill.common.output;

import java.time.LocalDate;

/**
 * The UTC day of an epoch-millisecond time as {@code YYYY-MM-DD}, the day key of chunkmill's
 * partitions ({@code dt=YYYY-MM-DD}). Caches the last day's text: events come mostly in runs of
 * the same day, and tasks compute it for every event. Not thread-safe: one per task.
 */
public final class UtcDays {
  private static final long DAY_MS = 86_400_000L;
  private long cachedDay = Long.MIN_VALUE;
  private String cachedText;

  /** The UTC day of {@code ts} as a date (no text made or parsed). */
  public static LocalDate date(long ts) {
    return LocalDate.ofEpochDay(Math.floorDiv(ts, DAY_MS));
  }

  /** The UTC day of {@code ts}; the same String object while the day does not change. */
  public String day(long ts) {
    long day = Math.floorDiv(ts, DAY_MS);
    if (day != cachedDay) {
      cachedDay = day;
      cachedText = LocalDate.ofEpochDay(day).toString();
    }
    return cachedText;
  }
}
