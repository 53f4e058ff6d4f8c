package io.chunkmill.jobs.distinct;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.hadoop.conf.Configuration;

/** The sketches of {@code distinct --approx}: Apache DataSketches HLL, their type, size and stored form. */
final class Sketches {
  /** log2 of the sketch's registers: 4..21; 12 gives about 1.6% relative standard error. */
  static final String LG_K = "chunkmill.distinct.lgk";
  static final int DEFAULT_LG_K = 12;
  /** 4 bits a register, the most compact of the library's types (any type reads and unions any other). */
  static final TgtHllType TYPE = TgtHllType.HLL_4;

  // Offsets and flags of the library's compact serialization (its PreambleUtil, serial version 1).
  private static final int FLAGS_BYTE = 5;
  private static final int MODE_BYTE = 7;
  private static final int OUT_OF_ORDER_FLAG = 16;
  private static final int LIST_START = 8;
  private static final int SET_START = 12;
  private static final int HIP_ACCUM = 8;
  private static final int HLL_START = 40;

  private Sketches() {}

  static int lgK(Configuration conf) {
    int lgK = conf.getInt(LG_K, DEFAULT_LG_K);
    if (lgK < 4 || lgK > 21) {
      throw new IllegalArgumentException(LG_K + " (--lg-k) is between 4 and 21, was " + lgK);
    }
    return lgK;
  }

  /**
   * The sketch's compact image in a form that depends only on the users it holds, not on the
   * order they came in. The library's image depends on that order in three places: a sparse
   * sketch lists its coupons in arrival order (in hash-slot order once it holds a set), a dense
   * HLL_4 sketch lists its exception registers in hash-slot order, and a dense sketch carries the
   * HIP accumulator, an estimator of the sketch's own update order (a union copies its first
   * dense input's). The shuffle delivers a day's sketches in no fixed order and an update merges
   * other pieces than a recomputation, so the same users would be stored as different bytes with
   * slightly different estimates. Here the coupons and exceptions are sorted and a dense sketch is
   * marked out of order, which is what every union of two dense sketches is, so that every reader
   * takes the composite estimate, a function of the registers; the accumulator is set to that
   * estimate. The library reads the image back as it reads its own (a set of coupons and a table
   * of exceptions are rebuilt from their entries in any order). The other header fields follow
   * from the entries (a table grows at fixed counts), which the tests check over orders and pieces.
   */
  static byte[] canonical(HllSketch sketch) {
    byte[] image = sketch.toCompactByteArray();
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int start;
    switch (image[MODE_BYTE] & 3) {
      case 0:
        start = LIST_START;
        break;
      case 1:
        start = SET_START;
        break;
      default:
        image[FLAGS_BYTE] |= OUT_OF_ORDER_FLAG;
        b.putDouble(HIP_ACCUM, HllSketch.heapify(image).getCompositeEstimate());
        if (sketch.getTgtHllType() != TgtHllType.HLL_4) {
          return image;
        }
        start = HLL_START + (1 << sketch.getLgConfigK()) / 2;
    }
    int[] entries = new int[(image.length - start) / Integer.BYTES];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = b.getInt(start + i * Integer.BYTES);
    }
    Arrays.sort(entries);
    for (int i = 0; i < entries.length; i++) {
      b.putInt(start + i * Integer.BYTES, entries[i]);
    }
    return image;
  }
}
