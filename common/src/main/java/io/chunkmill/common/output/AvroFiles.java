package io.chunkmill.common.output;

import io.chunkmill.common.fs.HiddenFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Avro container files as files: joining several into one without decoding a record. */
public final class AvroFiles {
  private AvroFiles() {}

  /**
   * Writes the records of every visible Avro file in {@code dir} (all of one schema) into one new
   * file {@code target}, copying their blocks as they are. Returns false when {@code dir} holds none.
   */
  public static boolean concatenate(FileSystem fs, Path dir, Path target) throws IOException {
    FileStatus[] files = fs.listStatus(dir, HiddenFiles.VISIBLE);
    Arrays.sort(files);
    if (files.length == 0) {
      return false;
    }
    try (OutputStream out = fs.create(target, false);
        DataFileWriter<Object> writer = new DataFileWriter<>(new GenericDatumWriter<>())) {
      boolean created = false;
      for (FileStatus f : files) {
        try (InputStream in = fs.open(f.getPath());
            DataFileStream<Object> records = new DataFileStream<>(in, new GenericDatumReader<>())) {
          if (!created) {
            writer.create(records.getSchema(), out);
            created = true;
          }
          writer.appendAllFrom(records, false);
        }
      }
    }
    return true;
  }
}
