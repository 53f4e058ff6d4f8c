package io.chunkmill.common.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system, but setting permissions through {@code java.nio} instead of a
 * {@code chmod} process. Without Hadoop's native library (a Maven-resolved Hadoop has none),
 * {@link RawLocalFileSystem#setPermission} forks {@code chmod} for every file and directory it
 * creates with a permission: the local job runner does that for staging, task attempts, spills and
 * outputs, over a hundred forks for one small ingest. Permissions with a sticky bit, and file
 * systems without POSIX attributes, still go to Hadoop's own code.
 *
 * <p>{@link #installForLocalRunner} makes it the {@code file:} implementation of a configuration; it extends
 * {@link LocalFileSystem} because Hadoop casts {@code FileSystem.getLocal()} to that class.
 */
public class ForklessLocalFileSystem extends LocalFileSystem {
  private static final String IMPL_KEY = "fs.file.impl";
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /**
   * Under the local job runner (every task in this JVM), makes {@code conf}'s {@code file:} file
   * system this one, unless the user chose another implementation or Hadoop's native library
   * (which changes permissions without forking) is loaded. Call before the first local file system
   * is made: Hadoop caches file systems per scheme and user, not per configuration, so a local file
   * system made earlier in the JVM (say by {@code -files} or {@code -libjars}) stays Hadoop's own,
   * which only costs the forks.
   */
  public static void installForLocalRunner(Configuration conf) {
    if (LocalRunner.isActive(conf) && conf.get(IMPL_KEY) == null && POSIX && !NativeIO.isAvailable()) {
      conf.setClass(IMPL_KEY, ForklessLocalFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    }
  }

  /** The raw (checksum-less) layer underneath. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (!POSIX || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      }
    }
  }

  /** {@code rwxr-x---} and the like: Hadoop's symbols per class are POSIX's (no sticky bit here). */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    return PosixFilePermissions.fromString(permission.getUserAction().SYMBOL
        + permission.getGroupAction().SYMBOL + permission.getOtherAction().SYMBOL);
  }
}
