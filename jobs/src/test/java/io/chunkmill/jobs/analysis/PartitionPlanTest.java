package io.chunkmill.jobs.analysis;

import static org.junit.Assert.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.Test;

public class PartitionPlanTest {
  @Test
  public void survivesTheConfigurationAndNumbersItsTargets() {
    LocalDate d1 = LocalDate.of(2026, 11, 1);
    LocalDate d2 = LocalDate.of(2026, 11, 2);
    PartitionPlan plan = new PartitionPlan(List.of(new PartitionPlan.Target("counts/url", d1),
        new PartitionPlan.Target("counts/user", d1), new PartitionPlan.Target("counts/url", d2)));
    Configuration conf = new Configuration(false);
    plan.store(conf);
    PartitionPlan loaded = PartitionPlan.load(conf);
    assertEquals(plan.targets(), loaded.targets());
    assertEquals("counts/url/dt=2026-11-02", loaded.target(2).label());
    assertEquals(Set.of(d1, d2), loaded.days());
    assertEquals("counts/user/dt=2026-11-01/part", loaded.target(1).basePath());
  }

  @Test
  public void updatedPartitionsAndTheirRefreshedKeysSurviveTheConfigurationWhateverTheKeysHold() {
    LocalDate d = LocalDate.of(2026, 11, 1);
    Set<String> keys = Set.of("https://x/a,b", "\"quoted\"", "", "caf\u00e9");
    PartitionPlan plan = new PartitionPlan(List.of(new PartitionPlan.Target("counts/url", d),
        new PartitionPlan.Target("distinct_approx", d), new PartitionPlan.Target("sessions", d)),
        Set.of(0, 1), java.util.Map.of(1, keys));
    Configuration conf = new Configuration(false);
    plan.store(conf);
    PartitionPlan loaded = PartitionPlan.load(conf);
    assertEquals(List.of(true, true, false), List.of(loaded.updated(0), loaded.updated(1), loaded.updated(2)));
    assertEquals(keys, loaded.refresh(1));
    assertEquals(null, loaded.refresh(0));
    assertEquals(List.of("counts/url", "distinct_approx", "sessions"), List.copyOf(loaded.datasets()));
  }
}
