package io.chunkmill.jobs.distinct;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class HyperLogLogTest {
  private static double error(long estimate, long truth) {
    return Math.abs(estimate - truth) / (double) truth;
  }

  @Test
  public void staysWithinItsStatedErrorAtHundredsOfThousandsOfDistinctValues() {
    for (int trial = 0; trial < 3; trial++) {
      HyperLogLog h = new HyperLogLog();
      int n = 150_000 + trial * 100_000;
      for (int i = 0; i < n; i++) {
        h.add("user-" + trial + "-" + i);
        h.add("user-" + trial + "-" + (i / 2)); // repeats do not count
      }
      assertTrue("trial " + trial + ": " + h.estimate() + " for " + n, error(h.estimate(), n) <= HyperLogLog.RELATIVE_ERROR);
    }
  }

  @Test
  public void smallSketchesAreSparseOnTheWireAndBothFormsRoundTrip() {
    HyperLogLog small = new HyperLogLog();
    HyperLogLog large = new HyperLogLog();
    for (int i = 0; i < 50_000; i++) {
      large.add("u" + i);
      if (i < 20) {
        small.add("u" + i);
      }
    }
    assertTrue(small.toBytes().length <= 1 + 3 * 20);
    assertEquals(HyperLogLog.REGISTERS + 1, large.toBytes().length);
    assertEquals(small.estimate(), HyperLogLog.fromBytes(small.toBytes()).estimate());
    assertEquals(large.estimate(), HyperLogLog.fromBytes(large.toBytes()).estimate());
    assertEquals(0, HyperLogLog.fromBytes(new HyperLogLog().toBytes()).estimate());
  }

  @Test
  public void smallSetsAreNearlyExact() {
    HyperLogLog h = new HyperLogLog();
    for (int i = 0; i < 100; i++) {
      h.add("u" + i);
    }
    assertTrue(Math.abs(h.estimate() - 100) <= 2);
    assertEquals(0, new HyperLogLog().estimate());
  }

  @Test
  public void sketchesOfSeveralDaysMergeIntoTheRangeTotal() {
    HyperLogLog day1 = new HyperLogLog();
    HyperLogLog day2 = new HyperLogLog();
    HyperLogLog both = new HyperLogLog();
    for (int i = 0; i < 120_000; i++) {
      day1.add("u" + i);
      both.add("u" + i);
    }
    for (int i = 60_000; i < 200_000; i++) {
      day2.add("u" + i);
      both.add("u" + i);
    }
    HyperLogLog merged = HyperLogLog.fromBytes(day1.toBytes());
    merged.merge(HyperLogLog.fromBytes(day2.toBytes()));
    assertEquals(both.estimate(), merged.estimate());
    assertTrue(error(merged.estimate(), 200_000) <= HyperLogLog.RELATIVE_ERROR);
  }
}
