package io.chunkmill.jobs.dump;

import io.chunkmill.common.fs.HiddenFiles;
import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.program.ProgramSummary;
import io.chunkmill.common.input.ChunkInputFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code dump}: prints the Avro records under paths (files, directories read recursively, globs;
 * names starting with {@code _} or {@code .} skipped) as JSON lines, or as TSV with a header line,
 * for a person or a script. Runs in the client, no job.
 */
public class DumpAvro extends Configured implements Tool {
  public static final String USAGE = "dump [--format json|tsv] [--limit N] [--summary <file>] <path>...";

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new DumpAvro(), args));
  }

  @Override
  public int run(String[] argv) throws Exception {
    Args args;
    String format;
    long limit;
    try {
      args = Args.parse(argv, Set.of("format", "limit", ProgramSummary.OPTION), Set.of());
      format = args.get("format", "json");
      limit = args.getLong("limit", Long.MAX_VALUE);
      if (!format.equals("json") && !format.equals("tsv")) {
        throw new Args.UsageException("--format is json or tsv, not " + format);
      }
      if (args.positional().isEmpty()) {
        throw new Args.UsageException("at least one path is required");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("dump: " + e.getMessage());
      System.err.println("usage: " + USAGE);
      return 2;
    }
    String summaryOption = args.get(ProgramSummary.OPTION, null);
    ProgramSummary summary = new ProgramSummary("dump").put("inputs", args.positional());
    try {
      return dump(args, format, limit, summary);
    } finally {
      summary.writeQuietly(getConf(), summaryOption == null ? null : new Path(summaryOption));
    }
  }

  private int dump(Args args, String format, long limit, ProgramSummary summary) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String p : args.positional()) {
      Path path = new Path(p);
      FileSystem fs = path.getFileSystem(getConf());
      FileStatus[] matches = fs.globStatus(path, HiddenFiles.VISIBLE);
      if ((matches == null || matches.length == 0) && fs.isFile(path)) {
        matches = new FileStatus[] {fs.getFileStatus(path)}; // a hidden file asked for by name (an analysis's state)
      }
      if (matches == null || matches.length == 0) {
        System.err.println("dump: no such path: " + p);
        return 1;
      }
      for (FileStatus m : matches) {
        collect(fs, m, files);
      }
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    long printed = 0;
    Schema header = null;
    for (Path file : files) {
      FileSystem fs = file.getFileSystem(getConf());
      try (InputStream in = fs.open(file);
          DataFileStream<Object> records = new DataFileStream<>(in, new GenericDatumReader<>())) {
        for (Object record : records) {
          if (printed >= limit) {
            out.flush();
            summary.status("ran").put("files", files.size()).put("records_out", printed);
            return 0;
          }
          printed++;
          if (format.equals("json")) {
            out.println(GenericData.get().toString(record));
          } else {
            GenericRecord r = (GenericRecord) record;
            if (header == null) {
              header = r.getSchema();
              out.println(String.join("\t", header.getFields().stream().map(Schema.Field::name).toList()));
            }
            List<String> cells = new ArrayList<>();
            for (Schema.Field f : r.getSchema().getFields()) {
              cells.add(tsvCell(r.get(f.pos())));
            }
            out.println(String.join("\t", cells));
          }
        }
      } catch (IOException e) {
        throw new IOException("Cannot read Avro file " + file + ": " + e.getMessage(), e);
      }
    }
    out.flush();
    summary.status("ran").put("files", files.size()).put("records_out", printed);
    return 0;
  }

  private static String tsvCell(Object v) {
    String s = v instanceof java.nio.ByteBuffer b
        ? StandardCharsets.UTF_8.decode(b.duplicate()).toString() : String.valueOf(v);
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static void collect(FileSystem fs, FileStatus s, List<Path> files) throws IOException {
    if (s.isDirectory()) {
      FileStatus[] children = fs.listStatus(s.getPath(), HiddenFiles.VISIBLE);
      java.util.Arrays.sort(children);
      for (FileStatus c : children) {
        collect(fs, c, files);
      }
    } else {
      files.add(s.getPath());
    }
  }
}
