package io.chunkmill.jobs.distinct;

import java.nio.charset.StandardCharsets;

/**
 * A HyperLogLog sketch of distinct strings: 2^{@value #PRECISION} one-byte registers, mergeable by
 * register-wise maximum (so that days add up to a range). Its standard error relative to the true
 * count is 1.04/sqrt(registers), about 0.81%; {@link #RELATIVE_ERROR} states three of those
 * (the estimate is within it with 99.7% probability).
 */
public final class HyperLogLog {
  public static final int PRECISION = 14;
  public static final int REGISTERS = 1 << PRECISION;
  public static final double STANDARD_ERROR = 1.04 / Math.sqrt(REGISTERS);
  public static final double RELATIVE_ERROR = 3 * STANDARD_ERROR;

  private final byte[] registers;

  public HyperLogLog() {
    this(new byte[REGISTERS]);
  }

  private HyperLogLog(byte[] registers) {
    this.registers = registers;
  }

  private static final byte DENSE = 0;
  private static final byte SPARSE = 1;

  /** A sketch read from {@link #toBytes()}. */
  public static HyperLogLog fromBytes(byte[] bytes) {
    byte[] registers = new byte[REGISTERS];
    if (bytes.length == REGISTERS + 1 && bytes[0] == DENSE) {
      System.arraycopy(bytes, 1, registers, 0, REGISTERS);
    } else if (bytes.length % 3 == 1 && bytes[0] == SPARSE) {
      for (int i = 1; i < bytes.length; i += 3) {
        int index = ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        if (index >= REGISTERS) {
          throw new IllegalArgumentException("not a sketch: register " + index);
        }
        registers[index] = bytes[i + 2];
      }
    } else {
      throw new IllegalArgumentException("not a sketch of " + REGISTERS + " registers (" + bytes.length + " bytes)");
    }
    return new HyperLogLog(registers);
  }

  /**
   * The registers, dense (a marker and one byte each) or, when few are set, sparse (a marker and
   * three bytes per set register): a url with a few users costs a few bytes in the shuffle and in
   * the output, not 16 KiB.
   */
  public byte[] toBytes() {
    int set = 0;
    for (byte r : registers) {
      if (r != 0) {
        set++;
      }
    }
    if (3 * set >= REGISTERS) {
      byte[] dense = new byte[REGISTERS + 1];
      dense[0] = DENSE;
      System.arraycopy(registers, 0, dense, 1, REGISTERS);
      return dense;
    }
    byte[] sparse = new byte[1 + 3 * set];
    sparse[0] = SPARSE;
    int at = 1;
    for (int i = 0; i < REGISTERS; i++) {
      if (registers[i] != 0) {
        sparse[at++] = (byte) (i >>> 8);
        sparse[at++] = (byte) i;
        sparse[at++] = registers[i];
      }
    }
    return sparse;
  }

  public void add(String value) {
    long h = hash(value);
    int index = (int) (h >>> (64 - PRECISION));
    long rest = (h << PRECISION) | (1L << (PRECISION - 1));
    byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
    if (rank > registers[index]) {
      registers[index] = rank;
    }
  }

  public void merge(HyperLogLog other) {
    for (int i = 0; i < REGISTERS; i++) {
      if (other.registers[i] > registers[i]) {
        registers[i] = other.registers[i];
      }
    }
  }

  /** The estimated number of distinct values added. */
  public long estimate() {
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += 1.0 / (1L << r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
    double raw = alpha * REGISTERS * (double) REGISTERS / sum;
    if (raw <= 2.5 * REGISTERS && zeros > 0) {
      return Math.round(REGISTERS * Math.log((double) REGISTERS / zeros)); // linear counting for small sets
    }
    return Math.round(raw);
  }

  /** 64-bit FNV-1a over the UTF-8 bytes, then MurmurHash3's finalizer to spread the bits. */
  static long hash(String value) {
    long h = 0xcbf29ce484222325L;
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
