package io.chunkmill.common.input;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.testing.Bzip2Files;
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
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * For random files, random cuts of those files into pieces, random groupings of the pieces into
 * splits and random chunk sizes, every line is delivered exactly once, with its bytes and offset.
 * Files are plain, gzip (concatenated members, empty ones included) and bzip2 (concatenated
 * streams of small blocks, empty ones included), some start with a byte-order mark, some names
 * hold ':' and spaces, and they sit beside hidden directories that a glob over them must not
 * read. Damaged bzip2 files (truncated, a block removed, bytes flipped) either fail the read naming
 * the file, or with {@code chunkmill.input.skip.corrupt} deliver only whole lines, none twice, and
 * are reported. A failure names the seed; {@code -Dchunkmill.test.seed=N} replays it.
 */
public class ExactlyOnceRandomizedTest {
  private static final int LAYOUTS = 400;
  private static final int MAX_BYTES = 300;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** A file on disk and the lines it holds, with their decompressed offsets. */
  private record TestFile(Path path, long length, boolean splittable, boolean exactOffsets, List<Line> lines) {}

  private record Line(long offset, byte[] bytes, boolean tooLong) {}

  private static final long SEED = Long.getLong("chunkmill.test.seed", System.nanoTime());

  /** Runs a randomized check, naming the seed when it fails. */
  private interface Check {
    void run(Random random) throws Exception;
  }

  private static void withSeed(Check check) throws Exception {
    try {
      check.run(new Random(SEED));
    } catch (AssertionError | Exception e) {
      throw new AssertionError("seed " + SEED + " (replay with -Dchunkmill.test.seed=" + SEED + "): " + e, e);
    }
  }

  private static Configuration conf() {
    Configuration conf = Chunks.localConf();
    conf.setInt(InputConfig.MESSAGE_MAX_BYTES, MAX_BYTES);
    return conf;
  }

  @Test
  public void everyLineIsDeliveredExactlyOnceWithItsOffset() throws Exception {
    withSeed(this::everyLineOnce);
  }

  private void everyLineOnce(Random random) throws Exception {
    long seed = SEED;
    Configuration conf = conf();
    List<TestFile> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(makeFile(random, conf, i, i % 6 == 4 ? "gz" : i % 6 == 5 ? "bz2" : "plain"));
    }
    for (String hidden : List.of("_temporary/attempt_0/f.json", ".staging/s.json", "_logs/l.json")) {
      File decoy = new File(tmp.getRoot(), "root/" + hidden);
      decoy.getParentFile().mkdirs();
      Files.write(decoy.toPath(), "decoy\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    List<String> listed = new ArrayList<>();
    InputFiles found = ChunkInputFormat.listInputs(job(conf,
        new Path(new File(tmp.getRoot(), "root").toURI().toString() + "*/*")));
    for (int i = 0; i < found.size(); i++) {
      listed.add(found.path(i).toString());
    }
    List<String> expectedFiles = new ArrayList<>();
    files.forEach(f -> expectedFiles.add(f.path().toString()));
    Collections.sort(listed);
    Collections.sort(expectedFiles);
    assertEquals("seed " + seed + ": a glob lists the visible files, not those in hidden directories",
        expectedFiles, listed);
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
        for (Message m : Chunks.read(conf, ChunkSplit.of(paths, starts, lengths)).messages()) {
          delivered.computeIfAbsent(m.file(), k -> new ArrayList<>()).add(m);
        }
      }
      for (TestFile f : chosen) {
        List<Message> got = delivered.getOrDefault(f.path().toString(), new ArrayList<>());
        String where = "seed " + seed + ", layout " + layout + ", " + f.path().getName();
        if (f.lines().size() != got.size()) {
          List<Long> want = f.lines().stream().map(Line::offset).toList();
          List<Long> have = got.stream().map(Message::offset).sorted().toList();
          fail(where + ": " + f.lines().size() + " lines, " + got.size() + " delivered; offsets wanted " + want
              + ", delivered " + have + ", file of " + f.length() + " bytes, layout " + layoutOf(pieces, f));
        }
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

  @Test
  public void damagedBzip2FilesFailOrAreReportedAndNeverRepeatOrSpliceLines() throws Exception {
    withSeed(this::damagedBzip2);
  }

  private void damagedBzip2(Random random) throws Exception {
    for (int n = 0; n < 8; n++) {
      List<String> lines = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      int count = 1000 + random.nextInt(3000);
      for (int i = 0; i < count; i++) {
        String line = "{\"id\":\"" + n + "-" + i + "\",\"pad\":\"" + Long.toHexString(random.nextLong()).repeat(1 + random.nextInt(3)) + "\"}";
        lines.add(line);
        text.append(line).append('\n');
      }
      byte[] good = concatenated(random, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          part -> Bzip2Files.stream(part, 1));
      List<Long> blocks = Bzip2Files.blockStarts(good);
      List<Long> ends = Bzip2Files.streamEnds(good);
      // A block followed by another of its stream: removing a stream's only block leaves a valid file.
      List<Integer> followed = new ArrayList<>();
      for (int i = 0; i + 1 < blocks.size(); i++) {
        long from = blocks.get(i);
        long to = blocks.get(i + 1);
        if (ends.stream().noneMatch(e -> e > from && e < to)) {
          followed.add(i);
        }
      }
      int kind = n % 4 == 2 && followed.isEmpty() ? 3 : n % 4;
      int b = kind == 2 ? followed.get(random.nextInt(followed.size())) : random.nextInt(blocks.size());
      long at = blocks.get(b);
      String damage;
      byte[] bad;
      switch (kind) {
        case 0 -> {
          damage = "cut where block " + b + " begins";
          bad = Bzip2Files.cutAt(good, at);
        }
        case 1 -> {
          long cut = 8 + (long) (random.nextDouble() * (good.length - 9));
          damage = "cut at byte " + cut;
          bad = Arrays.copyOf(good, (int) cut);
        }
        case 2 -> {
          damage = "block " + b + " removed";
          bad = Bzip2Files.removeBits(good, at, blocks.get(b + 1));
        }
        default -> {
          damage = "bytes flipped in block " + b;
          bad = good.clone();
          bad[(int) (at / 8) + 12] ^= 0x5a;
        }
      }
      File file = new File(tmp.getRoot(), "damaged/" + n + ".json.bz2");
      file.getParentFile().mkdirs();
      Files.write(file.toPath(), bad);
      Path path = new Path(file.toURI());
      TestFile f = new TestFile(path, bad.length, true, false, List.of());
      for (int layout = 0; layout < 4; layout++) {
        List<long[]> pieces = cut(random, f);
        String where = damage + ", pieces " + pieces.size() + ", layout " + layout;
        Configuration conf = conf();
        boolean failed = false;
        List<Bzip2Integrity.Segment> segments = new ArrayList<>();
        for (long[] range : pieces) {
          try {
            Chunks.Delivery d = Chunks.read(conf, ChunkSplit.of(new Path[] {path}, new long[] {range[0]},
                new long[] {range[1] - range[0]}));
            segments.addAll(d.segments());
          } catch (IOException e) {
            assertTrue(where + ": the error names the file: " + e.getMessage(), e.getMessage().contains(path.toString()));
            failed = true;
          }
        }
        assertTrue(where + ": a damaged file fails the read",
            failed || Bzip2Integrity.problems(segments).containsKey(path.toString()));

        InputConfig.setSkipCorrupt(conf, true);
        segments.clear();
        List<Message> got = new ArrayList<>();
        boolean reported = false;
        for (long[] range : pieces) {
          Chunks.Delivery d = Chunks.read(conf, ChunkSplit.of(new Path[] {path}, new long[] {range[0]},
              new long[] {range[1] - range[0]}));
          got.addAll(d.messages());
          segments.addAll(d.segments());
          reported |= !d.corrupt().isEmpty();
        }
        assertTrue(where + ": the damaged file is reported",
            reported || Bzip2Integrity.problems(segments).containsKey(path.toString()));
        java.util.Set<String> whole = new java.util.HashSet<>(lines);
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean foldFails = Bzip2Integrity.problems(segments).containsKey(path.toString());
        int spliced = 0;
        for (Message m : got) {
          if (!whole.contains(m.text())) {
            // A block missing mid-stream leaves every block whole: only the stream's combined CRC
            // (checked at its end, or folded across the pieces) shows it, after the line spliced
            // across the gap has been handed out (README, "Notes and limits"). Nothing else may be
            // less than whole, and the file must be reported.
            assertTrue(where + ": only whole lines: " + m, kind == 2 && (reported || foldFails));
            spliced++;
          }
          assertTrue(where + ": no line twice: " + m, seen.add(m.text()));
        }
        assertTrue(where + ": at most the line across the gap: " + spliced, spliced <= 1);
      }
    }
  }

  private static String layoutOf(List<Object[]> pieces, TestFile f) {
    StringBuilder b = new StringBuilder();
    for (Object[] p : pieces) {
      if (p[0] == f) {
        b.append(Arrays.toString((long[]) p[1]));
      }
    }
    return b.toString();
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

  private static org.apache.hadoop.mapreduce.Job job(Configuration conf, Path... inputs) throws IOException {
    org.apache.hadoop.mapreduce.Job job = org.apache.hadoop.mapreduce.Job.getInstance(new Configuration(conf));
    org.apache.hadoop.mapreduce.lib.input.FileInputFormat.setInputPaths(job, inputs);
    return job;
  }

  private TestFile makeFile(Random random, Configuration conf, int index, String kind) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    List<Line> lines = new ArrayList<>();
    if (random.nextInt(4) == 0) {
      content.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // not part of the first line
    }
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
      if (!(newline && crlf) && len > 0 && line[len - 1] == '\r') {
        logical = Arrays.copyOf(line, len - 1); // a CR before the LF, or ending the file, ends the line
      }
      if (!newline && len == 0) {
        break; // an empty unterminated tail is no line at all
      }
      lines.add(new Line(offset, logical, logical.length > MAX_BYTES));
    }
    byte[] raw = content.toByteArray();
    String stem = switch (index % 3) {
      case 0 -> "dump-2026-11-27T10:" + (10 + index);
      case 1 -> "dump " + index;
      default -> "f" + index;
    };
    String name = "root/d" + index % 4 + "/" + stem + ".json" + (kind.equals("plain") ? "" : "." + kind);
    File file = new File(tmp.getRoot(), name);
    file.getParentFile().mkdirs();
    byte[] stored = switch (kind) {
      case "gz" -> concatenated(random, raw, part -> gzip(conf, part));
      case "bz2" -> concatenated(random, raw, part -> Bzip2Files.stream(part, 1));
      default -> raw;
    };
    Files.write(file.toPath(), stored);
    return new TestFile(new Path(file.toURI()), stored.length, !kind.equals("gz"), !kind.equals("bz2"), lines);
  }

  private interface Compressor {
    byte[] compress(byte[] raw) throws IOException;
  }

  /**
   * {@code raw} cut at random places into parts compressed one by one and concatenated (as
   * {@code cat a.gz b.gz} or a parallel compressor writes them), with empty ones among them.
   */
  private static byte[] concatenated(Random random, byte[] raw, Compressor compressor) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < raw.length || out.size() == 0) {
      if (random.nextInt(4) == 0) {
        out.write(compressor.compress(new byte[0]));
      }
      int n = random.nextInt(3) == 0 ? raw.length - at : random.nextInt(raw.length - at + 1);
      out.write(compressor.compress(Arrays.copyOfRange(raw, at, at + n)));
      at += n;
    }
    if (random.nextInt(4) == 0) {
      out.write(compressor.compress(new byte[0]));
    }
    return out.toByteArray();
  }

  private static byte[] gzip(Configuration conf, byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = ReflectionUtils.newInstance(GzipCodec.class, conf).createOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }


}
