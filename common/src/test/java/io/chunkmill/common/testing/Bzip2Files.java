package io.chunkmill.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** bzip2 files for tests: several streams, small blocks, and damage at exact bit positions. */
public final class Bzip2Files {
  private static final long BLOCK_MAGIC = 0x314159265359L;
  private static final long MASK48 = (1L << 48) - 1;

  private Bzip2Files() {}

  /** One bzip2 stream of {@code content}, blocks of {@code level} x 100 kB of input (1..9). */
  public static byte[] stream(byte[] content, int level) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bytes, level)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  /** An empty bzip2 stream, what {@code bzip2 </dev/null} writes (14 bytes). */
  public static byte[] emptyStream() throws IOException {
    return stream(new byte[0], 9);
  }

  /** The streams one after the other, as {@code cat a.bz2 b.bz2} writes them. */
  public static byte[] concat(byte[]... streams) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] s : streams) {
      all.writeBytes(s);
    }
    return all.toByteArray();
  }

  /** Bit positions of the block markers in {@code file} (found by scanning, as a splitting reader does). */
  public static List<Long> blockStarts(byte[] file) {
    return markers(file, BLOCK_MAGIC);
  }

  /** Bit positions of the end-of-stream markers in {@code file}. */
  public static List<Long> streamEnds(byte[] file) {
    return markers(file, 0x177245385090L);
  }

  private static List<Long> markers(byte[] file, long magic) {
    List<Long> starts = new ArrayList<>();
    long window = 0;
    for (long bit = 0; bit < file.length * 8L; bit++) {
      window = ((window << 1) | bit(file, bit)) & MASK48;
      if (bit >= 47 && window == magic) {
        starts.add(bit - 47);
      }
    }
    return starts;
  }

  /** The first {@code bits} bits of {@code file}, the rest of the last byte zero. */
  public static byte[] cutAt(byte[] file, long bits) {
    byte[] out = new byte[(int) ((bits + 7) / 8)];
    for (long b = 0; b < bits; b++) {
      setBit(out, b, bit(file, b));
    }
    return out;
  }

  /**
   * {@code file} without the bits {@code [from, to)}, its last stream padded anew with zero bits
   * to a whole byte (so that nothing but the missing bits gives the damage away).
   */
  public static byte[] removeBits(byte[] file, long from, long to) {
    List<Long> ends = streamEnds(file);
    long used = ends.get(ends.size() - 1) + 80;
    long total = used - (to - from);
    byte[] out = new byte[(int) ((total + 7) / 8)];
    long o = 0;
    for (long b = 0; b < used; b++) {
      if (b < from || b >= to) {
        setBit(out, o++, bit(file, b));
      }
    }
    return out;
  }

  private static int bit(byte[] file, long bit) {
    return (file[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
  }

  private static void setBit(byte[] out, long bit, int value) {
    if (value != 0) {
      out[(int) (bit >>> 3)] |= (byte) (1 << (7 - (int) (bit & 7)));
    }
  }
}
