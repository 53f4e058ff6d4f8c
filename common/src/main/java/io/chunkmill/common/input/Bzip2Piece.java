package io.chunkmill.common.input;

import io.chunkmill.common.input.Bzip2Integrity.Segment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * The decompressed bytes that one piece {@code [start, end)} of a bzip2 file owns, checked.
 *
 * <p>A piece owns the blocks whose 48-bit block marker begins in a byte of {@code [start, end)};
 * it finds the first by scanning for the marker (as Hadoop does), then walks block by block, so
 * each block belongs to exactly one piece whatever the streams around it (empty streams, many
 * small concatenated streams). Hadoop's own splitting reader gets that wrong when a file starts
 * with an empty stream (the first split reads the first block wherever it is, and so does the
 * split that owns it), and it checks neither end-of-stream markers nor combined CRCs.
 *
 * <p>Each block is decoded whole before any of its bytes is handed out, by Apache Commons
 * Compress's decoder fed a one-block stream made of the block's bits, which checks the block's
 * CRC; a block's end is where the next block or end-of-stream marker begins (a marker pattern
 * inside compressed data, a 2^-48 event per bit, is passed over because the cut block does not
 * decode). Around its blocks the piece checks the stream structure, and the combined CRC of every
 * stream it reads from header to end; what spans pieces is put together by {@link Bzip2Integrity}.
 *
 * <p>{@link #decoded()} continues past the owned blocks into the following ones, for the line
 * that the piece's last block leaves unfinished; {@link #owns} says which line starts are the
 * piece's.
 */
final class Bzip2Piece {
  static final long BLOCK_MAGIC = 0x314159265359L;
  static final long EOS_MAGIC = 0x177245385090L;
  private static final long MASK48 = (1L << 48) - 1;
  /** Longer than any compressed block: 900,000 symbols of at most 20 bits, plus the tables. */
  private static final long MAX_BLOCK_BITS = 8L * 2_400_000;

  private final FSDataInputStream in;
  private final String path;
  private final long fileBytes;
  private final long start;
  private final long end;

  /** Compressed bytes around the read position: at least a block ahead, each byte read once. */
  private byte[] window;
  private long windowStart;
  private int windowLength;
  /** How much {@link #ensure} reads beyond what it is asked for. */
  private int readAhead = 1 << 20;

  /** Bit position of the next block to decode; -1 when the file has no more. */
  private long next = -1;
  private boolean nextOwned;
  private boolean ownsFileStart;
  private long firstOwnedBit = -1;
  private boolean ownershipEnded;
  private long ownedEnd = -1;
  /** Position of the block being read, for progress. */
  private long currentBit;

  private byte[] data = new byte[1 << 16];
  private int dataLength;
  private int dataPos;
  /** Decoded bytes before the current block's, counted from the first owned block. */
  private long dataStart;

  private final List<Segment> segments = new ArrayList<>();
  private long segFrom = -1;
  private boolean segOpens;
  private int segBlocks;
  private int segCrc;

  Bzip2Piece(FSDataInputStream in, String path, long fileBytes, long start, long end) {
    this.in = in;
    this.path = path;
    this.fileBytes = fileBytes;
    this.start = start;
    this.end = Math.min(end, fileBytes);
    this.window = new byte[(int) Math.min(fileBytes, 1 << 16)];
  }

  /** Finds the piece's first block; a piece may own none. */
  void open() throws IOException {
    if (start == 0) {
      long first = walkHeaders(0, true);
      claim(first);
      ownsFileStart = nextOwned;
    } else {
      long candidate = scan(8 * start, 8 * end, false);
      if (candidate < 0) {
        ownershipEnded = true;
        return;
      }
      readAhead = 64; // only the streams' headers at the start of the file
      ownsFileStart = candidate == walkHeaders(0, false);
      readAhead = 1 << 20;
      segFrom = candidate;
      segOpens = false;
      next = candidate;
      nextOwned = true;
    }
    if (nextOwned) {
      firstOwnedBit = next;
    } else {
      endOwnership(next < 0 ? 8 * fileBytes : next);
    }
  }

  /** Whether the first decoded byte is the file's first (so that no partial line precedes it). */
  boolean ownsFileStart() {
    return ownsFileStart;
  }

  /** The compressed byte holding the first bit of the first owned block; 0 before any is found. */
  long firstBlockByte() {
    return Math.max(0, firstOwnedBit) / 8;
  }

  /** Whether a line starting at decoded byte {@code x} (counted like {@link #decoded()}) is this piece's. */
  boolean owns(long x) {
    return firstOwnedBit >= 0 && (!ownershipEnded || x <= ownedEnd);
  }

  /** Compressed bytes of the piece behind the block being read, for progress. */
  long consumed() {
    return Math.max(0, Math.min(end, currentBit / 8) - start);
  }

  /** Whether the block being read is one the piece owns (not one it reads to finish its last line). */
  boolean inOwnedPart() {
    return !ownershipEnded;
  }

  /** What the piece covered, for {@link Bzip2Integrity}; complete once its owned blocks are read. */
  List<Segment> segments() {
    return segments;
  }

  /** Whether the piece reads the whole file, so that it checked everything itself. */
  boolean wholeFile() {
    return start == 0 && end >= fileBytes;
  }

  /** The decoded bytes from the first owned block on. */
  InputStream decoded() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (dataPos == dataLength) {
          if (!advance()) {
            return -1;
          }
        }
        int n = Math.min(len, dataLength - dataPos);
        System.arraycopy(data, dataPos, b, off, n);
        dataPos += n;
        return n;
      }
    };
  }

  /** Decodes the next block; false at the end of the file or when the piece owns no block. */
  private boolean advance() throws IOException {
    if (next < 0 || firstOwnedBit < 0) {
      if (!ownershipEnded) {
        endOwnership(8 * fileBytes);
      }
      return false;
    }
    long p = next;
    boolean owned = nextOwned;
    if (!owned && !ownershipEnded) {
      endOwnership(p);
    }
    currentBit = p;
    dataStart += dataLength;
    int crc = bits(p + 48, 32);
    long q = decodeBlock(p, crc);
    dataPos = 0;
    if (owned) {
      segBlocks++;
      segCrc = Bzip2Integrity.fold(segCrc, crc);
    }
    claim(follow(q, owned));
    nextOwned &= owned;
    return true;
  }

  /** Makes the block at bit {@code p} (or the end of the file, -1) the next one. */
  private void claim(long p) {
    next = p;
    nextOwned = p >= 0 && p / 8 < end;
  }

  private void endOwnership(long atBit) {
    ownershipEnded = true;
    ownedEnd = dataStart + dataLength;
    if (segFrom >= 0) {
      segments.add(new Segment(path, fileBytes, segFrom, atBit, segOpens, false, segBlocks, segCrc, 0, false));
      segFrom = -1;
    }
  }

  /**
   * Reads what follows the block that ends at bit {@code q}: another block, or an end-of-stream
   * marker and what follows the stream. Returns the next block's bit position, or -1 at the end of
   * the file. {@code record}: the piece covers this stretch (it follows an owned block).
   */
  private long follow(long q, boolean record) throws IOException {
    return nextBlock(q, false, record);
  }

  /**
   * From byte {@code at}, where a stream must begin (or the file end), walks stream headers and
   * empty streams to the next block; returns its bit position, or -1 at the end of the file.
   */
  private long walkHeaders(long at, boolean record) throws IOException {
    return at >= fileBytes ? -1 : nextBlock(header(at, record), true, record);
  }

  /**
   * From bit {@code q}, where a block or an end-of-stream marker must begin ({@code afterHeader}:
   * right after a stream header), walks end-of-stream markers and the streams after them to the
   * next block; returns its bit position, or -1 at the end of the file.
   */
  private long nextBlock(long q, boolean afterHeader, boolean record) throws IOException {
    while (true) {
      long marker = bits48(q, afterHeader ? "after the stream header at byte " + (q / 8 - 4)
          : "after the block that ends at bit " + q);
      if (marker == BLOCK_MAGIC) {
        return q;
      }
      if (marker != EOS_MAGIC) {
        throw new IOException("no block or end-of-stream marker at bit " + q);
      }
      int stored = bits(q + 48, 32);
      if (afterHeader && stored != 0) {
        throw new IOException("an empty stream at byte " + (q / 8 - 4) + " has combined CRC "
            + Integer.toHexString(stored));
      }
      long padded = (q + 80 + 7) & ~7L;
      if (record) {
        closeStream(stored, padded);
      }
      if (padded / 8 >= fileBytes) {
        return -1;
      }
      q = header(padded / 8, record);
      afterHeader = true;
    }
  }

  /** Checks the stream header at byte {@code at} (opening a segment when recording); returns the bit after it. */
  private long header(long at, boolean record) throws IOException {
    if (!ensure(at, 4) || window[(int) (at - windowStart)] != 'B' || window[(int) (at - windowStart) + 1] != 'Z'
        || window[(int) (at - windowStart) + 2] != 'h' || window[(int) (at - windowStart) + 3] < '1'
        || window[(int) (at - windowStart) + 3] > '9') {
      throw new IOException("no bzip2 stream header at byte " + at + " (damaged, or data after the last stream)");
    }
    if (record) {
      segFrom = 8 * at;
      segOpens = true;
      segBlocks = 0;
      segCrc = 0;
    }
    return 8 * (at + 4);
  }

  private void closeStream(int stored, long toBit) throws IOException {
    if (segOpens && segCrc != stored) {
      throw new IOException(String.format("the stream that ends at bit %d has combined CRC %08x, its blocks"
          + " give %08x (a block is missing or out of place)", toBit, stored, segCrc));
    }
    segments.add(new Segment(path, fileBytes, segFrom, toBit, segOpens, true, segBlocks, segCrc, stored, false));
    segFrom = -1;
  }

  /**
   * Decodes the block at bit {@code p} into {@link #data}; returns the bit where it ends. Its end
   * is taken to be the next marker that lets it decode (see the class comment).
   */
  private long decodeBlock(long p, int crc) throws IOException {
    ensure(p / 8, (int) Math.min(MAX_BLOCK_BITS / 8 + 16, fileBytes - p / 8));
    long from = p + 80;
    IOException last = null;
    while (true) {
      long q = scan(from, p + MAX_BLOCK_BITS, true);
      long to = q < 0 ? 8 * fileBytes : q;
      try {
        decodeRange(p, to, crc);
        return to;
      } catch (IOException e) {
        last = e;
      }
      if (q < 0) {
        throw new IOException("the bzip2 block at bit " + p + " does not decode (damaged or truncated): "
            + last.getMessage(), last);
      }
      from = q + 1;
    }
  }

  /** Decodes bits {@code [p, q)}, one block, as a stream of its own whose combined CRC is the block's. */
  private void decodeRange(long p, long q, int crc) throws IOException {
    long bits = q - p;
    byte[] stream = new byte[(int) ((32 + bits + 80 + 7) / 8)];
    stream[0] = 'B';
    stream[1] = 'Z';
    stream[2] = 'h';
    stream[3] = '9';
    long firstByte = p / 8;
    int shift = (int) (p & 7);
    int whole = (int) ((bits + 7) / 8);
    if (!ensure(firstByte, (int) Math.min(whole + 1, fileBytes - firstByte))) {
      throw new IOException("the file ends inside the block at bit " + p);
    }
    int base = (int) (firstByte - windowStart);
    int available = (int) Math.min(windowLength - base, fileBytes - firstByte);
    for (int j = 0; j < whole; j++) {
      int hi = window[base + j] & 0xff;
      int lo = j + 1 < available ? window[base + j + 1] & 0xff : 0;
      stream[4 + j] = (byte) ((hi << shift) | (lo >>> (8 - shift)));
    }
    int tail = (int) (bits & 7);
    if (tail != 0) {
      stream[4 + whole - 1] &= (byte) (0xff << (8 - tail));
    }
    long at = 32 + bits;
    at = put(stream, at, EOS_MAGIC, 48);
    put(stream, at, crc & 0xffffffffL, 32);
    try (BZip2CompressorInputStream decoder = new BZip2CompressorInputStream(new ByteArrayInputStream(stream), false)) {
      dataLength = 0;
      int n;
      while ((n = decoder.read(data, dataLength, data.length - dataLength)) >= 0) {
        dataLength += n;
        if (dataLength == data.length) {
          data = Arrays.copyOf(data, data.length * 2);
        }
      }
    } catch (RuntimeException e) { // the decoder throws these too on some damage
      throw new IOException(e.toString(), e);
    }
  }

  private static long put(byte[] out, long bit, long value, int count) {
    for (int i = count - 1; i >= 0; i--, bit++) {
      if (((value >>> i) & 1) != 0) {
        out[(int) (bit >>> 3)] |= (byte) (0x80 >>> (int) (bit & 7));
      }
    }
    return bit;
  }

  /**
   * The first bit at or after {@code fromBit} and before {@code limitBit} where a block marker (or,
   * with {@code endToo}, an end-of-stream marker) begins; -1 if none.
   */
  private long scan(long fromBit, long limitBit, boolean endToo) throws IOException {
    long acc = 0;
    for (long i = fromBit >>> 3; i < fileBytes; i++) {
      if (i < windowStart || i >= windowStart + windowLength) {
        ensure(i, 1);
      }
      acc = (acc << 8) | (window[(int) (i - windowStart)] & 0xff);
      long lowest = 8 * i - 40; // where a marker ending at the last bit of byte i begins (k = 0)
      if (lowest - 7 >= limitBit) {
        return -1;
      }
      for (int k = 7; k >= 0; k--) {
        long s = lowest - k;
        if (s < fromBit || s >= limitBit) {
          continue;
        }
        long v = (acc >>> k) & MASK48;
        if (v == BLOCK_MAGIC || (endToo && v == EOS_MAGIC)) {
          return s;
        }
      }
    }
    return -1;
  }

  private long bits48(long bit, String where) throws IOException {
    if (bit + 48 > 8 * fileBytes) {
      throw new IOException("the file ends " + where + ", without an end-of-stream marker (truncated)");
    }
    return ((long) bits(bit, 24) << 24) | bits(bit + 24, 24);
  }

  /** {@code count} (at most 32) bits from bit {@code bit}, which must lie inside the file. */
  private int bits(long bit, int count) throws IOException {
    if (bit + count > 8 * fileBytes || !ensure(bit >>> 3, (int) (((bit & 7) + count + 7) / 8))) {
      throw new IOException("the file ends at byte " + fileBytes + ", inside a bzip2 stream (truncated)");
    }
    long v = 0;
    int base = (int) ((bit >>> 3) - windowStart);
    int bytes = (int) (((bit & 7) + count + 7) / 8);
    for (int j = 0; j < bytes; j++) {
      v = (v << 8) | (window[base + j] & 0xff);
    }
    int drop = bytes * 8 - (int) (bit & 7) - count;
    return (int) ((v >>> drop) & ((1L << count) - 1));
  }

  /**
   * Makes the window hold bytes {@code [at, at + length)} (reading ahead); false if the file is
   * shorter. What the window already holds from {@code at} on is kept, not read again.
   */
  private boolean ensure(long at, int length) throws IOException {
    if (at >= windowStart && at + length <= windowStart + windowLength) {
      return true;
    }
    if (at + length > fileBytes) {
      return false;
    }
    int want = (int) Math.min(Math.max((long) length, readAhead), fileBytes - at);
    int keep = 0;
    if (at >= windowStart && at < windowStart + windowLength) {
      keep = (int) (windowStart + windowLength - at);
    }
    byte[] target = want > window.length ? new byte[Math.max(want, Math.min(2 * window.length, 4 << 20))] : window;
    if (keep > 0) {
      System.arraycopy(window, (int) (at - windowStart), target, 0, keep);
    }
    window = target;
    in.seek(at + keep);
    in.readFully(window, keep, want - keep);
    windowStart = at;
    windowLength = want;
    return true;
  }
}
