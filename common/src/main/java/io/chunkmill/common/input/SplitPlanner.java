package io.chunkmill.common.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.hadoop.mapreduce.InputSplit;

/**
 * Packs the pieces of {@link InputFiles} into {@link ChunkSplit}s of about {@code maxSize} bytes
 * (a split closes when it reaches the maximum, so its last piece may take it over, by less than
 * that piece), keeping locality as Hadoop's {@code CombineFileInputFormat} does, in three rounds:
 * <ol>
 *   <li>nodes in turn, each taking one full split of its pieces per turn; what is left on a node
 *       becomes a split there if it reaches {@code minNode} bytes and the node has none yet;
 *   <li>racks the same way with what is left ({@code minRack});
 *   <li>the rest in file order, the split naming the hosts that hold most of it.
 * </ol>
 * A file that is splittable becomes a piece per block (a block larger than {@code maxSize} cut as
 * {@code CombineFileInputFormat} cuts it: a tail shorter than {@code maxSize} is shared with the
 * piece before it); any other file is one piece, located where its first block is.
 *
 * <p>Why not {@code CombineFileInputFormat} itself: it keeps a {@code OneFileInfo}, a
 * {@code OneBlockInfo} and entries in four hash maps per file, beside a {@link org.apache.hadoop.fs.Path}
 * per piece in every {@code CombineFileSplit}. With a million one-block files that is gigabytes in
 * the submitting client; here a piece is four array slots and each host's pieces one int array
 * (docs/PERFORMANCE.md, "Many files").
 */
final class SplitPlanner {
  private final InputFiles files;
  private final long maxSize;
  private final long minNode;
  private final long minRack;
  private final int maxLocations;

  // pieces, in file order
  private int pieces;
  private int[] pieceFile = new int[16];
  private long[] pieceStart = new long[16];
  private long[] pieceLength = new long[16];
  /** Host set of the piece (an index into files' host sets), -1 when it has no location. */
  private int[] pieceHosts = new int[16];

  private final List<String> hostNames = new ArrayList<>();
  private final Map<String, Integer> hostIds = new HashMap<>();
  private final List<String> rackNames = new ArrayList<>();
  /** Per host set of {@code files}: its hosts' and racks' ids. */
  private int[][] hostsOfSet;
  private int[][] racksOfSet;

  private final BitSet assigned = new BitSet();
  private final List<InputSplit> splits = new ArrayList<>();

  SplitPlanner(InputFiles files, long maxSize, long minNode, long minRack, int maxLocations) {
    if (maxSize <= 0) {
      throw new IllegalArgumentException("the split maximum must be positive: " + maxSize);
    }
    if (minNode > maxSize || minRack > maxSize || (minRack > 0 && minNode > minRack)) { // as CombineFileInputFormat
      throw new IllegalArgumentException("split sizes contradict each other: minimum per node " + minNode
          + ", per rack " + minRack + ", maximum " + maxSize + " (the node's at most the rack's, both at most the maximum)");
    }
    this.files = files;
    this.maxSize = maxSize;
    this.minNode = minNode;
    this.minRack = minRack;
    this.maxLocations = Math.max(1, maxLocations);
  }

  List<InputSplit> plan(IntPredicate splittable) {
    cutPieces(splittable);
    indexHosts();
    round(byPlace(hostsOfSet, hostNames.size()), minNode, true);
    round(byPlace(racksOfSet, rackNames.size()), minRack, false);
    rest();
    return splits;
  }

  private void cutPieces(IntPredicate splittable) {
    for (int i = 0; i < files.size(); i++) {
      long fileLength = files.length(i);
      int first = files.firstBlock(i);
      int end = files.blockEnd(i);
      if (first == end) {
        addPiece(i, 0, fileLength, -1); // no block (an empty file): read, found empty, counted
      } else if (!splittable.test(i)) {
        addPiece(i, 0, fileLength, files.blockHosts(first));
      } else {
        int before = pieces;
        for (int b = first; b < end; b++) {
          long at = files.blockOffset(b);
          long left = Math.min(files.blockLength(b), fileLength - at);
          while (left > 0) {
            long length = left <= maxSize ? left : left < 2 * maxSize ? left / 2 : maxSize;
            addPiece(i, at, length, files.blockHosts(b));
            at += length;
            left -= length;
          }
        }
        if (pieces == before) {
          addPiece(i, 0, fileLength, files.blockHosts(first)); // blocks of no bytes (a file being written)
        }
      }
    }
  }

  private void addPiece(int file, long start, long length, int hosts) {
    if (pieces == pieceFile.length) {
      int n = pieces + (pieces >> 1) + 16;
      pieceFile = Arrays.copyOf(pieceFile, n);
      pieceStart = Arrays.copyOf(pieceStart, n);
      pieceLength = Arrays.copyOf(pieceLength, n);
      pieceHosts = Arrays.copyOf(pieceHosts, n);
    }
    pieceFile[pieces] = file;
    pieceStart[pieces] = start;
    pieceLength[pieces] = length;
    pieceHosts[pieces] = hosts;
    pieces++;
  }

  private void indexHosts() {
    Map<String, Integer> rackIds = new HashMap<>();
    hostsOfSet = new int[files.hostSets()][];
    racksOfSet = new int[files.hostSets()][];
    for (int set = 0; set < files.hostSets(); set++) {
      String[] hosts = files.hostSet(set);
      String[] racks = files.rackSet(set);
      List<Integer> setHosts = new ArrayList<>();
      List<Integer> setRacks = new ArrayList<>();
      for (int h = 0; h < hosts.length; h++) {
        int host = id(hostIds, hostNames, hosts[h]);
        if (setHosts.contains(host)) {
          continue; // a host named twice (DataNodes sharing a machine): a piece is listed once per place
        }
        setHosts.add(host);
        if (racks[h] != null) {
          int rack = id(rackIds, rackNames, racks[h]);
          if (!setRacks.contains(rack)) {
            setRacks.add(rack);
          }
        }
      }
      hostsOfSet[set] = setHosts.stream().mapToInt(Integer::intValue).toArray();
      racksOfSet[set] = setRacks.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static int id(Map<String, Integer> ids, List<String> names, String name) {
    return ids.computeIfAbsent(name, n -> {
      names.add(n);
      return names.size() - 1;
    });
  }

  /** For each place (host or rack), its pieces in file order: {@code [place][k]}. */
  private int[][] byPlace(int[][] placesOfSet, int places) {
    int[] count = new int[places];
    for (int p = 0; p < pieces; p++) {
      if (pieceHosts[p] >= 0) {
        for (int place : placesOfSet[pieceHosts[p]]) {
          count[place]++;
        }
      }
    }
    int[][] byPlace = new int[places][];
    for (int place = 0; place < places; place++) {
      byPlace[place] = new int[count[place]];
      count[place] = 0;
    }
    for (int p = 0; p < pieces; p++) {
      if (pieceHosts[p] >= 0) {
        for (int place : placesOfSet[pieceHosts[p]]) {
          byPlace[place][count[place]++] = p;
        }
      }
    }
    return byPlace;
  }

  /**
   * Places in turn, each making one full split of its unassigned pieces per turn; a place that has
   * no full split left makes one of what it has if that reaches {@code min} (nodes: only if the node
   * has none yet) and is done.
   */
  private void round(int[][] byPlace, long min, boolean nodes) {
    int places = byPlace.length;
    int[] cursor = new int[places];
    int[] made = new int[places];
    BitSet done = new BitSet(places);
    while (done.cardinality() < places) {
      for (int place = 0; place < places; place++) {
        if (done.get(place)) {
          continue;
        }
        List<Integer> taken = new ArrayList<>(); // the names are copied only into a split that is kept
        long bytes = 0;
        int k = cursor[place];
        int[] mine = byPlace[place];
        boolean full = false;
        for (; k < mine.length; k++) {
          int p = mine[k];
          if (assigned.get(p)) {
            continue;
          }
          taken.add(p);
          bytes += pieceLength[p];
          if (bytes >= maxSize) {
            full = true;
            k++;
            break;
          }
        }
        cursor[place] = k;
        if (full || (min > 0 && bytes >= min && (!nodes || made[place] == 0))) {
          taken.forEach(assigned::set);
          splits.add(split(taken, nodes ? new String[] {hostNames.get(place)} : hostsHolding(taken, place)));
          made[place]++;
        }
        if (!full) {
          done.set(place);
        }
      }
    }
  }

  /** The rest, in file order, into full splits and one last. */
  private void rest() {
    List<Integer> taken = new ArrayList<>();
    long bytes = 0;
    for (int p = assigned.nextClearBit(0); p < pieces; p = assigned.nextClearBit(p + 1)) {
      taken.add(p);
      bytes += pieceLength[p];
      if (bytes >= maxSize) {
        splits.add(split(taken, hostsHolding(taken, -1)));
        taken.clear();
        bytes = 0;
      }
    }
    if (!taken.isEmpty()) {
      splits.add(split(taken, hostsHolding(taken, -1)));
    }
  }

  private ChunkSplit split(List<Integer> taken, String[] hosts) {
    ChunkSplit.Builder split = new ChunkSplit.Builder();
    for (int p : taken) {
      split.add(files, pieceFile[p], pieceStart[p], pieceLength[p]);
    }
    return split.build(hosts);
  }

  /** The hosts holding most of the pieces' bytes (in {@code rack}, if not -1), at most the allowed number. */
  private String[] hostsHolding(List<Integer> taken, int rack) {
    Map<Integer, Long> bytes = new HashMap<>();
    for (int p : taken) {
      int set = pieceHosts[p];
      if (set < 0) {
        continue;
      }
      String[] hosts = files.hostSet(set);
      String[] racks = files.rackSet(set);
      for (int h = 0; h < hosts.length; h++) {
        if ((rack < 0 || (racks[h] != null && racks[h].equals(rackNames.get(rack))))
            && !Arrays.asList(hosts).subList(0, h).contains(hosts[h])) { // a host named twice counts once
          bytes.merge(hostIds.get(hosts[h]), pieceLength[p], Long::sum);
        }
      }
    }
    return bytes.entrySet().stream()
        .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(maxLocations).map(e -> hostNames.get(e.getKey())).toArray(String[]::new);
  }
}
