package io.chunkmill.common.fs;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;

/**
 * Names that are never data: those starting with {@code _} or {@code .} ({@code _SUCCESS},
 * {@code _temporary}, {@code .crc} files, chunkmill's own {@code _chunkmill}), at every level. The
 * input format, the output commit and every listing of a dataset agree on it through this class.
 */
public final class HiddenFiles {
  private HiddenFiles() {}

  /** Accepts the paths whose own name is not hidden. */
  public static final PathFilter VISIBLE = p -> !isHidden(p.getName());

  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  public static boolean isVisible(Path p) {
    return VISIBLE.accept(p);
  }
}
