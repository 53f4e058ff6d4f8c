package io.chunkmill.common.input;

import io.chunkmill.common.fs.HiddenFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobExpander;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.Path;

/**
 * Expands an input glob the way the contract reads inputs: hidden names ({@code _} or {@code .})
 * are pruned at every level a wildcard matches, so {@code in/*}{@code /*} never reaches
 * {@code in/_temporary/x}.
 *
 * <p>Hadoop's {@code FileSystem.globStatus} cannot serve: its filter sees only the last component,
 * and it rebuilds each child's path from its name as a path string, which fails for names with a
 * {@code :} ("Relative path in absolute URI"), common in dump names. Here children keep the paths
 * their file system built, and named components are joined as names, not parsed.
 */
final class VisibleGlob {
  private VisibleGlob() {}

  /**
   * What {@code pattern} matches (hidden names below a wildcard pruned, the user's own named
   * components kept); null when a pattern without wildcards names nothing that exists.
   */
  static List<FileStatus> expand(FileSystem fs, Path pattern) throws IOException {
    URI uri = fs.makeQualified(pattern).toUri();
    Path root = new Path(uri.getScheme(), uri.getAuthority(), "/");
    boolean wildcard = false;
    List<FileStatus> results = new ArrayList<>();
    for (String flat : GlobExpander.expand(uri.getPath())) {
      // The named components before the first wildcard make one path, looked up once.
      Path fixed = root;
      List<String> components = new ArrayList<>();
      for (String component : flat.split("/")) {
        if (component.isEmpty()) {
          continue;
        }
        if (components.isEmpty() && !new GlobFilter(component).hasPattern()) {
          fixed = new Path(fixed, new Path(null, null, unquote(component)));
        } else {
          components.add(component);
        }
      }
      List<FileStatus> candidates;
      try {
        candidates = List.of(fs.getFileStatus(fixed));
      } catch (FileNotFoundException e) {
        candidates = List.of();
      }
      for (String component : components) {
        GlobFilter filter = new GlobFilter(component);
        wildcard |= filter.hasPattern();
        List<FileStatus> next = new ArrayList<>();
        for (FileStatus candidate : candidates) {
          if (!candidate.isDirectory()) {
            continue;
          }
          if (filter.hasPattern()) { // located: files matched here need no call of their own for splits
            for (FileStatus child : InputListing.children(fs, candidate.getPath())) {
              if (HiddenFiles.VISIBLE.accept(child.getPath()) && filter.accept(child.getPath())) {
                next.add(child);
              }
            }
          } else {
            Path named = new Path(candidate.getPath(), new Path(null, null, unquote(component)));
            try {
              next.add(fs.getFileStatus(named));
            } catch (FileNotFoundException e) {
              // this alternative names nothing
            }
          }
        }
        candidates = next;
      }
      results.addAll(candidates);
    }
    return results.isEmpty() && !wildcard ? null : results;
  }

  /** A path component without its glob escapes ({@code \\*} names a file called {@code *}). */
  private static String unquote(String component) {
    return component.replaceAll("\\\\(.)", "$1");
  }
}
