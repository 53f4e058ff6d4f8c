package io.chunkmill.common.output;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Decides which days of an analysis to compute (docs/CONTRACT.md §6), as a pure function of
 * versions: a day's result is <em>fresh</em> when it was computed from the version its events have
 * now, <em>stale</em> otherwise, and <em>missing</em> when there is none. Stale and missing
 * days are computed; fresh ones are skipped unless forced. Only days that have events count.
 */
public final class DayPlanner {
  private DayPlanner() {}

  public enum Action { COMPUTE, SKIP }

  /** What to do with one day, and why, in words for the run's summary. */
  public record DayPlan(LocalDate day, Action action, String reason) {
    public boolean compute() {
      return action == Action.COMPUTE;
    }
  }

  /**
   * @param events  day to the version of its events
   * @param results day to the version of the events the analysis result was computed from
   * @param from    first day to consider, or null for the first day with events
   * @param to      last day to consider, or null for the last day with events
   * @param force   recompute fresh days too
   */
  public static List<DayPlan> plan(SortedMap<LocalDate, String> events, Map<LocalDate, String> results,
      LocalDate from, LocalDate to, boolean force) {
    List<DayPlan> plan = new ArrayList<>();
    for (Map.Entry<LocalDate, String> e : events.entrySet()) {
      LocalDate day = e.getKey();
      if ((from != null && day.isBefore(from)) || (to != null && day.isAfter(to))) {
        continue;
      }
      String result = results.get(day);
      if (result == null) {
        plan.add(new DayPlan(day, Action.COMPUTE, "missing"));
      } else if (!result.equals(e.getValue())) {
        plan.add(new DayPlan(day, Action.COMPUTE, "stale: its events changed since it was computed"));
      } else if (force) {
        plan.add(new DayPlan(day, Action.COMPUTE, "fresh, recomputed (--force)"));
      } else {
        plan.add(new DayPlan(day, Action.SKIP, "fresh, skipped (--force recomputes it)"));
      }
    }
    return plan;
  }
}
