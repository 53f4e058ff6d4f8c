package io.chunkmill.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;

/**
 * The files the floors read, found and opened without Hadoop's FileSystem: the same files that
 * chunkmill's input format reads (directories recursively, names starting with {@code _} or
 * {@code .} skipped at every level, so the {@code .crc} files of Hadoop's local file system too),
 * decompressed by extension.
 */
final class InputFiles {
  private static final int BUFFER = 1 << 16;

  private InputFiles() {}

  /** Every visible file at or below the given local paths, in name order. */
  static List<Path> list(List<String> inputs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String input : inputs) {
      Path p = Path.of(input);
      if (!Files.exists(p)) {
        throw new IOException("Input path does not exist: " + p);
      }
      collect(p, files);
    }
    return files;
  }

  private static void collect(Path p, List<Path> files) throws IOException {
    if (!Files.isDirectory(p)) {
      files.add(p);
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(p, c -> visible(c.getFileName().toString()))) {
      dir.forEach(children::add);
    }
    children.sort(null);
    for (Path c : children) {
      collect(c, files);
    }
  }

  static boolean visible(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /**
   * The decompressed bytes of {@code file}. gzip through {@code java.util.zip} (multi-member files
   * included); bzip2 through Hadoop's own pure-Java decoder, the one chunkmill and the Hadoop
   * contenders use on a machine without native Hadoop libraries, so that the floor does not win on
   * a different decoder.
   */
  static InputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    String name = file.getFileName().toString();
    try {
      if (name.endsWith(".gz")) {
        return new GZIPInputStream(raw, BUFFER);
      }
      if (name.endsWith(".bz2")) {
        BZip2Codec codec = new BZip2Codec();
        codec.setConf(new Configuration(false));
        return codec.createInputStream(new BufferedInputStream(raw, BUFFER));
      }
      return raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
