package io.chunkmill.jobs.distinct;

import org.apache.datasketches.hll.TgtHllType;
import org.apache.hadoop.conf.Configuration;

/** The sketches of {@code distinct --approx}: Apache DataSketches HLL, their type and size. */
final class Sketches {
  /** log2 of the sketch's registers: 4..21; 12 gives about 1.6% relative standard error. */
  static final String LG_K = "chunkmill.distinct.lgk";
  static final int DEFAULT_LG_K = 12;
  /** 4 bits a register, the most compact of the library's types (any type reads and unions any other). */
  static final TgtHllType TYPE = TgtHllType.HLL_4;

  private Sketches() {}

  static int lgK(Configuration conf) {
    int lgK = conf.getInt(LG_K, DEFAULT_LG_K);
    if (lgK < 4 || lgK > 21) {
      throw new IllegalArgumentException(LG_K + " (--lg-k) is between 4 and 21, was " + lgK);
    }
    return lgK;
  }
}
