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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
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

  /**
   * The JSON summaries of the last {@code last} runs and of the last {@code last} ingest runs (under
   * {@code _chunkmill/} and {@code _chunkmill/runs/}, named {@code <program>-<run>.json}), oldest
   * first. Which they are is told by the names (run ids sort by their start), so only those files
   * are read: an hourly pipeline leaves thousands of summaries a year.
   */
  List<JsonNode> runs(int last) throws IOException {
    TreeMap<String, Path> byRun = new TreeMap<>(); // run id -> summary
    TreeMap<String, Path> ingests = new TreeMap<>();
    for (Path dir : List.of(layout.meta(), new Path(layout.meta(), "runs"))) {
      try {
        for (FileStatus f : layout.fs().listStatus(dir, HiddenFiles.VISIBLE)) {
          String name = f.getPath().getName();
          int dash = name.indexOf('-');
          if (f.isFile() && name.endsWith(".json") && dash > 0) {
            String run = name.substring(dash + 1, name.length() - ".json".length());
            byRun.put(run + "/" + name, f.getPath());
            if (name.startsWith("ingest-")) {
              ingests.put(run, f.getPath());
            }
          }
        }
      } catch (FileNotFoundException e) {
        continue;
      }
    }
    Set<Path> wanted = new LinkedHashSet<>();
    wanted.addAll(lastOf(byRun, last));
    wanted.addAll(lastOf(ingests, last));
    List<JsonNode> runs = new ArrayList<>();
    for (Path file : wanted) {
      try (InputStream in = layout.fs().open(file)) {
        JsonNode run = JSON.readTree(in);
        if (run != null && run.has("program") && run.has("started")) {
          runs.add(run);
        }
      }
    }
    runs.sort((a, b) -> a.get("started").asText().compareTo(b.get("started").asText()));
    return runs;
  }

  private static List<Path> lastOf(TreeMap<String, Path> sorted, int last) {
    List<Path> all = new ArrayList<>(sorted.values());
    return all.subList(Math.max(0, all.size() - last), all.size());
  }
}
