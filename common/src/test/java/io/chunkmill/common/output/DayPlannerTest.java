package io.chunkmill.common.output;

import static org.junit.Assert.assertEquals;

import io.chunkmill.common.output.DayPlanner.Action;
import io.chunkmill.common.output.DayPlanner.DayPlan;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

public class DayPlannerTest {
  private static final LocalDate D1 = LocalDate.of(2026, 11, 1);
  private static final LocalDate D2 = LocalDate.of(2026, 11, 2);
  private static final LocalDate D3 = LocalDate.of(2026, 11, 3);
  private final TreeMap<LocalDate, String> events = new TreeMap<>(Map.of(D1, "v1", D2, "v2", D3, "v3"));

  private static List<Action> actions(List<DayPlan> plan) {
    return plan.stream().map(DayPlan::action).toList();
  }

  @Test
  public void missingAndStaleDaysAreComputedFreshOnesSkipped() {
    Map<LocalDate, String> results = Map.of(D1, "v1", D2, "v0");
    List<DayPlan> plan = DayPlanner.plan(events, results, null, null, false);
    assertEquals(List.of(Action.SKIP, Action.COMPUTE, Action.COMPUTE), actions(plan));
    assertEquals("fresh, skipped (--force recomputes it)", plan.get(0).reason());
    assertEquals("stale: its events changed since it was computed", plan.get(1).reason());
    assertEquals("missing", plan.get(2).reason());
  }

  @Test
  public void forceRecomputesFreshDays() {
    List<DayPlan> plan = DayPlanner.plan(events, Map.of(D1, "v1", D2, "v2", D3, "v3"), null, null, true);
    assertEquals(List.of(Action.COMPUTE, Action.COMPUTE, Action.COMPUTE), actions(plan));
  }

  @Test
  public void theRangeLimitsTheDaysConsideredAndDaysWithoutEventsAreNotPlanned() {
    List<DayPlan> plan = DayPlanner.plan(events, Map.of(), D2, D2.plusDays(10), false);
    assertEquals(List.of(D2, D3), plan.stream().map(DayPlan::day).toList());
    assertEquals(List.of(D1), DayPlanner.plan(events, Map.of(), null, D1, false).stream().map(DayPlan::day).toList());
  }

  @Test
  public void anIngestThatRepublishesADayMakesExactlyThatDayStale() {
    Map<LocalDate, String> results = Map.of(D1, "v1", D2, "v2", D3, "v3");
    events.put(D2, "v4");
    assertEquals(List.of(Action.SKIP, Action.COMPUTE, Action.SKIP), actions(DayPlanner.plan(events, results, null, null, false)));
  }
}
