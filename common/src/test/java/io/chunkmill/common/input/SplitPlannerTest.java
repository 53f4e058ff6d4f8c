package io.chunkmill.common.input;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.Test;

public class SplitPlannerTest {
  private static final long BLOCK = 1000;

  /** A file of {@code length} bytes in blocks of {@link #BLOCK}, block k on hosts[k % hosts.length]. */
  private static LocatedFileStatus file(String path, long length, String[]... hosts) {
    List<BlockLocation> blocks = new ArrayList<>();
    hosts = hosts.length == 0 ? new String[][] {{"h0"}} : hosts;
    for (long at = 0, k = 0; at < length; at += BLOCK, k++) {
      String[] on = hosts[(int) (k % hosts.length)];
      String[] topology = new String[on.length];
      for (int h = 0; h < on.length; h++) {
        topology[h] = "/rack-" + on[h].charAt(on[h].length() - 1) % 2 + "/" + on[h];
      }
      blocks.add(new BlockLocation(on, on, topology, at, Math.min(BLOCK, length - at)));
    }
    FileStatus status = new FileStatus(length, false, 3, BLOCK, 7, new Path(path));
    return new LocatedFileStatus(status, blocks.toArray(new BlockLocation[0]));
  }

  private static InputFiles listing(LocatedFileStatus... files) {
    InputFiles.Builder b = new InputFiles.Builder();
    Map<Path, List<LocatedFileStatus>> byDir = new TreeMap<>();
    for (LocatedFileStatus f : files) {
      byDir.computeIfAbsent(f.getPath().getParent(), d -> new ArrayList<>()).add(f);
    }
    byDir.forEach((dir, statuses) -> add(b, dir, statuses));
    return b.build();
  }

  private static void add(InputFiles.Builder b, Path dir, List<LocatedFileStatus> statuses) {
    b.add(dir, statuses, statuses.stream().map(LocatedFileStatus::getBlockLocations).toList());
  }

  /** Every byte of every file in exactly one piece: (path -> covered ranges) tile each file. */
  private static void assertTiles(InputFiles files, List<InputSplit> splits) throws Exception {
    Map<String, TreeMap<Long, Long>> covered = new HashMap<>();
    for (InputSplit s : splits) {
      ChunkSplit c = (ChunkSplit) s;
      for (int i = 0; i < c.getNumPaths(); i++) {
        Long before = covered.computeIfAbsent(c.getPath(i).toString(), p -> new TreeMap<>())
            .put(c.getOffset(i), c.getLength(i));
        assertEquals("a piece planned twice", null, before);
      }
    }
    assertEquals(files.size(), covered.size());
    for (int i = 0; i < files.size(); i++) {
      long at = 0;
      for (Map.Entry<Long, Long> piece : covered.get(files.path(i).toString()).entrySet()) {
        assertEquals(files.path(i) + " continues at " + at, at, (long) piece.getKey());
        at += piece.getValue();
      }
      assertEquals(files.length(i), at);
    }
  }

  @Test
  public void splitsAreNodeLocalAndBoundedAndCoverEveryByteOnce() throws Exception {
    String[] a = {"host-a"};
    String[] b = {"host-b"};
    List<LocatedFileStatus> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(file("hdfs://nn/in/d" + (i % 3) + "/f" + i + ".json", 300, i % 2 == 0 ? a : b));
    }
    InputFiles files = listing(all.toArray(new LocatedFileStatus[0]));
    List<InputSplit> splits = new SplitPlanner(files, 1000, 0, 0, 5).plan(i -> true);
    assertTiles(files, splits);
    int local = 0;
    for (InputSplit s : splits) {
      ChunkSplit c = (ChunkSplit) s;
      assertTrue("closed on reaching the maximum: " + c, c.getLength() < 1000 + 300);
      if (c.getLocations().length == 1) { // made on one node, of that node's files only
        local++;
        String host = c.getLocations()[0];
        for (int i = 0; i < c.getNumPaths(); i++) {
          int n = Integer.parseInt(c.getPath(i).getName().replaceAll("\\D", ""));
          assertEquals(c.toString(), n % 2 == 0 ? "host-a" : "host-b", host);
        }
      }
    }
    // 15 files of 300 bytes a node: 3 splits of 4 (1,200 bytes: a split closes on reaching the
    // maximum, as in CombineFileInputFormat); each node's last 900 bytes stay under the maximum and
    // go to the round of the rest: 1,800 bytes, two splits
    assertEquals(6, local);
    assertEquals(8, splits.size());
  }

  @Test
  public void aHostNamedTwiceInABlocksLocationsDoesNotMakeItsPiecesTwice() throws Exception {
    String[] twice = {"127.0.0.1", "127.0.0.1", "127.0.0.1"}; // three DataNodes on one machine
    List<LocatedFileStatus> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(file("hdfs://nn/in/f" + i + ".json", 250, twice));
    }
    InputFiles files = listing(all.toArray(new LocatedFileStatus[0]));
    List<InputSplit> splits = new SplitPlanner(files, 1000, 0, 0, 5).plan(i -> true);
    assertTiles(files, splits);
    for (InputSplit s : splits) {
      assertArrayEquals(new String[] {"127.0.0.1"}, s.getLocations());
    }
  }

  @Test
  public void aFileWhoseBlocksHoldNoBytesIsStillAPiece() throws Exception {
    FileStatus status = new FileStatus(0, false, 3, BLOCK, 7, new Path("hdfs://nn/in/open.json"));
    LocatedFileStatus open = new LocatedFileStatus(status,
        new BlockLocation[] {new BlockLocation(new String[] {"h1"}, new String[] {"h1"}, 0, 0)});
    InputFiles files = listing(open);
    List<InputSplit> splits = new SplitPlanner(files, 1000, 0, 0, 5).plan(i -> true);
    assertEquals(1, splits.size());
    assertEquals(1, ((ChunkSplit) splits.get(0)).getNumPaths());
  }

  @Test(expected = IllegalArgumentException.class)
  public void contradictingMinimumsAreRefused() {
    new SplitPlanner(listing(file("hdfs://nn/in/a.json", 10)), 1000, 600, 500, 5);
  }

  @Test
  public void largeSplittableFilesArePiecesOfBlocksAndOthersAreWhole() throws Exception {
    String[][] hosts = {{"h1", "h2", "h3"}, {"h2", "h3", "h4"}};
    InputFiles files = listing(file("hdfs://nn/in/big.json", 5500, hosts), file("hdfs://nn/in/big.json.gz", 3500, hosts),
        file("hdfs://nn/in/empty.json", 0));
    List<InputSplit> splits = new SplitPlanner(files, 700, 0, 0, 2)
        .plan(i -> !files.name(i).endsWith(".gz"));
    assertTiles(files, splits);
    for (InputSplit s : splits) {
      ChunkSplit c = (ChunkSplit) s;
      assertTrue(c.toString(), c.getLocations().length <= 2);
      for (int i = 0; i < c.getNumPaths(); i++) {
        if (c.getPath(i).getName().endsWith(".gz")) {
          assertEquals("gzip is read whole", 3500, c.getLength(i));
          assertEquals("and closes its split", c.getNumPaths() - 1, i);
        } else if (c.getPath(i).getName().equals("big.json")) {
          // a 1000-byte block under a 700-byte maximum: two halves, not 700 + 300
          assertTrue(c.toString(), c.getLength(i) == 500 || c.getLength(i) == 250);
        }
      }
    }
  }

  @Test
  public void leftoversBecomeNodeSplitsAboveTheNodeMinimumAndRackSplitsAboveTheRackMinimum() throws Exception {
    // hosts a1 (rack-1) and a2 (rack-0): 400 bytes each, under the 1000 maximum
    InputFiles files = listing(file("hdfs://nn/in/x1.json", 400, new String[] {"a1"}),
        file("hdfs://nn/in/x2.json", 400, new String[] {"a2"}));
    List<InputSplit> nodeSplits = new SplitPlanner(files, 1000, 300, 0, 5).plan(i -> true);
    assertEquals(2, nodeSplits.size());
    for (InputSplit s : nodeSplits) {
      assertEquals(1, s.getLocations().length);
    }
    List<InputSplit> together = new SplitPlanner(files, 1000, 500, 500, 5).plan(i -> true);
    assertEquals("neither node nor rack reaches 500: one split of the rest", 1, together.size());
    assertEquals(800, together.get(0).getLength());
    assertEquals(2, together.get(0).getLocations().length);
  }

  @Test
  public void aSplitSurvivesItsWritableRoundTripWithAnyName() throws Exception {
    Path[] paths = {new Path("hdfs://nn:8020/in/a b/x:y.json"), new Path("file:/tmp/ü/é.json"),
        new Path("hdfs://nn:8020/in/a b/z.json"), new Path("file:/top.json")};
    ChunkSplit split = ChunkSplit.of(paths, new long[] {0, 10, 20, 30}, new long[] {5, 15, 25, 35});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    split.write(new DataOutputStream(bytes));
    ChunkSplit back = new ChunkSplit();
    back.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(4, back.getNumPaths());
    for (int i = 0; i < paths.length; i++) {
      assertEquals(paths[i], back.getPath(i));
      assertEquals(split.getOffset(i), back.getOffset(i));
      assertEquals(split.getLength(i), back.getLength(i));
    }
    assertEquals(80, back.getLength());
    assertArrayEquals(new String[0], back.getLocations());
  }

  @Test
  public void theListingIsInDirectoryOrderWithFilesNamedTwiceHeldOnce() {
    InputFiles.Builder b = new InputFiles.Builder();
    add(b, new Path("file:/in/b"), List.of(file("file:/in/b/2.json", 1), file("file:/in/b/1.json", 1)));
    add(b, new Path("file:/in"), List.of(file("file:/in/z.json", 1)));
    add(b, new Path("file:/in/b"), List.of(file("file:/in/b/1.json", 1))); // named again
    add(b, new Path("file:/in/a"), List.of(file("file:/in/a/x.json", 1)));
    InputFiles files = b.build();
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      paths.add(files.path(i).toString());
    }
    assertEquals(List.of("file:/in/z.json", "file:/in/a/x.json", "file:/in/b/1.json", "file:/in/b/2.json"), paths);
    assertEquals(4, files.totalBytes());
  }
}
