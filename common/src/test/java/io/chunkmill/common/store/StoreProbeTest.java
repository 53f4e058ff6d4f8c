package io.chunkmill.common.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.DatasetLayout;
import java.io.File;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The events store's files, sidecars and probes, on the local file system. */
public class StoreProbeTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 27);
  private static final long DAY_MS = DAY.toEpochDay() * 86_400_000L;

  @Rule
  public final TemporaryFolder tmp = new TemporaryFolder();

  private final Configuration conf = new Configuration();

  /** Writes {@code n} events with ids {@code prefix0..} to the day {@code day} of {@code root}, in run {@code run}. */
  private static List<Event> store(FileSystem fs, Path root, LocalDate day, String run, String prefix, int n,
      int parts, double fpp) throws Exception {
    TreeMap<String, Event> sorted = new TreeMap<>(Comparator.comparing(Buckets::key));
    long base = day.toEpochDay() * 86_400_000L;
    for (int i = 0; i < n; i++) {
      Event e = new Event(prefix + i, base + i, "u" + (i % 7), "http://x/" + (i % 11));
      sorted.put(e.getId(), e);
    }
    Path dir = new Path(new Path(root, "events/" + DatasetLayout.dayDirectory(day)), "run-" + run);
    List<DayWriters> writers = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      writers.add(DayWriters.forReducer(fs, new Path(dir, "p" + p), p, parts, fpp));
    }
    for (Event e : sorted.values()) {
      int b = Buckets.of(e.getId());
      writers.get(Buckets.rangeOf(b, parts)).append(day, b, e);
    }
    for (DayWriters w : writers) {
      w.close();
    }
    // ingest publishes one directory per run and day: move the reducers' files into it
    for (int p = 0; p < parts; p++) {
      Path from = new Path(new Path(dir, "p" + p), DatasetLayout.dayDirectory(day));
      if (fs.exists(from)) {
        for (var f : fs.listStatus(from)) {
          fs.rename(f.getPath(), new Path(dir, f.getPath().getName()));
        }
      }
      fs.delete(new Path(dir, "p" + p), true);
    }
    return new ArrayList<>(sorted.values());
  }

  @Test
  public void bucketRangesTileTheBucketsAndKeysSortByBucketThenId() {
    for (int parts : new int[] {1, 3, 7, 64, 4096}) {
      int next = 0;
      for (int p = 0; p < parts; p++) {
        assertEquals(next, Buckets.firstOfRange(p, parts));
        for (int b = Buckets.firstOfRange(p, parts); b <= Buckets.lastOfRange(p, parts); b++) {
          assertEquals(p, Buckets.rangeOf(b, parts));
        }
        next = Buckets.lastOfRange(p, parts) + 1;
      }
      assertEquals(Buckets.COUNT, next);
    }
    String k = Buckets.key("é-id");
    byte[] bytes = k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(Buckets.of("é-id"), Buckets.bucketOfKey(bytes, bytes.length));
    assertEquals("é-id", Buckets.idOfKey(k));
  }

  @Test
  public void everyStoredIdIsFoundOnItsDayAndTheHorizonAndAbsentIdsAlmostNeverReadABlock() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path root = new Path(tmp.getRoot().toURI());
    List<Event> stored = store(fs, root, DAY, "r1", "id", 5000, 3, 0.01);
    List<Event> nextDay = store(fs, root, DAY.plusDays(1), "r1", "nx", 500, 1, 0.01);
    DatasetLayout layout = DatasetLayout.of(conf, root);

    List<String> probes = new ArrayList<>();
    stored.forEach(e -> probes.add(e.getId()));
    nextDay.forEach(e -> probes.add(e.getId()));
    for (int i = 0; i < 5000; i++) {
      probes.add("absent" + i);
    }
    probes.sort(Comparator.comparing(Buckets::key));
    // a filter read a block at a time throughout, switching after some reads, and read whole at once
    List<Long> bytes = new ArrayList<>();
    for (long readCost : new long[] {32, 512, Long.MAX_VALUE / 4}) {
      StoreProbe probe = new StoreProbe(layout, 1, readCost);
      int found = 0;
      for (String id : probes) {
        List<StoreProbe.Found> f = probe.find(DAY, Buckets.of(id), id);
        if (id.startsWith("absent")) {
          assertTrue(id, f.isEmpty());
        } else {
          assertEquals(id, 1, f.size());
          assertEquals(id, f.get(0).event().getId());
          assertEquals(id.startsWith("nx") ? DAY.plusDays(1) : DAY, f.get(0).day());
          found++;
        }
      }
      probe.close();
      assertEquals(5500, found);
      // filter tests of ids a file does not hold: 2 per absent id (its day's file and the next day's),
      // 1 per stored id (the other day's file): 15,500 at a configured rate of 1%
      assertTrue("false positives near 1%: " + probe.falsePositives(), probe.falsePositives() < 15_500 * 0.02);
      assertEquals(4, probe.sidecarsRead());
      bytes.add(probe.sidecarBytes());
    }
    long whole = bytes.get(2);
    assertTrue("block reads cost at most twice the filters, and switching costs more than reading at once: " + bytes,
        bytes.get(0) <= 2 * whole && bytes.get(1) > whole && bytes.get(1) <= 2 * whole);

    StoreProbe noHorizon = new StoreProbe(layout, 0, 4096);
    String nx = nextDay.get(0).getId();
    assertTrue(noHorizon.find(DAY, Buckets.of(nx), nx).isEmpty());
  }

  @Test
  public void aTinyFilterSaysMaybeToEverythingAndProbesStillAnswerRight() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path root = new Path(tmp.getRoot().toURI());
    List<Event> stored = store(fs, root, DAY, "r1", "id", 3000, 2, 0.99);
    StoreProbe probe = new StoreProbe(DatasetLayout.of(conf, root), 1, 32);
    List<String> ids = new ArrayList<>();
    Random random = new Random(7);
    for (Event e : stored) {
      ids.add(random.nextBoolean() ? e.getId() : e.getId() + "-absent");
    }
    ids.sort(Comparator.comparing(Buckets::key));
    for (String id : ids) {
      assertEquals(id, id.endsWith("-absent") ? 0 : 1, probe.find(DAY, Buckets.of(id), id).size());
    }
    assertTrue("most absent ids read a block: " + probe.falsePositives(), probe.falsePositives() > 1000);
  }

  @Test
  public void aSidecarIndexesOneBlockPerSlabOfEventsAndReadsBack() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path root = new Path(tmp.getRoot().toURI());
    List<Event> stored = store(fs, root, DAY, "r1", "id", 1000, 1, 0.01);
    StoredDay day = StoredDay.list(fs, new Path(root, "events/" + DatasetLayout.dayDirectory(DAY)));
    assertEquals(1, day.files().size());
    assertTrue(day.legacyFiles().isEmpty());
    StoredDay.DataFile file = day.files().get(0);
    assertEquals(0, file.firstBucket());
    assertEquals(Buckets.COUNT - 1, file.lastBucket());
    ProbeIndex index = ProbeIndex.open(fs, ProbeIndex.sidecarOf(file.path()), 4096);
    assertEquals(1000, index.events());
    Event last = stored.get(stored.size() - 1);
    assertEquals(last, StoredDay.readFromBlock(fs, file, index, Buckets.of(last.getId()), last.getId()));
    assertNull(StoredDay.readFromBlock(fs, file, index, 0, ""));
    for (Event e : stored) { // every block read alone gives back its events
      assertEquals(e, StoredDay.readFromBlock(fs, file, index, Buckets.of(e.getId()), e.getId()));
    }
    assertFalse(index.mayContain("nope") && index.mayContain("nope2") && index.mayContain("nope3"));
    index.close();
  }

  @Test
  public void largeEventsThatMakeAvroEndBlocksEarlyAreStillFoundInTheirIndexBlock() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path file = new Path(new Path(tmp.getRoot().toURI()), StoredDay.dataFileName(0, Buckets.COUNT - 1));
    TreeMap<String, Event> sorted = new TreeMap<>(Comparator.comparing(Buckets::key));
    String url = "http://x/" + "u".repeat(3000); // 256 of them pass Avro's 256 KiB block limit
    for (int i = 0; i < 600; i++) {
      sorted.put("big" + i, new Event("big" + i, DAY_MS + i, "u", url + i));
    }
    try (StoreFileWriter w = StoreFileWriter.create(fs, file, 0, Buckets.COUNT - 1, 0.01)) {
      for (Event e : sorted.values()) {
        w.append(Buckets.of(e.getId()), e);
      }
    }
    StoredDay.DataFile data = new StoredDay.DataFile(file, 0, Buckets.COUNT - 1, fs.getFileStatus(file).getLen());
    try (ProbeIndex index = ProbeIndex.open(fs, ProbeIndex.sidecarOf(file), 4096)) {
      for (Event e : sorted.values()) {
        assertEquals(e, StoredDay.readFromBlock(fs, data, index, Buckets.of(e.getId()), e.getId()));
      }
    }
  }

  @Test
  public void writersRefuseEventsOutOfOrderOrOutsideTheirRange() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path file = new Path(new Path(tmp.getRoot().toURI()), StoredDay.dataFileName(0, 10));
    try (StoreFileWriter w = StoreFileWriter.create(fs, file, 0, 10, 0.01)) {
      w.append(5, new Event("b", DAY_MS, "u", "x"));
      assertThrows(IllegalStateException.class, () -> w.append(5, new Event("a", DAY_MS, "u", "x")));
      assertThrows(IllegalStateException.class, () -> w.append(11, new Event("c", DAY_MS, "u", "x")));
    }
  }

  @Test
  public void sidecarsWithAHadoopFilterWrittenBeforeFiltersCouldBeReadInPartAreStillRead() throws Exception {
    FileSystem fs = FileSystem.getLocal(conf);
    Path file = new Path(new Path(tmp.getRoot().toURI()), "_old.probe");
    org.apache.hadoop.util.bloom.BloomFilter old =
        new org.apache.hadoop.util.bloom.BloomFilter(9_600, 7, org.apache.hadoop.util.hash.Hash.MURMUR_HASH);
    for (int i = 0; i < 1000; i++) {
      old.add(new org.apache.hadoop.util.bloom.Key(("id" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(fs.create(file))) {
      out.writeInt(0x434d5049); // the version 1 layout: header, no index blocks, the Hadoop filter
      out.writeInt(1);
      out.writeInt(0);
      out.writeInt(Buckets.COUNT - 1);
      out.writeLong(1000);
      out.writeInt(0);
      old.write(out);
    }
    ProbeIndex index = ProbeIndex.open(fs, file, 32);
    assertEquals(1000, index.events());
    int absentPositives = 0;
    for (int i = 0; i < 1000; i++) {
      assertTrue(index.mayContain("id" + i));
      absentPositives += index.mayContain("absent" + i) ? 1 : 0;
    }
    assertTrue(absentPositives < 50);
    assertEquals(fs.getFileStatus(file).getLen(), index.bytesRead());
    index.close();
  }

  @Test
  public void aDayOfTheOldLayoutIsRefusedByProbesUntilConverted() throws Exception {
    File day = new File(tmp.getRoot(), "events/" + DatasetLayout.dayDirectory(DAY));
    assertTrue(day.mkdirs());
    assertTrue(new File(day, "part-00000.avro").createNewFile());
    StoreProbe probe = new StoreProbe(DatasetLayout.of(conf, new Path(tmp.getRoot().toURI())), 0, 4096);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> probe.find(DAY, 1, "x"));
    assertTrue(e.getMessage(), e.getMessage().contains("compact"));
  }
}
