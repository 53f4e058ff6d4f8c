package io.chunkmill.common.store;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one data file of the events store and its {@link ProbeIndex}: events appended in (bucket,
 * id) order (refused otherwise), an Avro block every {@value #BLOCK_RECORDS} events, each block's
 * first key and position kept for the index. On close the file's ids are read back once to fill a
 * Bloom filter sized for their exact count (the count is known only at the end, and holding the ids
 * would make a task's memory grow with its output), then the sidecar is written.
 */
public final class StoreFileWriter implements AutoCloseable {
  static {
    AvroTrust.install(); // the reader and writer of specific records
  }

  /** Events per Avro block: the most a probe reads from a file. */
  public static final int BLOCK_RECORDS = 256;

  private final FileSystem fs;
  private final Path path;
  private final int firstBucket;
  private final int lastBucket;
  private final double fpp;
  private final DataFileWriter<Event> writer;
  private final List<ProbeIndex.Block> blocks = new ArrayList<>();
  private long events;
  private int inBlock;
  private int blockBucket;
  private String blockFirstId;
  private long blockPosition;
  private int lastBucketWritten = -1;
  private String lastId;

  private StoreFileWriter(FileSystem fs, Path path, int firstBucket, int lastBucket, double fpp) throws IOException {
    this.fs = fs;
    this.path = path;
    this.firstBucket = firstBucket;
    this.lastBucket = lastBucket;
    this.fpp = fpp;
    OutputStream out = fs.create(path, false);
    this.writer = new DataFileWriter<>(new SpecificDatumWriter<>(Event.class));
    writer.setSyncInterval(256 << 10); // blocks end where this class says (or, for huge events, sooner)
    writer.create(Event.getClassSchema(), out);
  }

  /** A new data file {@code path} for buckets {@code firstBucket..lastBucket}. */
  public static StoreFileWriter create(FileSystem fs, Path path, int firstBucket, int lastBucket, double fpp)
      throws IOException {
    return new StoreFileWriter(fs, path, firstBucket, lastBucket, fpp);
  }

  /** Appends {@code event}, whose id is in {@code bucket}; keys must rise strictly. */
  public void append(int bucket, Event event) throws IOException {
    String id = event.getId().toString();
    if (bucket < firstBucket || bucket > lastBucket) {
      throw new IllegalStateException("bucket " + bucket + " of id " + id + " is outside " + path);
    }
    if (lastId != null && Buckets.compare(lastBucketWritten, lastId, bucket, id) >= 0) {
      throw new IllegalStateException("events out of (bucket, id) order in " + path + ": " + id + " after " + lastId);
    }
    if (inBlock == BLOCK_RECORDS) {
      endBlock();
    }
    if (inBlock == 0) {
      blockBucket = bucket;
      blockFirstId = id;
      blockPosition = writer.sync();
    }
    writer.append(event);
    inBlock++;
    events++;
    lastBucketWritten = bucket;
    lastId = id;
  }

  private void endBlock() {
    blocks.add(new ProbeIndex.Block(blockBucket, blockFirstId, blockPosition, inBlock));
    inBlock = 0;
  }

  @Override
  public void close() throws IOException {
    if (inBlock > 0) {
      endBlock();
    }
    writer.close();
    SplitBlockBloomFilter filter = SplitBlockBloomFilter.empty(SplitBlockBloomFilter.blocksFor(events, fpp));
    try (InputStream in = fs.open(path);
        DataFileStream<Event> read = new DataFileStream<>(in, new SpecificDatumReader<>(Event.class))) {
      Event e = null;
      while (read.hasNext()) {
        e = read.next(e);
        filter.add(SplitBlockBloomFilter.hash(e.getId().toString()));
      }
    }
    new ProbeIndex(firstBucket, lastBucket, events, blocks, filter).write(fs, ProbeIndex.sidecarOf(path));
  }
}
