package io.chunkmill.common.input;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.testing.Chunks;
import io.chunkmill.common.testing.Chunks.Message;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.io.compress.bzip2.CBZip2OutputStream;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * For random files, random cuts of those files into pieces, random groupings of the pieces into
 * splits and random chunk sizes, every line is delivered exactly once, with its bytes and offset.
 */
public class ExactlyOnceRandomizedTest {
  private static final int LAYOUTS = 400;
  private static final int MAX_BYTES = 300;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** A file on disk and the lines it holds, with their decompressed offsets. */
  private record TestFile(Path path, long length, boolean splittable, boolean exactOffsets, List<Line> lines) {}

  private record Line(long offset, byte[] bytes, boolean tooLong) {}

  @Test
  public void everyLineIsDeliveredExactlyOnceWithItsOffset() throws IOException {
    long seed = Long.getLong("chunkmill.test.seed", System.nanoTime());
    Random random = new Random(seed);
    Configuration conf = new Configuration(false);
    conf.set("io.compression.codecs", GzipCodec.class.getName() + "," + BZip2Codec.class.getName());
    conf.setInt(InputConfig.MESSAGE_MAX_BYTES, MAX_BYTES);

    List<TestFile> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(makeFile(random, conf, i, i % 6 == 4 ? "gz" : i % 6 == 5 ? "bz2" : "plain"));
    }
    int linesChecked = 0;
    for (int layout = 0; layout < LAYOUTS; layout++) {
      conf.setInt(InputConfig.CHUNK_MESSAGES, 1 + random.nextInt(random.nextBoolean() ? 5 : 500));
      conf.setInt(InputConfig.CHUNK_BYTES, 1 + random.nextInt(random.nextBoolean() ? 400 : 100_000));
      List<TestFile> chosen = new ArrayList<>();
      for (TestFile f : files) {
        if (random.nextInt(3) > 0) {
          chosen.add(f);
        }
      }
      List<Object[]> pieces = new ArrayList<>();
      for (TestFile f : chosen) {
        for (long[] range : cut(random, f)) {
          pieces.add(new Object[] {f, range});
        }
      }
      Collections.shuffle(pieces, random);
      Map<String, List<Message>> delivered = new HashMap<>();
      int at = 0;
      while (at < pieces.size()) {
        int n = 1 + random.nextInt(Math.min(6, pieces.size() - at));
        Path[] paths = new Path[n];
        long[] starts = new long[n];
        long[] lengths = new long[n];
        for (int k = 0; k < n; k++) {
          Object[] p = pieces.get(at + k);
          long[] range = (long[]) p[1];
          paths[k] = ((TestFile) p[0]).path();
          starts[k] = range[0];
          lengths[k] = range[1] - range[0];
        }
        at += n;
        for (Message m : Chunks.read(conf, new CombineFileSplit(paths, starts, lengths, new String[0])).messages()) {
          delivered.computeIfAbsent(m.file(), k -> new ArrayList<>()).add(m);
        }
      }
      for (TestFile f : chosen) {
        List<Message> got = delivered.getOrDefault(f.path().toString(), new ArrayList<>());
        String where = "seed " + seed + ", layout " + layout + ", " + f.path().getName();
        assertEquals(where + ": lines delivered", f.lines().size(), got.size());
        if (f.exactOffsets()) {
          got.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        } else {
          got.sort((a, b) -> a.offsetBase() != b.offsetBase()
              ? Long.compare(a.offsetBase(), b.offsetBase()) : Long.compare(a.offset(), b.offset()));
        }
        for (int i = 0; i < got.size(); i++) {
          Line want = f.lines().get(i);
          Message m = got.get(i);
          if (f.exactOffsets() || m.offsetBase() == 0) {
            assertEquals(where + ": offset of line " + i, want.offset(), m.offset());
          }
          assertEquals(where + ": too long, line " + i, want.tooLong(), m.tooLong());
          byte[] expected = want.tooLong()
              ? Arrays.copyOf(want.bytes(), Math.min(MAX_BYTES + 1, InputConfig.KEPT_PREFIX_BYTES)) : want.bytes();
          assertTrue(where + ": bytes of line " + i, Arrays.equals(expected, m.bytes()));
        }
        linesChecked += got.size();
      }
    }
    assertTrue(linesChecked > LAYOUTS * 100);
  }

  /** Cuts a file into random contiguous byte ranges covering it; unsplittable files stay whole. */
  private static List<long[]> cut(Random random, TestFile f) {
    List<long[]> ranges = new ArrayList<>();
    if (!f.splittable() || f.length() < 2) {
      ranges.add(new long[] {0, f.length()});
      return ranges;
    }
    int cuts = random.nextInt(6);
    long[] points = new long[cuts + 2];
    points[0] = 0;
    points[cuts + 1] = f.length();
    for (int i = 1; i <= cuts; i++) {
      points[i] = 1 + (long) (random.nextDouble() * (f.length() - 1));
    }
    Arrays.sort(points);
    for (int i = 0; i + 1 < points.length; i++) {
      if (points[i + 1] > points[i]) {
        ranges.add(new long[] {points[i], points[i + 1]});
      }
    }
    return ranges;
  }

  private TestFile makeFile(Random random, Configuration conf, int index, String kind) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    List<Line> lines = new ArrayList<>();
    int target = kind.equals("bz2") ? 250_000 + random.nextInt(100_000) : random.nextInt(8_000);
    while (content.size() < target) {
      int len = switch (random.nextInt(10)) {
        case 0 -> 0;
        case 1 -> MAX_BYTES - 2 + random.nextInt(5);
        case 2 -> MAX_BYTES * 2 + random.nextInt(5000);
        default -> random.nextInt(120);
      };
      byte[] line = new byte[len];
      for (int i = 0; i < len; i++) {
        byte b = (byte) (32 + random.nextInt(95));
        line[i] = random.nextInt(50) == 0 ? (byte) '\r' : b;
      }
      boolean crlf = random.nextInt(4) == 0;
      boolean last = content.size() + len >= target;
      boolean newline = !last || random.nextBoolean();
      long offset = content.size();
      content.write(line);
      if (newline && crlf) {
        content.write('\r');
      }
      if (newline) {
        content.write('\n');
      }
      byte[] logical = line;
      if (!(newline && crlf) && len > 0 && line[len - 1] == '\r' && newline) {
        logical = Arrays.copyOf(line, len - 1); // a CR right before the LF is part of the terminator
      }
      if (!newline && len == 0) {
        break; // an empty unterminated tail is no line at all
      }
      lines.add(new Line(offset, logical, logical.length > MAX_BYTES));
    }
    byte[] raw = content.toByteArray();
    String name = "f" + index + ".json" + (kind.equals("plain") ? "" : "." + kind);
    File file = new File(tmp.getRoot(), name);
    byte[] stored = switch (kind) {
      case "gz" -> gzip(conf, raw);
      case "bz2" -> bzip2SmallBlocks(raw);
      default -> raw;
    };
    Files.write(file.toPath(), stored);
    return new TestFile(new Path(file.toURI()), stored.length, !kind.equals("gz"), !kind.equals("bz2"), lines);
  }

  private static byte[] gzip(Configuration conf, byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = ReflectionUtils.newInstance(GzipCodec.class, conf).createOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  /** bzip2 with 100 KB blocks, so that a small file has several blocks to split at. */
  private static byte[] bzip2SmallBlocks(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write('B');
    bytes.write('Z');
    try (CBZip2OutputStream out = new CBZip2OutputStream(bytes, 1)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }
}
