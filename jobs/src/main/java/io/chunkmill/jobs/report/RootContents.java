package io.chunkmill.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chunkmill.common.fs.HiddenFiles;
import io.chunkmill.common.output.DatasetLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * What the report reads from a root: result records of one partition, their number (from the Avro
 * blocks' headers, no record decoded), and the runs' JSON summaries. Everything it reads is a
 * result, never the events: a report costs the size of the results it shows.
 */
final class RootContents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DatasetLayout layout;

  RootContents(DatasetLayout layout) {
    this.layout = layout;
  }

  private List<Path> dataFiles(String dataset, LocalDate day) throws IOException {
    List<Path> files = new ArrayList<>();
    try {
      for (FileStatus f : layout.fs().listStatus(layout.partition(dataset, day), HiddenFiles.VISIBLE)) {
        if (f.isFile() && f.getPath().getName().endsWith(".avro")) {
          files.add(f.getPath());
        }
      }
    } catch (FileNotFoundException e) {
      return files;
    }
    return files;
  }

  /** Whether the partition of {@code dataset} on {@code day} is published. */
  boolean exists(String dataset, LocalDate day) throws IOException {
    return layout.fs().exists(layout.partition(dataset, day));
  }

  /** Reads the partition's data files with {@code read} (the stream of each file in turn); false when unpublished. */
  private boolean read(String dataset, LocalDate day, StreamReader read) throws IOException {
    if (!exists(dataset, day)) {
      return false;
    }
    for (Path file : dataFiles(dataset, day)) {
      try (InputStream in = layout.fs().open(file);
          DataFileStream<GenericRecord> records = new DataFileStream<>(in, new GenericDatumReader<>())) {
        if (!read.read(records)) {
          break;
        }
      }
    }
    return true;
  }

  /** Reads one data file; false to read no further files. */
  private interface StreamReader {
    boolean read(DataFileStream<GenericRecord> records) throws IOException;
  }

  /** Hands each record of the partition to {@code each}, at most {@code limit}; returns how many it handed. */
  long records(String dataset, LocalDate day, long limit, Consumer<GenericRecord> each) throws IOException {
    long[] n = {0};
    read(dataset, day, records -> {
      GenericRecord reuse = null;
      while (n[0] < limit && records.hasNext()) {
        reuse = records.next(reuse);
        each.accept(reuse);
        n[0]++;
      }
      return n[0] < limit;
    });
    return n[0];
  }

  /** The number of records in the partition (from the blocks' headers: no record decoded), or -1 when unpublished. */
  long count(String dataset, LocalDate day) throws IOException {
    long[] n = {0};
    boolean published = read(dataset, day, records -> {
      while (records.hasNext()) {
        n[0] += records.getBlockCount();
        records.nextBlock();
      }
      return true;
    });
    return published ? n[0] : -1;
  }

  /** The runs' JSON summaries under {@code _chunkmill/} and {@code _chunkmill/runs/}, oldest first. */
  List<JsonNode> runs() throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (Path dir : List.of(layout.meta(), new Path(layout.meta(), "runs"))) {
      try {
        for (FileStatus f : layout.fs().listStatus(dir, HiddenFiles.VISIBLE)) {
          if (f.isFile() && f.getPath().getName().endsWith(".json")) {
            files.add(f);
          }
        }
      } catch (FileNotFoundException e) {
        continue;
      }
    }
    List<JsonNode> runs = new ArrayList<>();
    for (FileStatus f : files) {
      try (InputStream in = layout.fs().open(f.getPath())) {
        JsonNode run = JSON.readTree(in);
        if (run != null && run.has("program") && run.has("started")) {
          runs.add(run);
        }
      }
    }
    runs.sort((a, b) -> a.get("started").asText().compareTo(b.get("started").asText()));
    return runs;
  }
}
