package io.chunkmill.common.input;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.input.MessageChunk.CorruptFile;
import io.chunkmill.common.input.MessageChunk.SourceFile;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.CompressedSplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.SplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.UncompressedSplitLineReader;

/**
 * Reads the files of a {@link CombineFileSplit} one after the other and packs their lines into
 * {@link MessageChunk}s.
 *
 * <p>Line ownership follows Hadoop's {@code LineRecordReader}: a piece of a file that does not
 * start at 0 skips its first (partial) line, and a piece reads every line that starts at or
 * before its end, so each line is read by exactly one piece. Lines end with LF; a CR before the
 * LF is removed. A line longer than {@code chunkmill.message.max.bytes} is consumed without being
 * held whole and becomes a too-long marker holding its first bytes.
 */
public class ChunkRecordReader extends RecordReader<Text, MessageChunk> {
  private static final byte[] LF = {'\n'};

  private Configuration conf;
  private CompressionCodecFactory codecs;
  private CombineFileSplit split;
  private int chunkMessages;
  private int chunkBytes;
  private int maxMessageBytes;
  private boolean skipCorrupt;

  private int nextPiece;
  private long completedBytes;
  private long totalBytes;
  private Piece piece;

  private final Text line = new Text();
  private boolean pending;
  private long pendingOffset;
  private boolean pendingTooLong;
  private int pendingLength;

  private final Text key = new Text();
  private final MessageChunk chunk = new MessageChunk();

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    initialize((CombineFileSplit) genericSplit, context.getConfiguration());
  }

  /** Same as {@link #initialize(InputSplit, TaskAttemptContext)}, for callers without a task context. */
  public void initialize(CombineFileSplit split, Configuration conf) {
    this.conf = conf;
    this.split = split;
    this.codecs = new CompressionCodecFactory(conf);
    this.chunkMessages = InputConfig.messagesPerChunk(conf);
    this.chunkBytes = InputConfig.chunkBytes(conf);
    this.maxMessageBytes = InputConfig.messageMaxBytes(conf);
    this.skipCorrupt = InputConfig.skipCorrupt(conf);
    this.totalBytes = split.getLength();
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    chunk.clear();
    while (chunk.size() < chunkMessages) {
      if (!pending && !readLine()) {
        break;
      }
      if (chunk.size() > 0 && chunk.dataBytes() + pendingLength > chunkBytes) {
        break;
      }
      if (!chunk.hasCurrentFile(piece.source)) {
        chunk.startFile(piece.source);
      }
      chunk.add(line.getBytes(), 0, pendingLength, pendingOffset, pendingTooLong);
      if (chunk.size() == 1) {
        key.set(piece.source.path() + "@" + pendingOffset);
      }
      pending = false;
    }
    if (chunk.size() == 0 && !chunk.corruptFiles().isEmpty()) {
      key.set(chunk.corruptFiles().get(0).path() + "@corrupt");
    }
    return chunk.size() > 0 || !chunk.corruptFiles().isEmpty();
  }

  /** Reads the next line of the split into {@link #line}; false at the end of the split. */
  private boolean readLine() throws IOException {
    while (true) {
      if (piece == null) {
        if (nextPiece >= split.getNumPaths()) {
          return false;
        }
        piece = new Piece(nextPiece++);
        try {
          piece.open();
        } catch (IOException e) {
          piece.damaged(e);
        }
      }
      try {
        if (piece.next()) {
          pending = true;
          return true;
        }
      } catch (IOException e) {
        piece.damaged(e);
      }
      completedBytes += split.getLength(piece.index);
      piece.close();
      piece = null;
    }
  }

  @Override
  public Text getCurrentKey() {
    return key;
  }

  @Override
  public MessageChunk getCurrentValue() {
    return chunk;
  }

  @Override
  public float getProgress() throws IOException {
    if (totalBytes == 0) {
      return nextPiece >= split.getNumPaths() && piece == null ? 1f : 0f;
    }
    long done = completedBytes + (piece == null ? 0 : piece.consumed());
    return Math.min(1f, done / (float) totalBytes);
  }

  @Override
  public void close() throws IOException {
    if (piece != null) {
      piece.close();
      piece = null;
    }
  }

  /** One (path, start, length) entry of the split. */
  private final class Piece {
    final int index;
    final Path path;
    final long start;
    long end;
    SourceFile source;
    FSDataInputStream fileIn;
    SplitCompressionInputStream splitIn;
    Decompressor decompressor;
    SplitLineReader reader;
    CompressionCodec codec;
    /** Position for the end-of-piece test: file bytes, or compressed bytes for bzip2. */
    long pos;
    /** Decompressed bytes consumed, counted from {@code source.offsetBase()}. */
    long offset;
    boolean done;

    Piece(int index) {
      this.index = index;
      this.path = split.getPath(index);
      this.start = split.getOffset(index);
      this.end = start + split.getLength(index);
      this.source = new SourceFile(path.toString(), 0);
    }

    void open() throws IOException {
      fileIn = path.getFileSystem(conf).open(path);
      codec = codecs.getCodec(path);
      long skipFrom = start;
      if (codec == null) {
        fileIn.seek(start);
        reader = new UncompressedSplitLineReader(fileIn, conf, LF, split.getLength(index));
        pos = start;
        offset = start;
      } else {
        decompressor = CodecPool.getDecompressor(codec);
        if (codec instanceof SplittableCompressionCodec splittable) {
          splitIn = splittable.createInputStream(fileIn, decompressor, start, end,
              SplittableCompressionCodec.READ_MODE.BYBLOCK);
          reader = new CompressedSplitLineReader(splitIn, conf, LF);
          skipFrom = splitIn.getAdjustedStart();
          end = splitIn.getAdjustedEnd();
          source = new SourceFile(path.toString(), skipFrom);
        } else {
          if (start != 0) {
            throw new IOException("Cannot read " + path + " from offset " + start + ": "
                + codec.getClass().getSimpleName() + " files are not splittable");
          }
          reader = new SplitLineReader(codec.createInputStream(fileIn, decompressor), conf, LF);
          end = Long.MAX_VALUE;
        }
        pos = skipFrom;
        offset = 0;
      }
      if (skipFrom != 0) {
        // The first (partial) line belongs to the previous piece.
        int skipped = reader.readLine(line, 0, Integer.MAX_VALUE);
        offset += skipped;
        if (codec == null) {
          pos += skipped;
        }
      }
    }

    /** Reads the next line owned by this piece; false when there is none. */
    boolean next() throws IOException {
      if (done || reader == null) {
        return false;
      }
      if (position() > end && !reader.needAdditionalRecordAfterSplit()) {
        done = true;
        return false;
      }
      // Two bytes over the limit: one for a CR before the LF, one to know the line is too long.
      int consumed = reader.readLine(line, maxMessageBytes + 2, Integer.MAX_VALUE);
      if (consumed == 0) {
        done = true;
        return false;
      }
      pendingOffset = offset;
      offset += consumed;
      if (codec == null) {
        pos += consumed;
      }
      int len = line.getLength();
      if (len > 0 && line.getBytes()[len - 1] == '\r' && len <= maxMessageBytes + 1) {
        len--;
      }
      pendingTooLong = len > maxMessageBytes;
      pendingLength = pendingTooLong ? Math.min(maxMessageBytes + 1, InputConfig.KEPT_PREFIX_BYTES) : len;
      return true;
    }

    long position() throws IOException {
      return splitIn != null ? splitIn.getPos() : codec != null ? fileIn.getPos() : pos;
    }

    long consumed() {
      try {
        return Math.max(0, Math.min(split.getLength(index), position() - start));
      } catch (IOException e) {
        return 0;
      }
    }

    /**
     * Handles a read error: a damaged compressed file is reported in the chunk when the
     * configuration says to skip such files; anything else fails the task with the file named.
     */
    void damaged(IOException e) throws IOException {
      if (codec != null && skipCorrupt) {
        chunk.addCorruptFile(new CorruptFile(path.toString(), offset, String.valueOf(e)));
        done = true;
        return;
      }
      String hint = codec == null ? "" : " (set " + InputConfig.SKIP_CORRUPT + "=true to quarantine it and go on)";
      throw new IOException("Cannot read " + path + " after " + offset + " bytes: " + e.getMessage() + hint, e);
    }

    void close() throws IOException {
      IOUtils.cleanupWithLogger(null, reader, fileIn);
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
        decompressor = null;
      }
    }
  }
}
