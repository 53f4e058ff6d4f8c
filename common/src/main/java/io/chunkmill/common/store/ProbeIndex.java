package io.chunkmill.common.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.bloom.BloomFilter;
import org.apache.hadoop.util.bloom.Key;
import org.apache.hadoop.util.hash.Hash;

/**
 * The hidden sidecar of one data file of the events store ({@code _<name>.probe} beside
 * {@code <name>.avro}): answers "may this id be stored in that file, and in which block?" without
 * reading the file. It holds the file's bucket range and event count, a Bloom filter of its ids
 * (Hadoop's {@link BloomFilter}, sized for {@link StoreConfig#fileFpp}) and a sparse index: for every
 * block of {@value StoreFileWriter#BLOCK_RECORDS} events of the file (one Avro block, or several
 * when large events made Avro end one early), its first (bucket, id), its position (a sync point)
 * and its record count. A probe for an id whose filter says "maybe" reads exactly one such block
 * ({@link StoredDay#readFromBlock}).
 *
 * <p>Size: about 2.2 bytes per event for the filter at the default rates (1% a day over up to 48
 * files: 0.02% a file), plus one index entry (about 20 bytes and the id) per
 * {@value StoreFileWriter#BLOCK_RECORDS} events.
 */
public final class ProbeIndex {
  private static final int MAGIC = 0x434d5049; // "CMPI"
  private static final int VERSION = 1;

  /** One block of the data file. */
  public record Block(int bucket, String firstId, long position, int records) {}

  private final int firstBucket;
  private final int lastBucket;
  private final long events;
  private final List<Block> blocks;
  private final BloomFilter filter;
  private long sizeBytes;

  ProbeIndex(int firstBucket, int lastBucket, long events, List<Block> blocks, BloomFilter filter) {
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

  /** A Bloom filter sized for {@code n} ids at false-positive rate {@code fpp}. */
  static BloomFilter newFilter(long n, double fpp) {
    double bits = Math.max(8, Math.ceil(-Math.max(n, 1) * Math.log(fpp) / (Math.log(2) * Math.log(2))));
    if (bits > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("a data file of " + n + " events is too large for one Bloom filter");
    }
    int hashes = (int) Math.max(1, Math.round(bits / Math.max(n, 1) * Math.log(2)));
    return new BloomFilter((int) bits, hashes, Hash.MURMUR_HASH);
  }

  static Key key(String id) {
    return new Key(id.getBytes(StandardCharsets.UTF_8));
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

  /** The bytes of the sidecar it was read from (0 when it was not read). */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** False when {@code id} is certainly not in the file; true when it may be. */
  public boolean mayContain(String id) {
    return filter.membershipTest(key(id));
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
      filter.write(out);
    }
  }

  /** The number of events of a sidecar's data file, from its header alone. */
  public static long readEventCount(FileSystem fs, Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(fs.open(file))) {
      return readHeader(in, file)[2];
    }
  }

  /** The header: {first bucket, last bucket, events}. */
  private static long[] readHeader(DataInputStream in, Path file) throws IOException {
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new IOException(file + " is not a chunkmill probe index");
    }
    return new long[] {in.readInt(), in.readInt(), in.readLong()};
  }

  public static ProbeIndex read(FileSystem fs, Path file) throws IOException {
    try (org.apache.hadoop.fs.FSDataInputStream raw = fs.open(file); DataInputStream in = new DataInputStream(raw)) {
      long[] header = readHeader(in, file);
      int first = (int) header[0];
      int last = (int) header[1];
      long events = header[2];
      int n = in.readInt();
      List<Block> blocks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        blocks.add(new Block(in.readUnsignedShort(), Text.readString(in), in.readLong(), in.readInt()));
      }
      BloomFilter filter = new BloomFilter();
      filter.readFields(in);
      ProbeIndex index = new ProbeIndex(first, last, events, blocks, filter);
      index.sizeBytes = raw.getPos();
      return index;
    }
  }
}
