package io.chunkmill.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.chunkmill.bench.BenchReport.Dataset;
import io.chunkmill.bench.BenchReport.Measurement;
import io.chunkmill.bench.BenchReport.Row;
import io.chunkmill.bench.BenchReport.Target;
import java.util.List;
import org.junit.Test;

public class BenchReportTest {
  private static final Dataset SMALL = new Dataset("a", "small-files", 1000, 10, 100_000, "many small files");

  private static Measurement m(String contender, int run, double wall, double cpu) {
    return new Measurement("a", contender, run, 0, wall, cpu, 0, 1024);
  }

  @Test
  public void medianOfOddAndEvenCounts() {
    assertEquals(2.0, BenchReport.median(new double[] {3, 1, 2}), 0);
    assertEquals(2.5, BenchReport.median(new double[] {4, 1, 2, 3}), 0);
    assertTrue(Double.isNaN(BenchReport.median(new double[0])));
  }

  @Test
  public void ratiosArePairedByRoundAndTargetsJudged() {
    List<Measurement> all = List.of(
        m("chunkmill", 1, 2, 2), m("text-input-format", 1, 50, 60),
        m("chunkmill", 2, 4, 4), m("text-input-format", 2, 60, 80),
        m("chunkmill", 3, 2, 2), m("text-input-format", 3, 30, 40),
        m("plain-java-floor", 1, 1.5, 1.5), m("plain-java-floor", 2, 1, 1), m("plain-java-floor", 3, 0.5, 0.5));
    List<Row> rows = BenchReport.summarize(List.of(SMALL), all);
    Row text = rows.get(1);
    assertEquals("text-input-format", text.contender());
    assertEquals(50, text.wall(), 1e-9);
    // per-round ratios 25, 15, 15: the median is 15, not 50 / 2
    assertEquals(15, text.wallRatio(), 1e-9);
    assertEquals(1000 / 50.0, text.messagesPerSecond(), 1e-9);
    List<Target> targets = BenchReport.targets(rows);
    assertEquals(2, targets.size());
    assertFalse(targets.get(0).met()); // 15 < 20
    assertTrue(targets.get(0).describe(), targets.get(0).describe().contains("MISSED (1.33x short)"));
    // floor ratios 0.75, 0.25, 0.25: chunkmill / floor = 1 / 0.25 = 4 > 2
    assertEquals(4, targets.get(1).measured(), 1e-9);
    assertFalse(targets.get(1).met());
  }

  @Test
  public void aFailedRunMarksTheRowAndItsTargetUnmeasured() {
    List<Measurement> all = List.of(m("chunkmill", 1, 2, 2),
        new Measurement("a", "combine-text-input-format", 1, 1, 5, 5, 0, 1024));
    List<Row> rows = BenchReport.summarize(List.of(SMALL), all);
    assertTrue(rows.get(1).failed());
    Target t = BenchReport.targets(rows).get(0);
    assertFalse(t.met());
    assertTrue(t.describe().endsWith("not measured"));
  }
}
