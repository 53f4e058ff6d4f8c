package io.chunkmill.common.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A chunk of messages: the value that {@link ChunkInputFormat} hands to one {@code map()} call.
 *
 * <p>All message bytes live in one growing buffer; message {@code i} is
 * {@code bytes()[start(i) .. start(i) + length(i))}, without its line terminator. Each message
 * knows its source file and the byte offset of its first byte in the (decompressed) file. A line
 * longer than {@code chunkmill.message.max.bytes} is a <em>too-long marker</em>: only its first
 * {@link io.chunkmill.common.conf.InputConfig#KEPT_PREFIX_BYTES} bytes are kept.
 *
 * <p>A chunk may also report compressed files that could not be read to their end (only when
 * {@code chunkmill.input.skip.corrupt=true}); those are files, not messages.
 *
 * <p>The record reader reuses one instance for the whole split: copy what you keep.
 */
public final class MessageChunk implements Writable {
  private byte[] data = new byte[64 * 1024];
  private int used;
  private int size;
  private int[] starts = new int[64];
  private int[] lengths = new int[64];
  private long[] offsets = new long[64];
  private boolean[] tooLong = new boolean[64];
  private int[] sources = new int[64];
  private final List<SourceFile> files = new ArrayList<>();
  private final List<CorruptFile> corruptFiles = new ArrayList<>();
  private final List<Bzip2Integrity.Segment> bzip2Segments = new ArrayList<>();

  /** Number of messages in the chunk (too-long markers included). */
  public int size() {
    return size;
  }

  /** The buffer holding every message's bytes. */
  public byte[] bytes() {
    return data;
  }

  public int start(int i) {
    return starts[i];
  }

  /** Bytes of message {@code i} held in {@link #bytes()}. */
  public int length(int i) {
    return lengths[i];
  }

  /** True for a too-long marker: the line was longer than the limit and only its first bytes are held. */
  public boolean isTooLong(int i) {
    return tooLong[i];
  }

  /** Offset of the message's first byte, counted from {@link SourceFile#offsetBase()} of its file. */
  public long offset(int i) {
    return offsets[i];
  }

  public SourceFile source(int i) {
    return files.get(sources[i]);
  }

  /** Compressed files found damaged while this chunk was read. */
  public List<CorruptFile> corruptFiles() {
    return corruptFiles;
  }

  /** What the reader covered of bzip2 files that several splits read, for {@link Bzip2Integrity}. */
  public List<Bzip2Integrity.Segment> bzip2Segments() {
    return bzip2Segments;
  }

  public void addBzip2Segments(List<Bzip2Integrity.Segment> segments) {
    bzip2Segments.addAll(segments);
  }

  /** Bytes of message data held; what {@code chunkmill.chunk.bytes} bounds. */
  public int dataBytes() {
    return used;
  }

  public void clear() {
    used = 0;
    size = 0;
    files.clear();
    corruptFiles.clear();
    bzip2Segments.clear();
  }

  /** Registers the file that the following messages come from. */
  public void startFile(SourceFile file) {
    files.add(file);
  }

  boolean hasCurrentFile(SourceFile file) {
    return !files.isEmpty() && files.get(files.size() - 1) == file;
  }

  public void addCorruptFile(CorruptFile corrupt) {
    corruptFiles.add(corrupt);
  }

  /**
   * Appends a message from the current file.
   *
   * @param tooLong whether this is a too-long marker holding only the line's first bytes
   */
  public void add(byte[] src, int off, int len, long offset, boolean tooLong) {
    if (files.isEmpty()) {
      throw new IllegalStateException("no source file registered");
    }
    append(src, off, len, offset, tooLong, files.size() - 1);
  }

  private void append(byte[] src, int off, int len, long offset, boolean isTooLong, int source) {
    if (size == starts.length) {
      int n = size * 2;
      starts = Arrays.copyOf(starts, n);
      lengths = Arrays.copyOf(lengths, n);
      offsets = Arrays.copyOf(offsets, n);
      tooLong = Arrays.copyOf(tooLong, n);
      sources = Arrays.copyOf(sources, n);
    }
    if (used + len > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, used + len));
    }
    System.arraycopy(src, off, data, used, len);
    starts[size] = used;
    lengths[size] = len;
    offsets[size] = offset;
    tooLong[size] = isTooLong;
    sources[size] = source;
    used += len;
    size++;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, files.size());
    for (SourceFile f : files) {
      WritableUtils.writeString(out, f.path());
      WritableUtils.writeVLong(out, f.offsetBase());
    }
    WritableUtils.writeVInt(out, size);
    for (int i = 0; i < size; i++) {
      WritableUtils.writeVInt(out, sources[i]);
      WritableUtils.writeVLong(out, offsets[i]);
      out.writeBoolean(tooLong[i]);
      WritableUtils.writeVInt(out, lengths[i]);
      out.write(data, starts[i], lengths[i]);
    }
    WritableUtils.writeVInt(out, corruptFiles.size());
    for (CorruptFile c : corruptFiles) {
      WritableUtils.writeString(out, c.path());
      WritableUtils.writeVLong(out, c.bytesRead());
      WritableUtils.writeString(out, c.error());
    }
    WritableUtils.writeVInt(out, bzip2Segments.size());
    for (Bzip2Integrity.Segment g : bzip2Segments) {
      WritableUtils.writeString(out, g.path());
      WritableUtils.writeVLong(out, g.fileBytes());
      WritableUtils.writeVLong(out, g.fromBit());
      WritableUtils.writeVLong(out, g.toBit());
      out.writeBoolean(g.opens());
      out.writeBoolean(g.closes());
      WritableUtils.writeVInt(out, g.blocks());
      out.writeInt(g.crc());
      out.writeInt(g.storedCrc());
      out.writeBoolean(g.damaged());
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    clear();
    int nFiles = WritableUtils.readVInt(in);
    for (int i = 0; i < nFiles; i++) {
      files.add(new SourceFile(WritableUtils.readString(in), WritableUtils.readVLong(in)));
    }
    int n = WritableUtils.readVInt(in);
    byte[] buf = new byte[0];
    for (int i = 0; i < n; i++) {
      int source = WritableUtils.readVInt(in);
      long offset = WritableUtils.readVLong(in);
      boolean marker = in.readBoolean();
      int len = WritableUtils.readVInt(in);
      if (buf.length < len) {
        buf = new byte[len];
      }
      in.readFully(buf, 0, len);
      append(buf, 0, len, offset, marker, source);
    }
    int nCorrupt = WritableUtils.readVInt(in);
    for (int i = 0; i < nCorrupt; i++) {
      corruptFiles.add(new CorruptFile(WritableUtils.readString(in), WritableUtils.readVLong(in),
          WritableUtils.readString(in)));
    }
    int nSegments = WritableUtils.readVInt(in);
    for (int i = 0; i < nSegments; i++) {
      bzip2Segments.add(new Bzip2Integrity.Segment(WritableUtils.readString(in), WritableUtils.readVLong(in),
          WritableUtils.readVLong(in), WritableUtils.readVLong(in), in.readBoolean(), in.readBoolean(),
          WritableUtils.readVInt(in), in.readInt(), in.readInt(), in.readBoolean()));
    }
  }

  /**
   * A file that messages come from. {@code offsetBase} is 0 when offsets count from the start
   * of the decompressed file, which holds for plain text, gzip, and the split of a bzip2 file that
   * reads its first block. A later split of a bzip2 file cannot know how many decompressed bytes
   * precede it without decompressing them; its offsets then count from the start of the first
   * bzip2 block it owns, whose marker begins in compressed byte {@code offsetBase}.
   */
  public record SourceFile(String path, long offsetBase) {}

  /** A compressed file that could not be read to its end; {@code bytesRead} decompressed bytes were read. */
  public record CorruptFile(String path, long bytesRead, String error) {}
}
