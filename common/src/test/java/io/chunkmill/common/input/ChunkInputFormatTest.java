package io.chunkmill.common.input;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.testing.Chunks;
import io.chunkmill.common.testing.Chunks.Delivery;
import io.chunkmill.common.testing.Chunks.Message;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ChunkInputFormatTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Configuration conf;

  @Before
  public void setUp() {
    conf = Chunks.localConf();
  }

  private Path write(String name, String content) throws Exception {
    return write(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, byte[] content) throws Exception {
    File f = new File(tmp.getRoot(), name);
    f.getParentFile().mkdirs();
    Files.write(f.toPath(), content);
    return new Path(f.toURI());
  }

  private byte[] compress(Class<? extends org.apache.hadoop.io.compress.CompressionCodec> codec, String content)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = ReflectionUtils.newInstance(codec, conf).createOutputStream(bytes)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static List<String> texts(Delivery d) {
    return d.messages().stream().map(Message::text).collect(Collectors.toList());
  }

  private static List<Long> offsets(Delivery d) {
    return d.messages().stream().map(Message::offset).collect(Collectors.toList());
  }

  @Test
  public void lfCrlfAndMissingFinalNewline() throws Exception {
    Path p = write("a.json", "one\r\ntwo\n\nthree\r\n four \nlast");
    Delivery d = Chunks.readAll(conf, p);
    assertEquals(List.of("one", "two", "", "three", " four ", "last"), texts(d));
    assertEquals(List.of(0L, 5L, 9L, 10L, 17L, 24L), offsets(d));
    assertTrue(d.messages().stream().allMatch(m -> m.file().equals(p.toString()) && !m.tooLong()));
  }

  @Test
  public void aLoneCarriageReturnIsContent() throws Exception {
    Delivery d = Chunks.readAll(conf, write("a.json", "a\rb\nc\r\r\n"));
    assertEquals(List.of("a\rb", "c\r"), texts(d));
  }

  @Test
  public void emptyFileDeliversNothing() throws Exception {
    Path empty = write("empty.json", "");
    Path other = write("other.json", "x\n");
    Delivery d = Chunks.readAll(conf, empty, other);
    assertEquals(List.of("x"), texts(d));
  }

  @Test
  public void gzipAndBzip2AreReadWithDecompressedOffsets() throws Exception {
    String content = "alpha\r\nbeta\n\ngamma";
    Path gz = write("a.json.gz", compress(GzipCodec.class, content));
    Path bz = write("b.json.bz2", compress(BZip2Codec.class, content));
    for (Path p : List.of(gz, bz)) {
      Delivery d = Chunks.readAll(conf, p);
      assertEquals(p.toString(), List.of("alpha", "beta", "", "gamma"), texts(d));
      assertEquals(List.of(0L, 7L, 12L, 13L), offsets(d));
      assertTrue(d.messages().stream().allMatch(m -> m.offsetBase() == 0));
    }
  }

  @Test
  public void chunksHoldExactlyTheConfiguredNumberOfMessages() throws Exception {
    conf.setInt(InputConfig.CHUNK_MESSAGES, 3);
    assertEquals(List.of(3), Chunks.readAll(conf, write("n.json", "1\n2\n3\n")).chunkSizes());
    assertEquals(List.of(3, 1), Chunks.readAll(conf, write("n1.json", "1\n2\n3\n4\n")).chunkSizes());
  }

  @Test
  public void chunksSpanFilesOfOneSplitAndKnowEachMessagesFile() throws Exception {
    conf.setInt(InputConfig.CHUNK_MESSAGES, 10);
    Path a = write("d/a.json", "a1\na2\n");
    Path b = write("d/b.json", "b1\n");
    Delivery d = Chunks.readAll(conf, new Path(tmp.getRoot().toURI()));
    assertEquals(List.of(3), d.chunkSizes());
    assertEquals(List.of(a.toString(), a.toString(), b.toString()),
        d.messages().stream().map(Message::file).collect(Collectors.toList()));
  }

  @Test
  public void chunkBytesBoundTheChunkButEveryChunkHoldsOneMessage() throws Exception {
    conf.setInt(InputConfig.CHUNK_BYTES, 10);
    Delivery d = Chunks.readAll(conf, write("b.json", "12345\n6789\n0\nabcdefghijklmno\nz\n"));
    assertEquals(List.of("12345", "6789", "0", "abcdefghijklmno", "z"), texts(d));
    assertEquals(List.of(3, 1, 1), d.chunkSizes());
  }

  @Test
  public void overLongLinesBecomeMarkersWithTheirFirstBytes() throws Exception {
    conf.setInt(InputConfig.MESSAGE_MAX_BYTES, 2000);
    conf.setInt(InputConfig.CHUNK_MESSAGES, 2);
    String exact = "e".repeat(2000);
    String exactCrlf = "c".repeat(2000);
    String over = "o".repeat(2001);
    String huge = "h".repeat(1_000_000);
    Path p = write("long.json", exact + "\n" + exactCrlf + "\r\n" + over + "\n" + huge + "\nok\n" + huge);
    Delivery d = Chunks.readAll(conf, p);
    List<Message> m = d.messages();
    assertEquals(6, m.size());
    assertFalse(m.get(0).tooLong());
    assertEquals(exact, m.get(0).text());
    assertFalse(m.get(1).tooLong());
    assertEquals(exactCrlf, m.get(1).text());
    assertTrue(m.get(2).tooLong());
    assertEquals("o".repeat(InputConfig.KEPT_PREFIX_BYTES), m.get(2).text());
    assertTrue(m.get(3).tooLong());
    assertEquals("h".repeat(InputConfig.KEPT_PREFIX_BYTES), m.get(3).text());
    assertEquals("ok", m.get(4).text());
    assertEquals(2001 + 2002 + 2002 + 1_000_001, m.get(4).offset());
    assertTrue(m.get(5).tooLong());
    assertEquals(List.of(2, 2, 2), d.chunkSizes());
  }

  @Test
  public void aLineStraddlingASplitBoundaryIsReadOnceByTheSplitWhereItStarts() throws Exception {
    Path p = write("s.json", "aaaa\nbbbbbbbb\ncc\n");
    long len = 18;
    for (long cut = 1; cut < len; cut++) {
      Delivery first = Chunks.read(conf, ChunkSplit.of(new Path[] {p}, new long[] {0}, new long[] {cut}));
      Delivery second = Chunks.read(conf, ChunkSplit.of(new Path[] {p}, new long[] {cut}, new long[] {len - cut}));
      List<String> all = new java.util.ArrayList<>(texts(first));
      all.addAll(texts(second));
      assertEquals("cut at " + cut, List.of("aaaa", "bbbbbbbb", "cc"), all);
    }
  }

  @Test
  public void hiddenFilesAndDirectoriesAreSkippedAndDirectoriesAreRecursive() throws Exception {
    write("in/x/deep.json", "deep\n");
    write("in/top.json", "top\n");
    write("in/_SUCCESS", "no\n");
    write("in/.top.json.crc", "no\n");
    write("in/_temporary/t.json", "no\n");
    write("in/.hidden/h.json", "no\n");
    Delivery d = Chunks.readAll(conf, new Path(new File(tmp.getRoot(), "in").toURI()));
    assertEquals(List.of("deep", "top"), texts(d).stream().sorted().collect(Collectors.toList()));
  }

  @Test
  public void globsAreExpandedAndFilesAreReadOnceEvenWhenNamedTwice() throws Exception {
    Path a = write("g/a.json", "a\n");
    write("g/b.json", "b\n");
    write("g/c.txt", "c\n");
    Delivery d = Chunks.readAll(conf, new Path(new File(tmp.getRoot(), "g").toURI() + "*.json"), a);
    assertEquals(List.of("a", "b"), texts(d).stream().sorted().collect(Collectors.toList()));
  }

  @Test
  public void splitsPlannedFromTheCallersListingAreWhatTheJobReads() throws Exception {
    write("l/a.json", "a\n");
    write("l/b.json", "b\n");
    Path dir = new Path(new File(tmp.getRoot(), "l").toURI());
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, dir);
    InputFiles listed = ChunkInputFormat.listInputs(job);
    assertEquals(2, listed.size());
    write("l/c.json", "c\n"); // arrives after the caller's listing

    Job lists = Job.getInstance(new Configuration(job.getConfiguration()));
    ChunkInputFormat.usePlannedSplits(job, listed, new Path(new File(tmp.getRoot(), "planned").toURI()));
    assertEquals("the splits cover what the caller listed", 4, totalLength(new ChunkInputFormat().getSplits(job)));
    assertEquals("every time", 4, totalLength(new ChunkInputFormat().getSplits(job)));
    assertEquals("a job given no plan lists", 6, totalLength(new ChunkInputFormat().getSplits(lists)));
  }

  private static long totalLength(List<InputSplit> splits) throws Exception {
    long n = 0;
    for (InputSplit s : splits) {
      n += s.getLength();
    }
    return n;
  }

  @Test
  public void directoriesAreListedByHadoopsListingThreadsWithBlockLocationsAndHiddenNamesPruned() throws Exception {
    for (int d = 0; d < 20; d++) {
      for (int f = 0; f < 5; f++) {
        write("many/d" + d + "/sub/f" + f + ".json", "x\n");
      }
      write("many/d" + d + "/_temporary/t.json", "no\n");
    }
    Path dir = new Path(new File(tmp.getRoot(), "many").toURI());
    List<String> one = null;
    for (int threads : new int[] {1, 4}) {
      conf.setInt(FileInputFormat.LIST_STATUS_NUM_THREADS, threads);
      Job job = Job.getInstance(new Configuration(conf));
      FileInputFormat.setInputPaths(job, dir);
      InputFiles files = ChunkInputFormat.listInputs(job);
      assertEquals(100, files.size());
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        assertEquals("block locations came with the listing", 1, files.blockEnd(i) - files.firstBlock(i));
        paths.add(files.path(i).toString());
      }
      assertTrue(paths.stream().noneMatch(p -> p.contains("_temporary")));
      assertEquals("sorted by path", paths.stream().sorted().collect(Collectors.toList()), paths);
      if (one != null) {
        assertEquals(one, paths);
      }
      one = paths;
    }
  }

  @Test
  public void anInputThatMatchesNothingIsAnErrorNamingIt() throws Exception {
    write("h/_only_hidden", "x\n");
    String glob = new File(tmp.getRoot(), "nothing-here-*.json").toURI().toString();
    String missing = new File(tmp.getRoot(), "missing.json").toURI().toString();
    String hiddenOnly = new File(tmp.getRoot(), "h").toURI().toString();
    for (String input : List.of(glob, missing, hiddenOnly)) {
      try {
        Chunks.readAll(conf, new Path(input));
        fail("expected an error for " + input);
      } catch (IOException e) {
        String name = new Path(input).toUri().getPath();
        assertTrue(e.getMessage(), e.getMessage().contains(name.replaceAll("/$", "")));
      }
    }
    Path hiddenFile = write("h/_x.jsonl", "x\n");
    try {
      Chunks.readAll(conf, hiddenFile);
      fail("a hidden file named as input is not read");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("names starting with _ or . are never read"));
      assertFalse(e.getMessage(), e.getMessage().contains("does not exist"));
    }
  }

  @Test
  public void manySmallFilesAreCombinedIntoFewSplitsBoundedByTheMaximum() throws Exception {
    String line = "x".repeat(99) + "\n";
    for (int i = 0; i < 200; i++) {
      write("many/f" + i + ".json", line.repeat(10));
    }
    Path dir = new Path(new File(tmp.getRoot(), "many").toURI());
    List<InputSplit> defaults = Chunks.splits(conf, dir);
    assertEquals("200 KB fit the default maximum", 1, defaults.size());
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 20_000);
    List<InputSplit> bounded = Chunks.splits(conf, dir);
    assertEquals(10, bounded.size());
    long total = 0;
    for (InputSplit s : bounded) {
      assertTrue(s.getLength() <= 20_000);
      total += s.getLength();
    }
    assertEquals(200_000, total);
    assertEquals(2000, Chunks.readAll(conf, dir).messages().size());
  }

  @Test
  public void gzipFilesAreNeverSplitButPlainFilesAre() throws Exception {
    conf.setLong("fs.local.block.size", 1000);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 1000);
    String content = ("y".repeat(49) + "\n").repeat(200);
    Path plain = write("split/plain.json", content);
    Path gz = write("split/whole.json.gz", compress(GzipCodec.class, content));
    long plainPieces = 0;
    for (InputSplit s : Chunks.splits(conf, plain, gz)) {
      ChunkSplit c = (ChunkSplit) s;
      for (int i = 0; i < c.getNumPaths(); i++) {
        if (c.getPath(i).getName().endsWith(".gz")) {
          assertEquals(0, c.getOffset(i));
          assertEquals(new File(gz.toUri()).length(), c.getLength(i));
        } else {
          plainPieces++;
        }
      }
    }
    assertTrue("plain file split into " + plainPieces, plainPieces >= 10);
    assertEquals(400, Chunks.readAll(conf, plain, gz).messages().size());
  }

  @Test
  public void aSplitNamesNoMoreHostsThanAllowed() throws Exception {
    conf.setInt("mapreduce.job.max.split.locations", 1);
    for (int i = 0; i < 3; i++) {
      write("loc/f" + i + ".json", "z\n");
    }
    for (InputSplit s : Chunks.splits(conf, new Path(new File(tmp.getRoot(), "loc").toURI()))) {
      assertTrue(s.getLocations().length <= 1);
    }
  }

  @Test
  public void aCorruptGzipFileFailsNamingItUnlessSkipped() throws Exception {
    byte[] good = compress(GzipCodec.class, "l1\nl2\n" + "pad\n".repeat(20000));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    Path bad = write("c/bad.json.gz", truncated);
    try {
      Chunks.readAll(conf, bad);
      fail("a truncated gzip file must fail the read");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(bad.toString()));
    }
    InputConfig.setSkipCorrupt(conf, true);
    Delivery d = Chunks.readAll(conf, bad);
    assertEquals(1, d.corrupt().size());
    assertEquals(bad.toString(), d.corrupt().get(0).path());
    assertTrue(d.messages().size() >= 2);
    assertEquals("l1", d.messages().get(0).text());
    long lastEnd = d.messages().get(d.messages().size() - 1).offset() + 4;
    assertTrue(d.corrupt().get(0).bytesRead() >= lastEnd);
  }

  @Test
  public void aCorruptBzip2FileFailsNamingItUnlessSkipped() throws Exception {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      content.append("line ").append(i).append(' ').append(Integer.toHexString(i * 7919)).append('\n');
    }
    byte[] good = compress(BZip2Codec.class, content.toString());
    byte[] damaged = good.clone();
    for (int i = good.length / 2; i < good.length / 2 + 64; i++) {
      damaged[i] ^= 0x5a;
    }
    for (byte[] bad : List.of(damaged, java.util.Arrays.copyOf(good, good.length / 2))) {
      Path p = write("bz/bad-" + bad.length + ".json.bz2", bad);
      conf.setBoolean(InputConfig.SKIP_CORRUPT, false);
      try {
        Chunks.readAll(conf, p);
        fail("a damaged bzip2 file must fail the read");
      } catch (IOException e) {
        assertTrue(e.getMessage(), e.getMessage().contains(p.toString()));
      }
      InputConfig.setSkipCorrupt(conf, true);
      Delivery d = Chunks.readAll(conf, p);
      assertEquals(1, d.corrupt().size());
      assertTrue(d.messages().size() < 50_000);
    }
  }

  @Test
  public void aFileThatVanishedBeforeItWasReadFailsNamingIt() throws Exception {
    Path p = write("gone/a.json", "x\n");
    List<InputSplit> splits = Chunks.splits(conf, p);
    new File(p.toUri()).delete();
    try {
      Chunks.read(conf, (ChunkSplit) splits.get(0));
      fail("a vanished file must fail the read");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(p.toUri().getPath()));
    }
  }

  @Test
  public void chunksSurviveWritableRoundTrip() throws IOException {
    MessageChunk c = new MessageChunk();
    c.startFile(new MessageChunk.SourceFile("f1", 0));
    c.add("hello".getBytes(StandardCharsets.UTF_8), 0, 5, 7, false);
    c.startFile(new MessageChunk.SourceFile("f2", 99));
    c.add("x".getBytes(StandardCharsets.UTF_8), 0, 1, 3, true);
    c.addCorruptFile(new MessageChunk.CorruptFile("f3", 10, "boom"));
    MessageChunk copy = org.apache.hadoop.io.WritableUtils.clone(c, conf);
    assertEquals(2, copy.size());
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8),
        java.util.Arrays.copyOfRange(copy.bytes(), copy.start(0), copy.start(0) + copy.length(0)));
    assertEquals("f2", copy.source(1).path());
    assertEquals(99, copy.source(1).offsetBase());
    assertEquals(3, copy.offset(1));
    assertTrue(copy.isTooLong(1));
    assertEquals(c.corruptFiles(), copy.corruptFiles());
  }
}
