package io.chunkmill.common.input;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.testing.Bzip2Files;
import io.chunkmill.common.testing.Chunks;
import io.chunkmill.common.testing.Chunks.Delivery;
import io.chunkmill.common.testing.Chunks.Message;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The reader's edge cases: concatenated and damaged bzip2 streams at every split size, hidden
 * directories under globs, the message limit at its bounds, lines of gigabytes, names with
 * {@code :}, a final CR and a byte-order mark.
 */
public class ReaderEdgeCasesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Configuration conf;

  @Before
  public void setUp() {
    conf = Chunks.localConf();
  }

  private Path write(String name, byte[] content) throws IOException {
    File f = new File(tmp.getRoot(), name);
    f.getParentFile().mkdirs();
    Files.write(f.toPath(), content);
    return new Path(f.toURI());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(Message::text).collect(Collectors.toList());
  }

  /** Reads {@code p} cut into pieces of {@code pieceBytes}, each piece its own split. */
  private List<Message> readInPieces(Path p, long length, long pieceBytes) throws IOException {
    List<Message> all = new ArrayList<>();
    for (long start = 0; start < length; start += pieceBytes) {
      long len = Math.min(pieceBytes, length - start);
      all.addAll(Chunks.read(conf, split(p, start, len)).messages());
    }
    return all;
  }

  private static ChunkSplit split(Path p, long start, long length) {
    return ChunkSplit.of(new Path[] {p}, new long[] {start}, new long[] {length});
  }

  private static List<String> numberedLines(int n, String prefix) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("{\"id\":\"" + prefix + i + "\",\"ts\":" + (1764201600000L + i * 7919L) + ",\"user\":\"u" + (i % 97)
          + "\",\"url\":\"http://example.com/" + Integer.toHexString(i * 31337) + "\"}");
    }
    return lines;
  }

  private static byte[] joined(List<String> lines) {
    return utf8(lines.stream().map(l -> l + "\n").collect(Collectors.joining()));
  }

  @Test
  public void aBzip2FileThatStartsWithAnEmptyStreamDeliversEachLineOnceAtEverySplitSize() throws Exception {
    byte[] file = Bzip2Files.concat(Bzip2Files.emptyStream(), Bzip2Files.stream(utf8("a\nb\nc\n"), 9));
    Path p = write("one-empty.json.bz2", file);
    for (long piece = 1; piece <= file.length; piece++) {
      assertEquals("pieces of " + piece + " bytes", List.of("a", "b", "c"), texts(readInPieces(p, file.length, piece)));
    }
    for (long max = 1; max <= 18; max++) {
      conf.setLong("mapreduce.input.fileinputformat.split.maxsize", max);
      assertEquals("split.maxsize " + max, List.of("a", "b", "c"), texts(Chunks.readAll(conf, p).messages()));
    }
  }

  @Test
  public void manyEmptyAndSmallConcatenatedStreamsDeliverEachLineOnce() throws Exception {
    List<byte[]> streams = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      streams.add(Bzip2Files.emptyStream());
    }
    List<String> lines = numberedLines(300, "x");
    streams.add(Bzip2Files.stream(joined(lines), 9));
    List<String> more = numberedLines(200, "y");
    for (int i = 0; i < more.size(); i += 20) {
      streams.add(Bzip2Files.stream(joined(more.subList(i, i + 20)), 9));
      streams.add(Bzip2Files.emptyStream());
    }
    byte[] file = Bzip2Files.concat(streams.toArray(new byte[0][]));
    Path p = write("many-streams.json.bz2", file);
    List<String> expected = new ArrayList<>(lines);
    expected.addAll(more);
    for (long piece : new long[] {1, 13, 14, 100, 500, 777, 4096, file.length}) {
      assertEquals("pieces of " + piece + " bytes", expected, texts(readInPieces(p, file.length, piece)));
    }
  }

  /** 2,750 message lines in bzip2 with 100 kB blocks: three blocks. */
  private byte[] threeBlocks(List<String> lines) throws IOException {
    byte[] file = Bzip2Files.stream(joined(lines), 1);
    assertEquals("blocks", 3, Bzip2Files.blockStarts(file).size());
    return file;
  }

  private void assertFailsNamingIt(Path p, long length, long piece) {
    conf.setBoolean(InputConfig.SKIP_CORRUPT, false);
    try {
      readInPieces(p, length, piece);
      fail(p.getName() + " in pieces of " + piece + ": a damaged bzip2 file must fail the read");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(p.toString()));
    }
  }

  @Test
  public void aBzip2FileCutWhereABlockBeginsFailsNamingItUnlessSkipped() throws Exception {
    List<String> lines = numberedLines(2750, "t");
    byte[] good = threeBlocks(lines);
    long second = Bzip2Files.blockStarts(good).get(1);
    byte[] cut = Bzip2Files.cutAt(good, second);
    Path p = write("cut.json.bz2", cut);
    for (long piece : new long[] {cut.length, 20_000, 7_001}) {
      assertFailsNamingIt(p, cut.length, piece);
      conf.setBoolean(InputConfig.SKIP_CORRUPT, true);
      List<Message> got = new ArrayList<>();
      List<MessageChunk.CorruptFile> corrupt = new ArrayList<>();
      for (long start = 0; start < cut.length; start += piece) {
        Delivery d = Chunks.read(conf, split(p, start, Math.min(piece, cut.length - start)));
        got.addAll(d.messages());
        corrupt.addAll(d.corrupt());
      }
      assertEquals("one corrupt file, pieces of " + piece, 1, corrupt.size());
      Set<String> whole = Set.copyOf(lines);
      for (Message m : got) {
        assertTrue("only whole lines, pieces of " + piece + ": " + m, whole.contains(m.text()));
      }
      assertEquals(got.size(), Set.copyOf(texts(got)).size());
    }
  }

  @Test
  public void aBzip2StreamWithABlockRemovedFailsNamingItUnlessSkipped() throws Exception {
    byte[] good = threeBlocks(numberedLines(2750, "r"));
    List<Long> starts = Bzip2Files.blockStarts(good);
    byte[] removed = Bzip2Files.removeBits(good, starts.get(1), starts.get(2));
    Path p = write("removed.json.bz2", removed);
    assertFailsNamingIt(p, removed.length, removed.length);
    conf.setBoolean(InputConfig.SKIP_CORRUPT, true);
    Delivery d = Chunks.read(conf, split(p, 0, removed.length));
    assertEquals(1, d.corrupt().size());
    assertEquals(p.toString(), d.corrupt().get(0).path());
  }

  @Test
  public void aDamagedBzip2BlockFailsTheReadAtEverySplitSize() throws Exception {
    byte[] damaged = threeBlocks(numberedLines(2750, "d"));
    long second = Bzip2Files.blockStarts(damaged).get(1);
    int at = (int) (second / 8) + 2000;
    for (int i = at; i < at + 16; i++) {
      damaged[i] ^= 0x5a;
    }
    Path p = write("damaged.json.bz2", damaged);
    for (long piece : new long[] {damaged.length, 50_000, 9_999}) {
      assertFailsNamingIt(p, damaged.length, piece);
    }
  }

  @Test
  public void laterBzip2SplitsCountOffsetsFromTheirFirstBlocksCompressedPosition() throws Exception {
    List<String> lines = numberedLines(2750, "o");
    byte[] file = threeBlocks(lines);
    Path p = write("offsets.json.bz2", file);
    long third = Bzip2Files.blockStarts(file).get(2);
    Delivery d = Chunks.read(conf, split(p, third / 8 - 10, file.length - (third / 8 - 10)));
    assertFalse(d.messages().isEmpty());
    for (Message m : d.messages()) {
      assertEquals("offset base of " + m, third / 8, m.offsetBase());
    }
  }

  @Test
  public void globsDoNotReadHiddenDirectoriesBelowThem() throws Exception {
    write("root/ok/a.json", utf8("visible\n"));
    write("root/_temporary/attempt.json", utf8("attempt\n"));
    write("root/.staging/stage.json", utf8("stage\n"));
    write("root/_logs/log.json", utf8("log\n"));
    Path glob = new Path(new File(tmp.getRoot(), "root").toURI().toString() + "*/*");
    assertEquals(List.of("visible"), texts(Chunks.readAll(conf, glob).messages()));
    Path deeper = new Path(new File(tmp.getRoot(), "root").toURI().toString() + "*");
    assertEquals(List.of("visible"), texts(Chunks.readAll(conf, deeper).messages()));
  }

  @Test
  public void aMessageLimitAboveOneGibibyteIsRefusedAndOneGibibyteReadsLinesWhole() throws Exception {
    for (int tooBig : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, (1 << 30) + 1}) {
      conf.setInt(InputConfig.MESSAGE_MAX_BYTES, tooBig);
      try {
        InputConfig.messageMaxBytes(conf);
        fail(tooBig + " must be refused");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().contains(InputConfig.MESSAGE_MAX_BYTES));
      }
    }
    conf.setInt(InputConfig.MESSAGE_MAX_BYTES, 1 << 30);
    Path p = write("limit.json", utf8("one\r\ntwo\nthree"));
    assertEquals(List.of("one", "two", "three"), texts(Chunks.readAll(conf, p).messages()));
  }

  @Test
  public void aLineOfMoreThanTwoGibibytesIsOneTooLongMessage() throws Exception {
    File f = new File(tmp.getRoot(), "huge.json");
    long huge = (1L << 31) + 4096;
    try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
      raf.write(utf8("{\"pad\":\""));
      raf.seek(huge); // a sparse file: the line is mostly zero bytes that take no disk space
      raf.write(utf8("\nnext\n"));
    }
    Path p = new Path(f.toURI());
    List<Message> got = Chunks.read(conf, split(p, 0, f.length())).messages();
    assertEquals(2, got.size());
    assertTrue(got.get(0).tooLong());
    assertEquals(0, got.get(0).offset());
    assertEquals("next", got.get(1).text());
    assertEquals(huge + 1, got.get(1).offset());
  }

  @Test
  public void namesWithColonsAndSpacesAreRead() throws Exception {
    write("in/dump-2026-11-27T10:15.json", utf8("colon\n"));
    write("in/dump 2026-11-27 10.15.json", utf8("space\n"));
    Path dir = new Path(new File(tmp.getRoot(), "in").toURI());
    assertEquals(List.of("colon", "space"),
        texts(Chunks.readAll(conf, dir).messages()).stream().sorted().collect(Collectors.toList()));
  }

  @Test
  public void aCarriageReturnThatEndsTheFileEndsTheLastLine() throws Exception {
    Path p = write("cr.json", utf8("a\r\nb\rc\nx\r"));
    assertEquals(List.of("a", "b\rc", "x"), texts(Chunks.readAll(conf, p).messages()));
  }

  private byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = ReflectionUtils.newInstance(GzipCodec.class, conf).createOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  @Test
  public void aByteOrderMarkAtTheStartOfAFileIsDroppedAndKeptElsewhere() throws Exception {
    byte[] raw = utf8("\uFEFFfirst\n\uFEFFsecond\n");
    for (Path p : List.of(write("bom.json", raw), write("bom.json.gz", gzip(raw)),
        write("bom.json.bz2", Bzip2Files.stream(raw, 9)))) {
      List<Message> got = Chunks.readAll(conf, p).messages();
      assertEquals(p.getName(), List.of("first", "\uFEFFsecond"), texts(got));
      assertEquals(p.getName(), 3, got.get(0).offset());
      assertArrayEquals(utf8("\uFEFFsecond"), got.get(1).bytes());
    }
    Path plain = write("bom-pieces.json", raw);
    for (long piece = 1; piece <= raw.length; piece++) {
      assertEquals("pieces of " + piece, List.of("first", "\uFEFFsecond"), texts(readInPieces(plain, raw.length, piece)));
    }
  }
}
