package io.chunkmill.bench;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A read-only file system that lists many files without touching a disk, so that split planning
 * over a million files can be measured on a laptop: {@code synthetic://<dirs>x<files>/} holds
 * {@code dirs} directories {@code d00000 …}, each holding {@code files} files {@code f000000.json …}
 * of {@value #FILE_BYTES} bytes. Each file is one block on one of {@value #HOSTS} hosts in
 * {@value #RACKS} racks (three replicas), as a cluster's NameNode would describe it. Files cannot
 * be opened: this is for planning only. Listings are counted ({@link #listings()}).
 */
public class SyntheticFileSystem extends FileSystem {
  public static final String SCHEME = "synthetic";
  static final long FILE_BYTES = 200;
  static final int HOSTS = 20;
  static final int RACKS = 4;
  private static final long MTIME = 1_764_547_200_000L;
  private static final java.util.concurrent.atomic.AtomicLong LISTINGS = new java.util.concurrent.atomic.AtomicLong();

  private URI uri;
  private int dirs;
  private int files;

  /** The URI of a tree of {@code dirs} directories of {@code files} files each. */
  public static URI tree(int dirs, int files) {
    return URI.create(SCHEME + "://" + dirs + "x" + files + "/");
  }

  public static long listings() {
    return LISTINGS.get();
  }

  @Override
  public void initialize(URI name, org.apache.hadoop.conf.Configuration conf) throws IOException {
    super.initialize(name, conf);
    uri = URI.create(name.getScheme() + "://" + name.getAuthority());
    String[] size = name.getAuthority().split("x");
    dirs = Integer.parseInt(size[0]);
    files = Integer.parseInt(size[1]);
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  private FileStatus dir(Path p) {
    return new FileStatus(0, true, 1, 0, MTIME, makeQualified(p));
  }

  private FileStatus file(Path p) {
    return new FileStatus(FILE_BYTES, false, 3, 128L << 20, MTIME, makeQualified(p));
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    String path = makeQualified(f).toUri().getPath();
    String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/");
    if (parts.length == 0) {
      return dir(f);
    }
    int d = index(parts[0], "d", dirs);
    if (d >= 0 && parts.length == 1) {
      return dir(f);
    }
    if (d >= 0 && parts.length == 2 && parts[1].endsWith(".json")
        && index(parts[1].substring(0, parts[1].length() - 5), "f", files) >= 0) {
      return file(f);
    }
    throw new FileNotFoundException(f.toString());
  }

  private static int index(String name, String prefix, int count) {
    if (!name.startsWith(prefix)) {
      return -1;
    }
    try {
      int i = Integer.parseInt(name.substring(prefix.length()));
      return i < count ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus status = getFileStatus(f);
    if (!status.isDirectory()) {
      return new FileStatus[] {status};
    }
    LISTINGS.incrementAndGet();
    Path at = status.getPath();
    if (at.getParent() == null) {
      FileStatus[] children = new FileStatus[dirs];
      for (int d = 0; d < dirs; d++) {
        children[d] = dir(new Path(at, String.format("d%05d", d)));
      }
      return children;
    }
    FileStatus[] children = new FileStatus[files];
    for (int i = 0; i < files; i++) {
      children[i] = file(new Path(at, String.format("f%06d.json", i)));
    }
    return children;
  }

  /** One block, three replicas on consecutive hosts, hosts spread over racks. */
  @Override
  public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len) {
    if (file.isDirectory() || start >= file.getLen()) {
      return new BlockLocation[0];
    }
    int h = Math.floorMod(file.getPath().toString().hashCode(), HOSTS);
    String[] hosts = new String[3];
    String[] names = new String[3];
    String[] topology = new String[3];
    for (int r = 0; r < 3; r++) {
      int host = (h + r) % HOSTS;
      hosts[r] = "host-" + host;
      names[r] = hosts[r] + ":9866";
      topology[r] = "/rack-" + (host % RACKS) + "/" + names[r];
    }
    return new BlockLocation[] {new BlockLocation(names, hosts, topology, 0, file.getLen())};
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    throw new IOException("synthetic files cannot be read: " + f);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public void setWorkingDirectory(Path dir) {}

  @Override
  public Path getWorkingDirectory() {
    return new Path(uri.toString() + "/");
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    throw new IOException("read-only");
  }
}
