package io.chunkmill.common.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.InputSplit;

/**
 * A split of {@link ChunkInputFormat}: pieces (file, start, length) read one after the other, and
 * the hosts that hold them.
 *
 * <p>Hadoop's {@code CombineFileSplit} holds a {@link Path} per piece (a URI and its strings,
 * about 300 bytes for a short name); a job over a million small files holds a million of them in
 * the submitting client. This one holds each distinct directory once and the names as UTF-8 in
 * one array: a piece costs its name's bytes plus about 24 bytes, in memory and in the job's split file.
 */
public class ChunkSplit extends InputSplit implements Writable {
  private String[] dirs;
  private int[] dirOf;
  private byte[] names;
  private int[] nameEnd;
  private long[] starts;
  private long[] lengths;
  private String[] hosts;
  private long total;

  /** For Hadoop's serialization. */
  public ChunkSplit() {}

  private ChunkSplit(String[] dirs, int[] dirOf, byte[] names, int[] nameEnd, long[] starts, long[] lengths,
      String[] hosts) {
    this.dirs = dirs;
    this.dirOf = dirOf;
    this.names = names;
    this.nameEnd = nameEnd;
    this.starts = starts;
    this.lengths = lengths;
    this.hosts = hosts;
    this.total = Arrays.stream(lengths).sum();
  }

  /** A split of the given pieces, naming no host. */
  public static ChunkSplit of(Path[] paths, long[] starts, long[] lengths) {
    Builder b = new Builder();
    for (int i = 0; i < paths.length; i++) {
      b.add(paths[i].getParent().toString(), paths[i].getName().getBytes(StandardCharsets.UTF_8), starts[i], lengths[i]);
    }
    return b.build(new String[0]);
  }

  public int getNumPaths() {
    return starts.length;
  }

  public Path getPath(int i) {
    int start = i == 0 ? 0 : nameEnd[i - 1];
    return child(dirs[dirOf[i]], new String(names, start, nameEnd[i] - start, StandardCharsets.UTF_8));
  }

  /**
   * Path {@code dir/name} parsed as Hadoop reads a path it wrote ({@code CombineFileSplit} too):
   * not {@code new Path(dir, name)}, which takes a name with a colon for a URI scheme.
   */
  static Path child(String dir, String name) {
    return new Path(dir.endsWith("/") ? dir + name : dir + "/" + name);
  }

  public long getOffset(int i) {
    return starts[i];
  }

  public long getLength(int i) {
    return lengths[i];
  }

  @Override
  public long getLength() {
    return total;
  }

  @Override
  public String[] getLocations() {
    return hosts.clone();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, dirs.length);
    for (String dir : dirs) {
      Text.writeString(out, dir);
    }
    WritableUtils.writeVInt(out, starts.length);
    int nameStart = 0;
    for (int i = 0; i < starts.length; i++) {
      WritableUtils.writeVInt(out, dirOf[i]);
      WritableUtils.writeVInt(out, nameEnd[i] - nameStart);
      out.write(names, nameStart, nameEnd[i] - nameStart);
      nameStart = nameEnd[i];
      WritableUtils.writeVLong(out, starts[i]);
      WritableUtils.writeVLong(out, lengths[i]);
    }
    WritableUtils.writeVInt(out, hosts.length);
    for (String host : hosts) {
      Text.writeString(out, host);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    dirs = new String[WritableUtils.readVInt(in)];
    for (int d = 0; d < dirs.length; d++) {
      dirs[d] = Text.readString(in);
    }
    int n = WritableUtils.readVInt(in);
    dirOf = new int[n];
    nameEnd = new int[n];
    starts = new long[n];
    lengths = new long[n];
    byte[] buffer = new byte[Math.max(16, n * 16)];
    int used = 0;
    total = 0;
    for (int i = 0; i < n; i++) {
      dirOf[i] = WritableUtils.readVInt(in);
      int len = WritableUtils.readVInt(in);
      if (used + len > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(used + len, buffer.length * 2));
      }
      in.readFully(buffer, used, len);
      used += len;
      nameEnd[i] = used;
      starts[i] = WritableUtils.readVLong(in);
      lengths[i] = WritableUtils.readVLong(in);
      total += lengths[i];
    }
    names = Arrays.copyOf(buffer, used);
    hosts = new String[WritableUtils.readVInt(in)];
    for (int h = 0; h < hosts.length; h++) {
      hosts[h] = Text.readString(in);
    }
  }

  /** Short: a split of a million pieces is logged by every task that reads it. */
  @Override
  public String toString() {
    return starts.length == 0 ? "no pieces"
        : starts.length + " piece(s), " + total + " bytes, from " + getPath(0) + ":" + starts[0] + "+" + lengths[0]
            + (hosts.length == 0 ? "" : " on " + String.join(",", hosts));
  }

  /** Collects pieces in reading order. */
  static final class Builder {
    private final Map<String, Integer> dirIds = new LinkedHashMap<>();
    private int n;
    private int nameBytes;
    private int[] dirOf = new int[8];
    private byte[] names = new byte[64];
    private int[] nameEnd = new int[8];
    private long[] starts = new long[8];
    private long[] lengths = new long[8];

    void add(String dir, byte[] name, long start, long length) {
      int at = reserve(name.length);
      System.arraycopy(name, 0, names, at, name.length);
      finish(dir, start, length);
    }

    /** Adds file i of {@code files}, bytes {@code start} to {@code start + length}. */
    void add(InputFiles files, int i, long start, long length) {
      int len = files.copyName(i, null, 0);
      int at = reserve(len);
      files.copyName(i, names, at);
      finish(files.directory(files.directoryOf(i)), start, length);
    }

    private int reserve(int nameLength) {
      if (n == starts.length) {
        int size = n * 2;
        dirOf = Arrays.copyOf(dirOf, size);
        nameEnd = Arrays.copyOf(nameEnd, size);
        starts = Arrays.copyOf(starts, size);
        lengths = Arrays.copyOf(lengths, size);
      }
      if (nameBytes + nameLength > names.length) {
        names = Arrays.copyOf(names, Math.max(nameBytes + nameLength, names.length * 2));
      }
      int at = nameBytes;
      nameBytes += nameLength;
      return at;
    }

    private void finish(String dir, long start, long length) {
      dirOf[n] = dirIds.computeIfAbsent(dir, d -> dirIds.size());
      nameEnd[n] = nameBytes;
      starts[n] = start;
      lengths[n] = length;
      n++;
    }

    ChunkSplit build(String[] hosts) {
      return new ChunkSplit(dirIds.keySet().toArray(new String[0]), Arrays.copyOf(dirOf, n),
          Arrays.copyOf(names, nameBytes), Arrays.copyOf(nameEnd, n), Arrays.copyOf(starts, n),
          Arrays.copyOf(lengths, n), hosts);
    }
  }
}
