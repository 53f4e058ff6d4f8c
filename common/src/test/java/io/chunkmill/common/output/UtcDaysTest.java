package io.chunkmill.common.output;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.time.Instant;
import org.junit.Test;

public class UtcDaysTest {
  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  public void theUtcDayAcrossMidnightAndBeforeTheEpoch() {
    UtcDays days = new UtcDays();
    assertEquals("2026-11-27", days.day(at("2026-11-27T23:59:59.999Z")));
    assertEquals("2026-11-28", days.day(at("2026-11-28T00:00:00Z")));
    assertEquals("1970-01-01", days.day(0L));
    assertEquals("1969-12-31", days.day(-1L));
  }

  @Test
  public void theSameTextWhileTheDayLasts() {
    UtcDays days = new UtcDays();
    String morning = days.day(at("2026-11-27T01:00:00Z"));
    assertSame(morning, days.day(at("2026-11-27T22:00:00Z")));
  }
}
