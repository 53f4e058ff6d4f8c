package io.chunkmill.jobs.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Writes one generated file under a hidden name and renames it into place when complete. */
final class FileWriting {
  private FileWriting() {}

  static void write(MessageGenerator generator, int f, Path dir, Configuration conf) throws IOException {
    Path target = new Path(dir, generator.fileName(f));
    Path tmp = new Path(dir, "." + target.getName() + ".tmp");
    FileSystem fs = target.getFileSystem(conf);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(target);
    try (OutputStream raw = fs.create(tmp, true);
        OutputStream out = new BufferedOutputStream(codec == null ? raw : codec.createOutputStream(raw), 1 << 16)) {
      generator.writeFile(f, out);
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("Cannot rename " + tmp + " to " + target);
    }
  }
}
