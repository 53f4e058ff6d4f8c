package io.chunkmill.common.input;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The files that a job's inputs name, with their block locations, held in a few primitive arrays
 * instead of a {@link LocatedFileStatus} per file (which holds a {@link Path}, owner, group,
 * permission and its blocks' host and topology strings): a file costs its name's bytes plus about
 * 60 bytes a file and block, host sets are shared. A client planning a job over millions of small
 * files holds this and the splits, nothing per file besides (measured in docs/PERFORMANCE.md,
 * "Many files").
 *
 * <p>Files come in directory order: directories sorted by their path, each directory's files by
 * name; a file named twice is held once. Built by {@link InputListing}; read by
 * {@link SplitPlanner} and by callers that fingerprint the inputs.
 */
public final class InputFiles {
  private final String[] dirs;
  /** File i (in directory order) is entry order[i] of the arrays below (in arrival order). */
  private final int[] order;
  private final int[] dirOf;
  private final byte[] names;
  /** Where entry a's name ends in {@link #names} (it starts where entry a-1's ends). */
  private final int[] nameEnd;
  private final long[] length;
  private final long[] modified;
  /** Entry a's blocks are firstBlock[a] .. firstBlock[a+1]-1. */
  private final int[] firstBlock;
  private final long[] blockOffset;
  private final long[] blockLength;
  private final int[] blockHosts;
  private final String[][] hostSets;
  private final String[][] rackSets;
  private final long totalBytes;

  private InputFiles(Builder b, String[] dirs, int[] order) {
    this.dirs = dirs;
    this.order = order;
    // trimmed one array at a time: the client never holds two copies of the listing
    this.dirOf = Arrays.copyOf(b.dirOf, b.files);
    b.dirOf = null;
    this.names = Arrays.copyOf(b.names, b.nameBytes);
    b.names = null;
    this.nameEnd = Arrays.copyOf(b.nameEnd, b.files);
    b.nameEnd = null;
    this.length = Arrays.copyOf(b.length, b.files);
    b.length = null;
    this.modified = Arrays.copyOf(b.modified, b.files);
    b.modified = null;
    this.firstBlock = Arrays.copyOf(b.firstBlock, b.files + 1);
    this.firstBlock[b.files] = b.blocks;
    b.firstBlock = null;
    this.blockOffset = Arrays.copyOf(b.blockOffset, b.blocks);
    b.blockOffset = null;
    this.blockLength = Arrays.copyOf(b.blockLength, b.blocks);
    b.blockLength = null;
    this.blockHosts = Arrays.copyOf(b.blockHosts, b.blocks);
    b.blockHosts = null;
    this.hostSets = b.hostSets.toArray(new String[0][]);
    this.rackSets = b.rackSets.toArray(new String[0][]);
    long total = 0;
    for (int a : order) {
      total += length[a];
    }
    this.totalBytes = total;
  }

  public int size() {
    return order.length;
  }

  public long totalBytes() {
    return totalBytes;
  }

  public Path path(int i) {
    return ChunkSplit.child(dirs[dirOf[order[i]]], name(i));
  }

  public String name(int i) {
    int a = order[i];
    return new String(names, nameStart(a), nameEnd[a] - nameStart(a), StandardCharsets.UTF_8);
  }

  public long length(int i) {
    return length[order[i]];
  }

  public long modificationTime(int i) {
    return modified[order[i]];
  }

  private int nameStart(int a) {
    return a == 0 ? 0 : nameEnd[a - 1];
  }

  /** Index of file i's directory in {@link #directory(int)}. */
  int directoryOf(int i) {
    return dirOf[order[i]];
  }

  String directory(int d) {
    return dirs[d];
  }

  /** Copies file i's name, as UTF-8, to {@code out} at {@code at}; returns its length. */
  int copyName(int i, byte[] out, int at) {
    int a = order[i];
    int len = nameEnd[a] - nameStart(a);
    if (out != null) {
      System.arraycopy(names, nameStart(a), out, at, len);
    }
    return len;
  }

  int firstBlock(int i) {
    return firstBlock[order[i]];
  }

  int blockEnd(int i) {
    return firstBlock[order[i] + 1];
  }

  long blockOffset(int block) {
    return blockOffset[block];
  }

  long blockLength(int block) {
    return blockLength[block];
  }

  /** The hosts of a block, as an index into {@link #hostSet(int)} (interned: shared by blocks). */
  int blockHosts(int block) {
    return blockHosts[block];
  }

  String[] hostSet(int set) {
    return hostSets[set];
  }

  /** The racks of a host set's hosts, position by position (null: no topology known). */
  String[] rackSet(int set) {
    return rackSets[set];
  }

  int hostSets() {
    return hostSets.length;
  }

  /** Collects files a directory's listing at a time, then orders them ({@link #build}). */
  static final class Builder {
    /** Directory path -> the ranges of entries that its listings (or files named in it) added. */
    private final Map<String, List<int[]>> byPath = new HashMap<>();
    private final Map<List<String>, Integer> hostSetIds = new HashMap<>();
    private final List<String[]> hostSets = new ArrayList<>();
    private final List<String[]> rackSets = new ArrayList<>();

    private int files;
    private int blocks;
    private int nameBytes;
    private int[] dirOf = new int[16];
    private byte[] names = new byte[256];
    private int[] nameEnd = new int[16];
    private long[] length = new long[16];
    private long[] modified = new long[16];
    private int[] firstBlock = new int[17];
    private long[] blockOffset = new long[16];
    private long[] blockLength = new long[16];
    private int[] blockHosts = new int[16];

    /** Adds files of one directory, each with its block locations. */
    synchronized void add(Path dir, List<? extends FileStatus> statuses, List<BlockLocation[]> blocks) {
      Integer[] byName = new Integer[statuses.size()];
      for (int k = 0; k < byName.length; k++) {
        byName[k] = k;
      }
      Arrays.sort(byName, Comparator.comparing(k -> statuses.get(k).getPath().getName()));
      int start = files;
      for (int k : byName) {
        append(statuses.get(k), blocks.get(k));
      }
      byPath.computeIfAbsent(dir.toString(), key -> new ArrayList<>()).add(new int[] {start, files});
    }

    private void append(FileStatus status, BlockLocation[] locations) {
      int i = files++;
      if (i == length.length) {
        int n = i + (i >> 1) + 16;
        dirOf = Arrays.copyOf(dirOf, n);
        nameEnd = Arrays.copyOf(nameEnd, n);
        length = Arrays.copyOf(length, n);
        modified = Arrays.copyOf(modified, n);
        firstBlock = Arrays.copyOf(firstBlock, n + 1);
      }
      byte[] name = status.getPath().getName().getBytes(StandardCharsets.UTF_8);
      if (nameBytes + name.length > names.length) {
        names = Arrays.copyOf(names, Math.max(nameBytes + name.length, names.length + (names.length >> 1)));
      }
      System.arraycopy(name, 0, names, nameBytes, name.length);
      nameBytes += name.length;
      nameEnd[i] = nameBytes;
      length[i] = status.getLen();
      modified[i] = status.getModificationTime();
      firstBlock[i] = blocks;
      for (BlockLocation location : locations) {
        if (blocks == blockOffset.length) {
          int n = blocks + (blocks >> 1) + 16;
          blockOffset = Arrays.copyOf(blockOffset, n);
          blockLength = Arrays.copyOf(blockLength, n);
          blockHosts = Arrays.copyOf(blockHosts, n);
        }
        blockOffset[blocks] = location.getOffset();
        blockLength[blocks] = location.getLength();
        blockHosts[blocks] = hostSet(location);
        blocks++;
      }
    }

    private int hostSet(BlockLocation location) {
      String[] hosts;
      String[] topology;
      try {
        hosts = location.getHosts();
        topology = location.getTopologyPaths();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e); // declared by BlockLocation's getters, never thrown
      }
      List<String> key = new ArrayList<>(Arrays.asList(hosts));
      key.add("/");
      key.addAll(Arrays.asList(topology));
      return hostSetIds.computeIfAbsent(key, k -> {
        String[] racks = new String[hosts.length];
        for (int h = 0; h < hosts.length && h < topology.length; h++) {
          Path rack = new Path(topology[h]).getParent();
          racks[h] = rack == null ? null : rack.toString();
        }
        hostSets.add(hosts.clone());
        rackSets.add(racks);
        return hostSets.size() - 1;
      });
    }

    /**
     * Directories sorted by path, each one's files by name (a file named twice held once). Only
     * a permutation is built: the entries stay where they arrived.
     */
    synchronized InputFiles build() {
      String[] dirs = byPath.keySet().toArray(new String[0]);
      Arrays.sort(dirs, Comparator.comparing(d -> d + "/"));
      int[] order = new int[files];
      int n = 0;
      for (int d = 0; d < dirs.length; d++) {
        List<int[]> ranges = byPath.get(dirs[d]);
        if (ranges.size() == 1) { // one listing: already sorted by name
          for (int a = ranges.get(0)[0]; a < ranges.get(0)[1]; a++) {
            dirOf[a] = d;
            order[n++] = a;
          }
          continue;
        }
        List<Integer> entries = new ArrayList<>(); // listed and also named, or named one by one
        for (int[] range : ranges) {
          for (int a = range[0]; a < range[1]; a++) {
            entries.add(a);
          }
        }
        entries.sort(Comparator.comparing(this::name));
        for (int k = 0; k < entries.size(); k++) {
          if (k == 0 || !name(entries.get(k - 1)).equals(name(entries.get(k)))) {
            dirOf[entries.get(k)] = d;
            order[n++] = entries.get(k);
          }
        }
      }
      return new InputFiles(this, dirs, Arrays.copyOf(order, n));
    }

    private String name(int a) {
      int start = a == 0 ? 0 : nameEnd[a - 1];
      return new String(names, start, nameEnd[a] - start, StandardCharsets.UTF_8);
    }
  }
}
