package io.chunkmill.common.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads LF-terminated lines from a stream, holding at most {@code limit + 1} bytes of any line
 * however long it is, and counting what it consumes in {@code long}s.
 *
 * <p>Hadoop's {@code LineReader} cannot serve here: it fails a line of 2 GiB or more ("Too many
 * bytes before delimiter": its byte budget is an {@code int}) and keeps a CR that ends a file.
 *
 * <p>A line is given without its terminator: the LF, a CR before it, and a CR that ends the stream
 * (the contract's line ends). What follows the last LF is a line only when it is not empty.
 */
final class BoundedLineReader {
  private final InputStream in;
  private final int hold;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int end;
  private boolean eof;

  private byte[] line = new byte[1024];
  private int held;
  private long length;

  /** @param limit the longest line kept whole; longer lines keep their first {@code limit + 1} bytes */
  BoundedLineReader(InputStream in, int limit) {
    this.in = in;
    this.hold = limit + 1; // the limit is at most 1 GiB (InputConfig), so this cannot overflow
  }

  /** The current line's bytes: {@code bytes()[0 .. heldLength())}. */
  byte[] bytes() {
    return line;
  }

  /** Bytes of the current line held: all of it, or its first {@code limit + 1} bytes. */
  int heldLength() {
    return held;
  }

  /** The current line's length without its terminator, however long. */
  long length() {
    return length;
  }

  /**
   * Reads the next line.
   *
   * @return the bytes consumed, terminator included; 0 at the end of the stream (no line)
   */
  long readLine() throws IOException {
    held = 0;
    long raw = 0;
    int last = -1;
    boolean terminated = false;
    while (!terminated) {
      if (pos == end && !fill()) {
        break;
      }
      int i = pos;
      byte[] b = buf;
      int stop = end;
      while (i < stop && b[i] != '\n') {
        i++;
      }
      int n = i - pos;
      if (n > 0) {
        keep(pos, n);
        raw += n;
        last = b[i - 1];
      }
      terminated = i < stop;
      pos = terminated ? i + 1 : i;
    }
    if (raw == 0 && !terminated) {
      length = 0;
      return 0;
    }
    length = last == '\r' ? raw - 1 : raw;
    held = (int) Math.min(held, length);
    return terminated ? raw + 1 : raw;
  }

  /** Consumes everything through the next LF (or to the end); returns the bytes consumed. */
  long skipLine() throws IOException {
    long skipped = 0;
    while (pos < end || fill()) {
      int i = pos;
      while (i < end && buf[i] != '\n') {
        i++;
      }
      if (i < end) {
        skipped += i + 1 - pos;
        pos = i + 1;
        return skipped;
      }
      skipped += end - pos;
      pos = end;
    }
    return skipped;
  }

  /** Consumes a UTF-8 byte-order mark if the stream continues with one; returns the bytes consumed. */
  int skipByteOrderMark() throws IOException {
    while (end - pos < 3 && !eof) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, end - pos);
        end -= pos;
        pos = 0;
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
      } else {
        end += n;
      }
    }
    if (end - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
      pos += 3;
      return 3;
    }
    return 0;
  }

  private void keep(int from, int n) {
    int room = hold - held;
    if (room <= 0) {
      return;
    }
    int take = Math.min(room, n);
    if (held + take > line.length) {
      line = Arrays.copyOf(line, (int) Math.min(hold, Math.max((long) line.length * 2, held + take)));
    }
    System.arraycopy(buf, from, line, held, take);
    held += take;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    pos = 0;
    if (n < 0) {
      end = 0;
      eof = true;
      return false;
    }
    end = n;
    return true;
  }
}
