package io.chunkmill.common.input;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that the pieces of a bzip2 file read by different splits add up to the whole file.
 *
 * <p>Each split checks what it decodes: every block's CRC, the stream structure around its blocks
 * (a block is followed by another block or by an end-of-stream marker; a stream ends where the file
 * ends or the next stream begins), and the combined CRC of every stream whose header and end it
 * both read. A stream that runs over several splits is what no single split can check: a block
 * missing from its middle leaves every block CRC right. For such files each split reports the
 * {@link Segment}s it covered, and {@link #problems} puts them together: they must tile the file
 * from its first bit to its last, and the blocks' CRCs, folded in order, must give each stream's
 * stored combined CRC. That is a few dozen bytes a split, checked once, after the map phase.
 */
public final class Bzip2Integrity {
  private Bzip2Integrity() {}

  /**
   * What one split covered of one stream of a bzip2 file: bits {@code [fromBit, toBit)}, whether
   * that includes the stream's header ({@code opens}) and its end-of-stream marker
   * ({@code closes}, with the {@code storedCrc} read there), and the CRCs of the {@code blocks}
   * blocks it decoded, folded as bzip2 folds them ({@code crc}). {@code damaged} marks a split that
   * found the file damaged itself (and reported it).
   */
  public record Segment(String path, long fileBytes, long fromBit, long toBit, boolean opens, boolean closes,
      int blocks, int crc, int storedCrc, boolean damaged) {}

  /** bzip2's combined CRC after a block: the combined CRC so far rotated left by one, xor the block's CRC. */
  static int fold(int combined, int blockCrc) {
    return Integer.rotateLeft(combined, 1) ^ blockCrc;
  }

  /**
   * The files whose segments do not make a whole, undamaged file, with what is wrong. Files that a
   * split already found damaged are left out: that split reported them.
   */
  public static Map<String, String> problems(List<Segment> segments) {
    Map<String, List<Segment>> byFile = new TreeMap<>();
    for (Segment s : segments) {
      byFile.computeIfAbsent(s.path(), k -> new ArrayList<>()).add(s);
    }
    Map<String, String> problems = new TreeMap<>();
    for (Map.Entry<String, List<Segment>> e : byFile.entrySet()) {
      String problem = check(e.getValue());
      if (problem != null) {
        problems.put(e.getKey(), problem);
      }
    }
    return problems;
  }

  private static String check(List<Segment> file) {
    if (file.stream().anyMatch(Segment::damaged)) {
      return null;
    }
    List<Segment> sorted = new ArrayList<>(file);
    sorted.sort(Comparator.comparingLong(Segment::fromBit));
    long at = 0;
    boolean open = false;
    int combined = 0;
    for (Segment s : sorted) {
      if (s.fromBit() != at) {
        return s.fromBit() > at
            ? "bits " + at + " to " + s.fromBit() + " were read by no split (a damaged or missing block)"
            : "bits from " + s.fromBit() + " were read twice";
      }
      if (s.opens() == open) {
        return open ? "a stream header at bit " + s.fromBit() + " inside a stream"
            : "data at bit " + s.fromBit() + " outside any stream";
      }
      if (s.opens()) {
        combined = 0;
      }
      combined = Integer.rotateLeft(combined, s.blocks() % 32) ^ s.crc();
      open = true;
      if (s.closes()) {
        if (combined != s.storedCrc()) {
          return String.format("the stream that ends at bit %d has combined CRC %08x, its blocks give %08x"
              + " (a block is missing or out of place)", s.toBit(), s.storedCrc(), combined);
        }
        open = false;
      }
      at = s.toBit();
    }
    long bits = sorted.get(0).fileBytes() * 8;
    if (open || at != bits) {
      return "the file ends inside a bzip2 stream (truncated)";
    }
    return null;
  }
}
