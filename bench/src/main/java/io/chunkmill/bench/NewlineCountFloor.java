package io.chunkmill.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Contender 5, the I/O floor: reads (and decompresses) every byte of the input and counts lines,
 * nothing else. The time any reader of these files must spend; not compared for correctness
 * beyond its line count.
 *
 * <p>Usage: {@code NewlineCountFloor <input>...}.
 */
public final class NewlineCountFloor {
  private NewlineCountFloor() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: NewlineCountFloor <input>...");
      System.exit(2);
    }
    long started = System.nanoTime();
    List<Path> files = InputFiles.list(Arrays.asList(args));
    byte[] buf = new byte[1 << 20];
    long lines = 0;
    long bytes = 0;
    for (Path file : files) {
      byte last = '\n';
      try (InputStream in = InputFiles.open(file)) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              lines++;
            }
          }
          if (n > 0) {
            last = buf[n - 1];
            bytes += n;
          }
        }
      }
      if (last != '\n') {
        lines++; // a last line without its newline
      }
    }
    System.out.printf(Locale.ROOT, "newline-count-floor: %d files; lines_read %d; %d bytes decompressed; %.1f s%n",
        files.size(), lines, bytes, (System.nanoTime() - started) / 1e9);
  }
}
