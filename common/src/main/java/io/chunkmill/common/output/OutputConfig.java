package io.chunkmill.common.output;

import io.chunkmill.common.fs.ForklessLocalFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.permission.FsPermission;

/** The configuration keys of what chunkmill writes. */
public final class OutputConfig {
  /**
   * The umask of every file and directory a chunkmill program writes: outputs hold raw user data
   * (the quarantine keeps whole lines), so by default only their owner can read them. Hadoop's own
   * {@code fs.permissions.umask-mode}, when the user sets it, wins.
   */
  public static final String UMASK = "chunkmill.output.umask";
  public static final String DEFAULT_UMASK = "077";

  private OutputConfig() {}

  /**
   * What every program that writes a dataset applies to its configuration before the first file
   * system is made: chunkmill's umask and, under the local job runner, the
   * {@link ForklessLocalFileSystem}.
   */
  public static void applyDefaults(Configuration conf) {
    applyUmask(conf);
    ForklessLocalFileSystem.installForLocalRunner(conf);
  }

  /** Makes the programs' file systems use chunkmill's umask; call before the first file system is made. */
  private static void applyUmask(Configuration conf) {
    String[] sources = conf.getPropertySources(FsPermission.UMASK_LABEL);
    boolean userSet = sources != null && !java.util.Arrays.asList(sources).contains("core-default.xml");
    if (!userSet) {
      conf.set(FsPermission.UMASK_LABEL, conf.get(UMASK, DEFAULT_UMASK));
    }
  }
}
