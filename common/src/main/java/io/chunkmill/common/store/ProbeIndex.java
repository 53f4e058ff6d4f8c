package io.chunkmill.common.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.bloom.BloomFilter;
import org.apache.hadoop.util.bloom.Key;

/**
 * The hidden sidecar of one data file of the events store ({@code _<name>.probe} beside
 * {@code <name>.avro}): answers "may this id be stored in that file, and in which block?" without
 * reading the file. It holds the file's bucket range and event count, a sparse index: for every
 * block of {@value StoreFileWriter#BLOCK_RECORDS} events of the file (one Avro block, or several
 * when large events made Avro end one early), its first (bucket, id), its position (a sync point)
 * and its record count; then a split-block Bloom filter of its ids ({@link SplitBlockBloomFilter},
 * sized for {@link StoreConfig#fileFpp}). A probe for an id whose filter says "maybe" reads exactly
 * one such block ({@link StoredDay#readFromBlock}).
 *
 * <p>{@link #open} reads the header and the sparse index and leaves the filter on the file system:
 * each test reads the one 32-byte block of the filter that can hold the id, until the tests have
 * cost (at {@link StoreConfig#PROBE_READ_BYTES} a positioned read) as much as the whole filter,
 * which is then read at once. A batch of n new ids thus spends at most about
 * {@code min(n × read cost, the cost of the whole filter)} on a file's filter, twice that at worst,
 * rather than reading filters that grow with the stored days.
 *
 * <p>Size: about 2.9 bytes per event for the filter at the default rates (1% a day over up to 48
 * files: 0.02% a file), plus one index entry (about 20 bytes and the id) per
 * {@value StoreFileWriter#BLOCK_RECORDS} events. Sidecars of version 1 (a Hadoop
 * {@code BloomFilter}, written before the filter could be read in part) are read whole, as then.
 */
public final class ProbeIndex implements AutoCloseable {
  private static final int MAGIC = 0x434d5049; // "CMPI"
  private static final int VERSION = 2;
  private static final int VERSION_HADOOP_FILTER = 1;

  /** One block of the data file. */
  public record Block(int bucket, String firstId, long position, int records) {}

  private final int firstBucket;
  private final int lastBucket;
  private final long events;
  private final List<Block> blocks;
  /** Version 2: the filter, once read whole (null while membership tests read single blocks). */
  private SplitBlockBloomFilter filter;
  /** Version 1: the whole Hadoop filter. */
  private BloomFilter hadoopFilter;
  /** Version 2, read in part: the open sidecar, where its filter begins, its blocks, the cost of a read. */
  private FSDataInputStream partial;
  private long filterOffset;
  private int filterBlocks;
  private long readCost;
  private long reads;
  private final byte[] block = new byte[SplitBlockBloomFilter.BLOCK_BYTES];
  private long bytesRead;

  ProbeIndex(int firstBucket, int lastBucket, long events, List<Block> blocks, SplitBlockBloomFilter filter) {
    this.firstBucket = firstBucket;
    this.lastBucket = lastBucket;
    this.events = events;
    this.blocks = blocks;
    this.filter = filter;
  }

  /** The sidecar of data file {@code data}. */
  public static Path sidecarOf(Path data) {
    String name = data.getName();
    int dot = name.lastIndexOf('.');
    return new Path(data.getParent(), "_" + (dot < 0 ? name : name.substring(0, dot)) + ".probe");
  }

  public int firstBucket() {
    return firstBucket;
  }

  public int lastBucket() {
    return lastBucket;
  }

  public long events() {
    return events;
  }

  /** The bytes of the sidecar read so far (0 when it was not read). */
  public long bytesRead() {
    return bytesRead;
  }

  /** False when {@code id} is certainly not in the file; true when it may be. */
  public boolean mayContain(String id) throws IOException {
    if (hadoopFilter != null) {
      return hadoopFilter.membershipTest(new Key(id.getBytes(StandardCharsets.UTF_8)));
    }
    long hash = SplitBlockBloomFilter.hash(id);
    if (filter != null) {
      return filter.mayContain(hash);
    }
    if (++reads * readCost >= (long) filterBlocks * SplitBlockBloomFilter.BLOCK_BYTES) {
      loadWhole(); // the reads so far cost what the whole filter does
      close();
      return filter.mayContain(hash);
    }
    partial.readFully(filterOffset + (long) SplitBlockBloomFilter.blockOf(hash, filterBlocks) * block.length, block);
    bytesRead += block.length;
    return SplitBlockBloomFilter.mayContain(block, hash);
  }

  /** Reads the whole filter with one positioned read. */
  private void loadWhole() throws IOException {
    byte[] bytes = new byte[Math.multiplyExact(filterBlocks, SplitBlockBloomFilter.BLOCK_BYTES)];
    partial.readFully(filterOffset, bytes);
    filter = SplitBlockBloomFilter.of(bytes);
    bytesRead += bytes.length;
  }

  /** Closes the sidecar when its filter is being read in part. */
  @Override
  public void close() throws IOException {
    if (partial != null) {
      partial.close();
      partial = null;
    }
  }

  /**
   * The bytes {@code [start, end)} of the block that holds (bucket, id) if the file does (an
   * Avro block: count, size, records, sync marker), or null when none can.
   */
  public long[] blockExtent(int bucket, String id, long fileLength) {
    int i = blockIndexFor(bucket, id);
    if (i < 0) {
      return null;
    }
    return new long[] {blocks.get(i).position(), i + 1 < blocks.size() ? blocks.get(i + 1).position() : fileLength};
  }

  private int blockIndexFor(int bucket, String id) {
    int lo = 0;
    int hi = blocks.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Block b = blocks.get(mid);
      if (Buckets.compare(b.bucket(), b.firstId(), bucket, id) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  public void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream raw = fs.create(file, true); DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(firstBucket);
      out.writeInt(lastBucket);
      out.writeLong(events);
      out.writeInt(blocks.size());
      for (Block b : blocks) {
        out.writeShort(b.bucket());
        Text.writeString(out, b.firstId());
        out.writeLong(b.position());
        out.writeInt(b.records());
      }
      out.writeInt(filter.blocks());
      filter.write(out);
    }
  }

  /** The number of events of a sidecar's data file, from its header alone. */
  public static long readEventCount(FileSystem fs, Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(fs.open(file))) {
      return readHeader(in, file)[2];
    }
  }

  /** The header: {first bucket, last bucket, events, version}. */
  private static long[] readHeader(DataInputStream in, Path file) throws IOException {
    int version = in.readInt() == MAGIC ? in.readInt() : -1;
    if (version != VERSION && version != VERSION_HADOOP_FILTER) {
      throw new IOException(file + " is not a chunkmill probe index");
    }
    return new long[] {in.readInt(), in.readInt(), in.readLong(), version};
  }

  /**
   * The sidecar {@code file} with its header and sparse index read; its filter is read a block at
   * a time, each read costing about {@code readCost} bytes, until that costs as much as reading
   * it whole (version 1 sidecars are read whole at once). Close it when done.
   */
  public static ProbeIndex open(FileSystem fs, Path file, long readCost) throws IOException {
    FSDataInputStream raw = fs.open(file);
    try {
      DataInputStream in = new DataInputStream(raw);
      long[] header = readHeader(in, file);
      int n = in.readInt();
      List<Block> blocks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        blocks.add(new Block(in.readUnsignedShort(), Text.readString(in), in.readLong(), in.readInt()));
      }
      ProbeIndex index = new ProbeIndex((int) header[0], (int) header[1], header[2], blocks, null);
      if (header[3] == VERSION_HADOOP_FILTER) {
        index.hadoopFilter = new BloomFilter();
        index.hadoopFilter.readFields(in);
        index.bytesRead = raw.getPos();
        raw.close();
        return index;
      }
      index.filterBlocks = in.readInt();
      index.filterOffset = raw.getPos();
      index.bytesRead = index.filterOffset;
      index.readCost = Math.max(SplitBlockBloomFilter.BLOCK_BYTES, readCost); // a read reads a block at least
      raw.unbuffer(); // held open for positioned reads: no buffer, no connection to a DataNode between them
      index.partial = raw;
      return index;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
