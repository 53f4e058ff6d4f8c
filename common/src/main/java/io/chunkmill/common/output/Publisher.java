package io.chunkmill.common.output;

import io.chunkmill.common.fs.HiddenFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;

/**
 * Publishes staged output so that readers see the old content or the new, never a mix, a partial
 * file set, or nothing.
 *
 * <p>A directory cannot be replaced in one step on HDFS, but a file can. So every published
 * analysis partition ({@code counts/url/dt=…}, …) holds exactly one data file, {@value #DATA_FILE},
 * plus {@code _SUCCESS} and hidden files that describe it (the version of the events it was
 * computed from); the events store publishes whole run directories and single files instead:
 * <ul>
 *   <li>a partition that does not exist yet is completed in staging ({@code _SUCCESS} included)
 *       and renamed into place in one rename;</li>
 *   <li>an existing partition gets its data file replaced by one atomic rename (HDFS: rename
 *       with OVERWRITE; local: POSIX rename), then its hidden files, then a new
 *       {@code _SUCCESS}.</li>
 * </ul>
 * Other file systems (object stores) have no atomic rename; there the replacement is a delete and
 * a rename, which is as close as they allow.
 */
public final class Publisher {
  /** The one data file of a published partition. */
  public static final String DATA_FILE = "part-00000.avro";

  private Publisher() {}

  /**
   * Publishes the partition staged in {@code staged} (which must hold exactly one visible data
   * file) as {@code live}. {@code staged} is consumed.
   */
  public static void publishPartition(FileSystem fs, Path staged, Path live) throws IOException {
    Path data = singleDataFile(fs, staged);
    Path canonical = new Path(staged, DATA_FILE);
    if (!data.equals(canonical)) {
      rename(fs, data, canonical);
    }
    if (!fs.exists(live)) {
      touchSuccess(fs, staged);
      fs.mkdirs(live.getParent());
      if (fs.rename(staged, live)) {
        return;
      }
      if (!fs.exists(live)) {
        throw new IOException("Cannot publish " + staged + " as " + live);
      }
      // Somebody published it in between: replace it below.
    }
    replaceFile(fs, canonical, new Path(live, DATA_FILE));
    finishReplacedPartition(fs, staged, live);
  }

  /**
   * The end of replacing a live partition, once its data file is in place: other data files go,
   * {@code _SUCCESS} is renewed (the publication time), the staged directory is removed. Also how a
   * replacement interrupted at that point is finished ({@link PublicationJournal}).
   */
  static void finishReplacedPartition(FileSystem fs, Path staged, Path live) throws IOException {
    for (FileStatus hidden : fs.listStatus(staged)) { // what the partition says about itself (_events_version)
      String name = hidden.getPath().getName();
      if (hidden.isFile() && name.startsWith("_") && !name.equals(FileOutputCommitter.SUCCEEDED_FILE_NAME)) {
        replaceFile(fs, hidden.getPath(), new Path(live, name));
      }
    }
    for (FileStatus other : fs.listStatus(live, HiddenFiles.VISIBLE)) {
      if (!other.getPath().getName().equals(DATA_FILE)) {
        fs.delete(other.getPath(), true);
      }
    }
    touchSuccess(fs, live);
    fs.delete(staged, true);
  }

  /** Publishes a new directory (one that must not exist yet) in one rename, with {@code _SUCCESS}. */
  public static void publishNewDirectory(FileSystem fs, Path staged, Path live) throws IOException {
    if (fs.exists(live)) {
      throw new IOException("Refusing to overwrite " + live);
    }
    touchSuccess(fs, staged);
    fs.mkdirs(live.getParent());
    rename(fs, staged, live);
  }

  /** Writes a small file so that readers see it complete or not at all. */
  public static void writeAtomically(FileSystem fs, Path target, byte[] content) throws IOException {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content);
    }
    replaceFile(fs, tmp, target);
  }

  /** The {@code _SUCCESS} marker of a published directory, or null when it has none. */
  public static FileStatus success(FileSystem fs, Path dir) throws IOException {
    Path marker = new Path(dir, FileOutputCommitter.SUCCEEDED_FILE_NAME);
    return fs.exists(marker) ? fs.getFileStatus(marker) : null;
  }

  private static void touchSuccess(FileSystem fs, Path dir) throws IOException {
    fs.create(new Path(dir, FileOutputCommitter.SUCCEEDED_FILE_NAME), true).close();
  }

  private static Path singleDataFile(FileSystem fs, Path staged) throws IOException {
    FileStatus[] files = fs.listStatus(staged, HiddenFiles.VISIBLE);
    if (files.length != 1 || files[0].isDirectory()) {
      throw new IOException("A staged partition must hold exactly one data file: " + staged
          + " holds " + files.length + " entries");
    }
    return files[0].getPath();
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Cannot rename " + from + " to " + to);
    }
  }

  /** Replaces {@code dst} by {@code src} in one atomic step where the file system allows it. */
  static void replaceFile(FileSystem fs, Path src, Path dst) throws IOException {
    if (fs instanceof DistributedFileSystem dfs) {
      dfs.rename(src, dst, Options.Rename.OVERWRITE);
    } else if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      replaceLocalFile(fs, src, dst);
    } else {
      fs.delete(dst, false);
      rename(fs, src, dst);
    }
  }

  /**
   * POSIX rename replaces atomically. The checksum file of the old data goes first (a reader
   * then reads the old data unchecked rather than the new data against the old checksum).
   */
  private static void replaceLocalFile(FileSystem fs, Path src, Path dst) throws IOException {
    RawLocalFileSystem raw = fs instanceof LocalFileSystem local
        ? (RawLocalFileSystem) local.getRawFileSystem() : (RawLocalFileSystem) fs;
    Path dstCrc = new Path(dst.getParent(), "." + dst.getName() + ".crc");
    Path srcCrc = new Path(src.getParent(), "." + src.getName() + ".crc");
    raw.delete(dstCrc, false);
    Files.move(raw.pathToFile(src).toPath(), raw.pathToFile(dst).toPath(), StandardCopyOption.ATOMIC_MOVE);
    if (raw.exists(srcCrc)) {
      Files.move(raw.pathToFile(srcCrc).toPath(), raw.pathToFile(dstCrc).toPath(), StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
