package io.chunkmill.common.input;

import io.chunkmill.common.fs.HiddenFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.InvalidInputException;

/**
 * Lists the files that inputs name, as {@link ChunkInputFormat} reads them: globs expanded with
 * hidden names pruned ({@link VisibleGlob}), directories read recursively, hidden names pruned
 * before descending.
 *
 * <p>Every directory is listed with {@code listLocatedStatus}, which returns each file's block
 * locations with the listing (the local file system excepted, see {@link #children}): on HDFS one
 * NameNode call per directory (per thousand entries), and
 * split planning ({@link SplitPlanner}) asks nothing per file. A directory's files are held as
 * statuses only until its listing ends; the listing keeps them as {@link InputFiles}. A recursive {@code listFiles} is not used: it cannot skip a hidden
 * directory ({@code _temporary}) and fails when one vanishes while it is listed. Directories are
 * listed by {@code mapreduce.input.fileinputformat.list-status.num-threads} threads at once
 * (Hadoop's key; 1 by default).
 */
final class InputListing {
  private static final String LOCAL = "file";

  private InputListing() {}

  /** The files, in directory order; an input that yields none is an error that names it. */
  static InputFiles list(Configuration conf, Path[] inputs) throws IOException {
    int threads = Math.max(1, conf.getInt(FileInputFormat.LIST_STATUS_NUM_THREADS,
        FileInputFormat.DEFAULT_LIST_STATUS_NUM_THREADS));
    Walk walk = new Walk(threads);
    try {
      List<IOException> errors = new ArrayList<>();
      List<AtomicBoolean> found = new ArrayList<>();
      List<List<FileStatus>> matchesOf = new ArrayList<>();
      for (Path input : inputs) {
        FileSystem fs = input.getFileSystem(conf);
        List<FileStatus> matches = VisibleGlob.expand(fs, input);
        AtomicBoolean any = new AtomicBoolean();
        found.add(any);
        matchesOf.add(matches);
        if (matches != null) {
          // files a glob matched, a directory at a time: one sorted range each in the listing
          Map<Path, List<FileStatus>> named = new LinkedHashMap<>();
          for (FileStatus match : matches) {
            if (!HiddenFiles.isVisible(match.getPath())) {
              continue;
            }
            if (match.isDirectory()) {
              walk.visit(fs, match, any);
            } else {
              named.computeIfAbsent(match.getPath().getParent(), d -> new ArrayList<>()).add(match);
            }
          }
          for (Map.Entry<Path, List<FileStatus>> directory : named.entrySet()) {
            walk.take(fs, directory.getKey(), directory.getValue());
            any.set(true);
          }
        }
      }
      walk.await();
      for (int i = 0; i < inputs.length; i++) {
        if (!found.get(i).get()) {
          Path input = inputs[i];
          errors.add(new IOException(matchesOf.get(i) == null ? "Input path does not exist: " + input
              : !HiddenFiles.isVisible(input) ? "Input " + input + " is not read: names starting with _ or . are never read"
              : "Input " + input + " matches no readable file (names starting with _ or . are never read)"));
        }
      }
      if (!errors.isEmpty()) {
        throw new InvalidInputException(errors);
      }
      return walk.files.build();
    } finally {
      walk.pool.shutdownNow();
    }
  }

  /** The directories being listed, by a pool of threads, and what they hold. */
  private static final class Walk {
    final ExecutorService pool;
    final InputFiles.Builder files = new InputFiles.Builder();
    final Queue<IOException> failures = new ConcurrentLinkedQueue<>();
    /** Directories submitted and not yet listed (a Phaser allows only 65,535 parties). */
    private int pending;

    Walk(int threads) {
      pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "chunkmill-list-status");
        t.setDaemon(true);
        return t;
      });
    }

    /** Files of one directory, with their block locations, into the listing. */
    void take(FileSystem fs, Path dir, List<FileStatus> inDirectory) throws IOException {
      List<BlockLocation[]> blocks = new ArrayList<>(inDirectory.size());
      for (FileStatus file : inDirectory) {
        blocks.add(blocks(fs, file));
      }
      files.add(dir, inDirectory, blocks);
    }

    /** Lists a directory (on the pool): its visible files go to the listing, its visible directories are visited. */
    void visit(FileSystem fs, FileStatus dir, AtomicBoolean found) {
      synchronized (this) {
        pending++;
      }
      pool.execute(() -> {
        try {
          // a directory's files go to the listing together; only they are held as statuses
          List<FileStatus> inDirectory = new ArrayList<>();
          for (FileStatus child : children(fs, dir.getPath())) {
            if (!HiddenFiles.isVisible(child.getPath())) {
              continue;
            }
            if (child.isDirectory()) {
              visit(fs, child, found);
            } else {
              inDirectory.add(child);
            }
          }
          if (!inDirectory.isEmpty()) {
            take(fs, dir.getPath(), inDirectory);
            found.set(true);
          }
        } catch (IOException e) {
          failures.add(new IOException("Cannot list " + dir.getPath() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
          failures.add(new IOException("Cannot list " + dir.getPath() + ": " + e, e));
        } finally {
          synchronized (this) {
            if (--pending == 0) {
              notifyAll();
            }
          }
        }
      });
    }

    /** Waits until every directory is listed; the first failure, if any, is thrown. */
    void await() throws IOException {
      synchronized (this) {
        while (pending > 0) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while listing the inputs");
          }
        }
      }
      IOException first = failures.peek();
      if (first != null) {
        throw first;
      }
    }

    /** A file's block locations: those its listing brought, or asked for (see {@link #children}). */
    private static BlockLocation[] blocks(FileSystem fs, FileStatus status) throws IOException {
      return status instanceof LocatedFileStatus located ? located.getBlockLocations()
          : fs.getFileBlockLocations(status, 0, status.getLen());
    }
  }

  /**
   * A directory's entries, in one listing call: located ({@code listLocatedStatus}: the block
   * locations come with the listing), except on the local file system. There a
   * {@link LocatedFileStatus} reads each file's permission, which Hadoop without its native library
   * does by running {@code ls}: a process per file (200,000 files listed took minutes); the local
   * file system computes block locations without asking anything, so plain statuses are listed.
   */
  static List<FileStatus> children(FileSystem fs, Path dir) throws IOException {
    if (LOCAL.equals(fs.getUri().getScheme())) {
      return List.of(fs.listStatus(dir));
    }
    List<FileStatus> children = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> located = fs.listLocatedStatus(dir);
    while (located.hasNext()) {
      children.add(located.next());
    }
    return children;
  }
}
