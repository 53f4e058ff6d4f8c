package io.chunkmill.common.store;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.DatasetLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Looks up ids among the stored events of a root, for a task that meets the ids in (bucket, id)
 * order (a reducer of the ingest's dedup step). For an id of day D it looks at the days D −
 * horizon … D + horizon; of each, only the data files whose bucket range holds the id's bucket;
 * of each such file, its {@link ProbeIndex} first, and one block of the file when the filter says
 * the id may be there.
 *
 * <p>Memory stays bounded as days grow: a sidecar is opened when the first id of its range comes
 * and dropped when the ids have moved past its range, so a task holds the sidecars of the files
 * that cover one bucket (a compacted day's files cover narrow ranges; a small run's file covers
 * all of them but is small). What it reads of a sidecar's filter grows with the ids it tests
 * against it, up to the filter's size ({@link ProbeIndex#open}).
 */
public final class StoreProbe implements AutoCloseable {
  /** A stored copy of an id: where it is and what it holds. */
  public record Found(LocalDate day, Path file, Event event) {}

  private final FileSystem fs;
  private final DatasetLayout layout;
  private final int horizon;
  private final long readCost;
  private final Map<LocalDate, StoredDay> days = new HashMap<>();
  private final Map<Path, ProbeIndex> loaded = new HashMap<>();
  private int bucket = -1;
  private long sidecarsRead;
  /** Bytes read of the sidecars already dropped. */
  private long sidecarBytes;
  private long blocksRead;
  private long falsePositives;

  /** A probe of the days within {@code horizonDays}; a positioned read of a sidecar costs about {@code readCost} bytes. */
  public StoreProbe(DatasetLayout layout, int horizonDays, long readCost) {
    this.fs = layout.fs();
    this.layout = layout;
    this.horizon = horizonDays;
    this.readCost = readCost;
  }

  /** The stored copies of {@code id} (of {@code bucket}) on the days within the horizon of {@code day}. */
  public List<Found> find(LocalDate day, int bucket, String id) throws IOException {
    return find(day, day, bucket, id);
  }

  /**
   * The stored copies of {@code id} (of {@code bucket}) on the days within the horizon of any day
   * from {@code first} to {@code last} (the days of a run's copies of the id).
   */
  public List<Found> find(LocalDate first, LocalDate last, int bucket, String id) throws IOException {
    moveTo(bucket);
    List<Found> found = new ArrayList<>(1);
    for (LocalDate probed = first.minusDays(horizon); !probed.isAfter(last.plusDays(horizon));
        probed = probed.plusDays(1)) {
      for (StoredDay.DataFile f : day(probed).files()) {
        if (!f.covers(bucket)) {
          continue;
        }
        ProbeIndex index = index(f);
        if (!index.mayContain(id)) {
          continue;
        }
        blocksRead++;
        Event e = StoredDay.readFromBlock(fs, f, index, bucket, id);
        if (e == null) {
          falsePositives++;
        } else {
          found.add(new Found(probed, f.path(), e));
        }
      }
    }
    return found;
  }

  private StoredDay day(LocalDate day) throws IOException {
    StoredDay d = days.get(day);
    if (d == null) {
      d = StoredDay.list(fs, layout.events(day));
      if (!d.legacyFiles().isEmpty()) {
        throw new IllegalStateException("day " + day + " holds data files outside the store's layout "
            + d.legacyFiles() + ": convert it first (compact)");
      }
      days.put(day, d);
    }
    return d;
  }

  private ProbeIndex index(StoredDay.DataFile f) throws IOException {
    ProbeIndex index = loaded.get(f.path());
    if (index == null) {
      index = ProbeIndex.open(sidecarFs(), ProbeIndex.sidecarOf(f.path()), readCost);
      sidecarsRead++;
      loaded.put(f.path(), index);
    }
    return index;
  }

  /**
   * Where sidecars are read from: the root's file system, but on local files the raw one. A local
   * file system that checks sums opens the file and its checksum file again for every positioned
   * read (a 32-byte read of a filter block counted 19.5 KB there); HDFS checks each read by its
   * chunks. Local roots are for trials: their sidecars go unchecked.
   */
  private FileSystem sidecarFs() {
    return fs instanceof ChecksumFileSystem checked ? checked.getRawFileSystem() : fs;
  }

  /** Buckets come in rising order: drop the sidecars of files whose range lies behind. */
  private void moveTo(int next) throws IOException {
    if (next < bucket) {
      throw new IllegalStateException("ids must come in rising bucket order: " + next + " after " + bucket);
    }
    if (next != bucket) {
      bucket = next;
      for (Iterator<ProbeIndex> it = loaded.values().iterator(); it.hasNext(); ) {
        ProbeIndex index = it.next();
        if (index.lastBucket() < next) {
          drop(index);
          it.remove();
        }
      }
    }
  }

  public long sidecarsRead() {
    return sidecarsRead;
  }

  private void drop(ProbeIndex index) throws IOException {
    sidecarBytes += index.bytesRead();
    index.close();
  }

  /** Closes the sidecars still open. */
  @Override
  public void close() throws IOException {
    for (ProbeIndex index : loaded.values()) {
      drop(index);
    }
    loaded.clear();
  }

  /** Bytes read of sidecars: headers, sparse indexes and filters, in part or whole. */
  public long sidecarBytes() {
    long open = 0;
    for (ProbeIndex index : loaded.values()) {
      open += index.bytesRead();
    }
    return sidecarBytes + open;
  }

  public long blocksRead() {
    return blocksRead;
  }

  public long falsePositives() {
    return falsePositives;
  }
}
