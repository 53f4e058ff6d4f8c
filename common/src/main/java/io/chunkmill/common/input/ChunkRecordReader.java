package io.chunkmill.common.input;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.input.MessageChunk.CorruptFile;
import io.chunkmill.common.input.MessageChunk.SourceFile;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Reads the files of a {@link ChunkSplit} one after the other and packs their lines into
 * {@link MessageChunk}s.
 *
 * <p>Line ownership follows Hadoop's {@code LineRecordReader}: a piece of a file that does not
 * start at 0 skips its first (partial) line, and a piece reads every line that starts at or
 * before its end, so each line is read by exactly one piece. For bzip2, "start" and "end" are
 * those of the blocks the piece owns ({@link Bzip2Piece}). Lines end with LF; a CR before the LF,
 * and a CR that ends the file, are removed; a byte-order mark that starts the file is dropped. A
 * line longer than {@code chunkmill.message.max.bytes} is consumed without being held whole
 * (however long: {@link BoundedLineReader}) and becomes a too-long marker holding its first bytes.
 *
 * <p>A bzip2 file read by several pieces also leaves, in the chunk, what each piece covered of it
 * ({@link MessageChunk#bzip2Segments()}), which {@link Bzip2Integrity} puts together.
 */
public class ChunkRecordReader extends RecordReader<Text, MessageChunk> {
  private Configuration conf;
  private CompressionCodecFactory codecs;
  private ChunkSplit split;
  private int chunkMessages;
  private int chunkBytes;
  private int maxMessageBytes;
  private boolean skipCorrupt;

  private int nextPiece;
  private long completedBytes;
  private long totalBytes;
  private Piece piece;

  private byte[] pendingBytes;
  private boolean pending;
  private long pendingOffset;
  private boolean pendingTooLong;
  private int pendingLength;

  private final Text key = new Text();
  private final MessageChunk chunk = new MessageChunk();

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    initialize((ChunkSplit) genericSplit, context.getConfiguration());
  }

  /** Same as {@link #initialize(InputSplit, TaskAttemptContext)}, for callers without a task context. */
  public void initialize(ChunkSplit split, Configuration conf) {
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
      chunk.add(pendingBytes, 0, pendingLength, pendingOffset, pendingTooLong);
      if (chunk.size() == 1) {
        key.set(piece.source.path() + "@" + pendingOffset);
      }
      pending = false;
    }
    if (chunk.size() == 0 && !chunk.corruptFiles().isEmpty()) {
      key.set(chunk.corruptFiles().get(0).path() + "@corrupt");
    } else if (chunk.size() == 0 && !chunk.bzip2Segments().isEmpty()) {
      key.set(chunk.bzip2Segments().get(0).path() + "@segments");
    }
    return chunk.size() > 0 || !chunk.corruptFiles().isEmpty() || !chunk.bzip2Segments().isEmpty();
  }

  /** Reads the next line of the split (then pending); false at the end of the split. */
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
    final long end;
    SourceFile source;
    FSDataInputStream fileIn;
    Decompressor decompressor;
    BoundedLineReader reader;
    Bzip2Piece bzip2;
    boolean compressed;
    /** Where the next line starts: file bytes for plain text, decompressed bytes from {@code source.offsetBase()}. */
    long offset;
    /** Where the first line starts for ownership: a byte-order mark dropped before it does not move it. */
    long firstLineAt = -1;
    boolean done;

    Piece(int index) {
      this.index = index;
      this.path = split.getPath(index);
      this.start = split.getOffset(index);
      this.end = start + split.getLength(index);
      this.source = new SourceFile(path.toString(), 0);
    }

    void open() throws IOException {
      FileSystem fs = path.getFileSystem(conf);
      fileIn = open(fs, path);
      CompressionCodec codec = codecs.getCodec(path);
      compressed = codec != null;
      if (codec == null) {
        fileIn.seek(start);
        reader = new BoundedLineReader(fileIn, maxMessageBytes);
        offset = start + (start == 0 ? reader.skipByteOrderMark() : reader.skipLine());
        firstLineAt = start == 0 ? 0 : -1;
      } else if (codec instanceof BZip2Codec) {
        bzip2 = new Bzip2Piece(fileIn, path.toString(), fs.getFileStatus(path).getLen(), start, end);
        bzip2.open();
        source = new SourceFile(path.toString(), bzip2.ownsFileStart() ? 0 : bzip2.firstBlockByte());
        reader = new BoundedLineReader(bzip2.decoded(), maxMessageBytes);
        if (!bzip2.owns(0)) {
          finish();
          return;
        }
        offset = bzip2.ownsFileStart() ? reader.skipByteOrderMark() : reader.skipLine();
        firstLineAt = bzip2.ownsFileStart() ? 0 : -1;
      } else {
        if (start != 0) {
          throw new IOException("Cannot read " + path + " from offset " + start + ": "
              + codec.getClass().getSimpleName() + " files are not splittable");
        }
        decompressor = CodecPool.getDecompressor(codec);
        reader = new BoundedLineReader(codec.createInputStream(fileIn, decompressor), maxMessageBytes);
        offset = reader.skipByteOrderMark();
      }
    }

    /**
     * Local files whose names hold a ':' are opened without Hadoop's checksum layer, which cannot
     * name their {@code .crc} files (a ':' in a relative path reads as a URI scheme).
     */
    private FSDataInputStream open(FileSystem fs, Path p) throws IOException {
      if (fs instanceof ChecksumFileSystem checksummed && p.getName().contains(":")) {
        return checksummed.getRawFileSystem().open(p);
      }
      return fs.open(p);
    }

    private boolean owns(long at) {
      return bzip2 != null ? bzip2.owns(at) : compressed || at <= end;
    }

    /** Reads the next line owned by this piece; false when there is none. */
    boolean next() throws IOException {
      if (done || reader == null) {
        return false;
      }
      long consumed = owns(firstLineAt >= 0 ? firstLineAt : offset) ? reader.readLine() : 0;
      firstLineAt = -1;
      if (consumed == 0) {
        finish();
        return false;
      }
      pendingOffset = offset;
      offset += consumed;
      pendingTooLong = reader.length() > maxMessageBytes;
      pendingLength = pendingTooLong ? Math.min(maxMessageBytes + 1, InputConfig.KEPT_PREFIX_BYTES) : reader.heldLength();
      pendingBytes = reader.bytes();
      return true;
    }

    /** The piece is read: what it covered of a bzip2 file that other pieces read too goes to the chunk. */
    private void finish() {
      done = true;
      if (bzip2 != null && !bzip2.wholeFile()) {
        chunk.addBzip2Segments(bzip2.segments());
      }
    }

    long consumed() {
      if (bzip2 != null) {
        return bzip2.consumed();
      }
      try {
        long at = compressed ? fileIn.getPos() : offset;
        return Math.max(0, Math.min(split.getLength(index), at - start));
      } catch (IOException e) {
        return 0;
      }
    }

    /**
     * Handles a read error: a damaged compressed file is reported in the chunk when the
     * configuration says to skip such files; anything else fails the task with the file named.
     * Damage met past a bzip2 piece's own blocks (finishing its last line) is the next piece's to
     * report: this one stops there.
     */
    void damaged(IOException e) throws IOException {
      if (compressed && skipCorrupt) {
        done = true;
        if (bzip2 == null || bzip2.inOwnedPart()) {
          chunk.addCorruptFile(new CorruptFile(path.toString(), offset, String.valueOf(e)));
        }
        if (bzip2 != null) {
          chunk.addBzip2Segments(List.of(new Bzip2Integrity.Segment(path.toString(), 0, 0, 0, false, false, 0, 0, 0,
              true)));
        }
        return;
      }
      String hint = compressed ? " (set " + InputConfig.SKIP_CORRUPT + "=true to quarantine it and go on)" : "";
      throw new IOException("Cannot read " + path + " after " + offset + " bytes: " + e.getMessage() + hint, e);
    }

    void close() throws IOException {
      IOUtils.cleanupWithLogger(null, fileIn);
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
        decompressor = null;
      }
    }
  }
}
