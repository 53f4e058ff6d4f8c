package io.chunkmill.jobs.ingest;

import io.chunkmill.common.fs.HiddenFiles;
import io.chunkmill.common.avro.Bzip2Segment;
import io.chunkmill.common.avro.QuarantineReason;
import io.chunkmill.common.avro.QuarantineRecord;
import io.chunkmill.common.input.Bzip2Integrity;
import io.chunkmill.common.input.ChunkInputFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * After the dedup job: the bzip2 files that several splits read must add up to whole files
 * ({@link Bzip2Integrity}); the splits left what they covered in a hidden side output of the job.
 */
final class Bzip2Check {
  private Bzip2Check() {}

  /** Damaged files, with what is wrong, from the segments under {@code dedupOut}. */
  static Map<String, String> problems(FileSystem fs, Path dedupOut) throws IOException {
    Path dir = new Path(dedupOut, ClassifyMessagesMapper.BZIP2_SEGMENTS_DIR);
    List<Bzip2Integrity.Segment> segments = new ArrayList<>();
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir, HiddenFiles.VISIBLE)) {
        try (InputStream in = fs.open(f.getPath());
            DataFileStream<Bzip2Segment> records = new DataFileStream<>(in, new SpecificDatumReader<>(Bzip2Segment.class))) {
          for (Bzip2Segment s : records) {
            segments.add(new Bzip2Integrity.Segment(s.getPath(), s.getFileBytes(), s.getFromBit(), s.getToBit(),
                s.getOpens(), s.getCloses(), s.getBlocks(), s.getCrc(), s.getStoredCrc(), s.getDamaged()));
          }
        }
      }
    }
    return Bzip2Integrity.problems(segments);
  }

  /** Records each damaged file as a {@code CORRUPT_FILE} quarantine record in {@code quarantineDir}. */
  static void quarantine(FileSystem fs, Path quarantineDir, Map<String, String> problems) throws IOException {
    QuarantineRecord record = new QuarantineRecord();
    try (OutputStream out = fs.create(new Path(quarantineDir, "part-bzip2-check.avro"), false);
        DataFileWriter<QuarantineRecord> writer = new DataFileWriter<>(new SpecificDatumWriter<>(QuarantineRecord.class))) {
      writer.create(QuarantineRecord.getClassSchema(), out);
      for (Map.Entry<String, String> p : problems.entrySet()) {
        record.setFile(p.getKey());
        record.setOffset(0L);
        record.setOffsetBase(0L);
        record.setReason(QuarantineReason.CORRUPT_FILE);
        record.setLine(ByteBuffer.allocate(0));
        record.setDetail(p.getValue());
        writer.append(record);
      }
    }
  }
}
