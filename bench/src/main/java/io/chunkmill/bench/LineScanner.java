package io.chunkmill.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into LF-terminated lines and hands each to a sink in place, from one reused
 * buffer: the least a line reader can do, so that the floor measures parsing, not line reading.
 * A line is given without its LF; a final line without a newline is a line too; what follows the
 * last LF is no line when it is empty (as in Hadoop's line readers).
 */
final class LineScanner {
  /** Receives one line: {@code buf[off..off+len)}, valid only during the call. */
  interface Sink {
    void line(byte[] buf, int off, int len);
  }

  private byte[] buf = new byte[1 << 16];

  void scan(InputStream in, Sink sink) throws IOException {
    int start = 0;
    int end = 0;
    while (true) {
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        if (end > start) {
          sink.line(buf, start, end - start);
        }
        return;
      }
      int from = end;
      end += n;
      for (int i = from; i < end; i++) {
        if (buf[i] == '\n') {
          sink.line(buf, start, i - start);
          start = i + 1;
        }
      }
      if (start == end) {
        start = 0;
        end = 0;
      } else if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      } else if (end == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
      }
    }
  }
}
