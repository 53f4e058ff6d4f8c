package io.chunkmill.common.store;

import io.chunkmill.common.avro.AvroTrust;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.fs.HiddenFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The data files of one stored day partition of the events store, and probes into them.
 *
 * <p>A day partition holds one directory per run that added events to it ({@code run-<run>/}),
 * each holding data files named by their bucket range ({@code part-b<first>-<last>.avro}, hex) with
 * a {@link ProbeIndex} sidecar each. A data file directly in the partition is of the layout before
 * the store ({@code part-00000.avro}, unsorted, no sidecar): such a day must be converted
 * ({@code compact}) before it can be probed.
 */
public final class StoredDay {
  static {
    AvroTrust.install(); // the reader and writer of specific records
  }

  private static final Pattern DATA_FILE = Pattern.compile("part-b([0-9a-f]{3})-([0-9a-f]{3})\\.avro");

  /** One data file and its bucket range. */
  public record DataFile(Path path, int firstBucket, int lastBucket, long length) {
    public boolean covers(int bucket) {
      return bucket >= firstBucket && bucket <= lastBucket;
    }
  }

  private final Path directory;
  private final List<DataFile> files;
  private final List<Path> legacy;

  private StoredDay(Path directory, List<DataFile> files, List<Path> legacy) {
    this.directory = directory;
    this.files = files;
    this.legacy = legacy;
  }

  /** The name of the data file for buckets {@code first..last}. */
  public static String dataFileName(int first, int last) {
    return String.format(Locale.ROOT, "part-b%03x-%03x.avro", first, last);
  }

  /** The bucket range {first, last} of a data file's name, refused for any other name. */
  public static int[] bucketRange(String name) {
    Matcher m = DATA_FILE.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " is not a data file of the events store");
    }
    return new int[] {Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16)};
  }

  /** Lists the day partition {@code dir} (which may not exist: then it holds nothing). */
  public static StoredDay list(FileSystem fs, Path dir) throws IOException {
    List<DataFile> files = new ArrayList<>();
    List<Path> legacy = new ArrayList<>();
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir, HiddenFiles.VISIBLE)) {
        if (!s.isDirectory()) {
          legacy.add(s.getPath());
          continue;
        }
        for (FileStatus f : fs.listStatus(s.getPath(), HiddenFiles.VISIBLE)) {
          Matcher m = DATA_FILE.matcher(f.getPath().getName());
          if (f.isDirectory() || !m.matches()) {
            legacy.add(f.getPath());
          } else {
            files.add(new DataFile(f.getPath(), Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16),
                f.getLen()));
          }
        }
      }
    }
    return new StoredDay(dir, List.copyOf(files), List.copyOf(legacy));
  }

  public Path directory() {
    return directory;
  }

  public List<DataFile> files() {
    return files;
  }

  /** Visible files that are not data files of the store (the layout before it); empty when none. */
  public List<Path> legacyFiles() {
    return legacy;
  }

  /** Every visible data file, store and legacy. */
  public List<Path> allDataFiles() {
    List<Path> all = new ArrayList<>(legacy);
    files.forEach(f -> all.add(f.path()));
    return all;
  }

  /**
   * Reads the one block of {@code file} that {@code index} names for (bucket, id), and only its
   * bytes (a positioned read; the file's header is not read: the store writes its data files itself,
   * schema {@code Event}, blocks uncompressed), and returns the event with that id, or null (a false
   * positive of the filter).
   */
  public static Event readFromBlock(FileSystem fs, DataFile file, ProbeIndex index, int bucket, String id)
      throws IOException {
    long[] extent = index.blockExtent(bucket, id, file.length());
    if (extent == null) {
      return null;
    }
    byte[] block = new byte[Math.toIntExact(extent[1] - extent[0])];
    try (FSDataInputStream in = fs.open(file.path())) {
      in.readFully(extent[0], block);
    }
    // The extent is one block of the index: one Avro block, or several when large events made Avro
    // end a block early (its byte limit). Each: record count, byte size, records, sync marker.
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(block, null);
    Event e = null;
    while (!decoder.isEnd()) {
      long count = decoder.readLong();
      decoder.readLong(); // the block's size in bytes
      for (long i = 0; i < count; i++) {
        e = READER.get().read(e, decoder);
        String eid = e.getId();
        int c = Buckets.compare(Buckets.of(eid), eid, bucket, id);
        if (c == 0) {
          return e;
        }
        if (c > 0) {
          return null;
        }
      }
      decoder.skipFixed(SYNC_SIZE);
    }
    return null;
  }

  /** The bytes of an Avro container file's sync marker, after every block. */
  private static final int SYNC_SIZE = 16;

  private static final ThreadLocal<SpecificDatumReader<Event>> READER =
      ThreadLocal.withInitial(() -> new SpecificDatumReader<>(Event.class));
}
