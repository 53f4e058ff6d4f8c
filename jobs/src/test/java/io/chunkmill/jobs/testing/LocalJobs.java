package io.chunkmill.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/** Local-mode job runs for tests: the local job runner on the local file system. */
public final class LocalJobs {
  static {
    io.chunkmill.common.avro.AvroTrust.install();
  }

  private LocalJobs() {}

  /** What a program run returned and printed. */
  public record Result(int exitCode, String out, String err) {}

  public static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.setInt("mapreduce.client.completion.pollinterval", 20);
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.task.io.sort.mb", 16);
    return conf;
  }

  /** Runs a program through ToolRunner, capturing what it prints. */
  public static synchronized Result run(Configuration conf, Tool tool, String... args) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = ToolRunner.run(new Configuration(conf), tool, args);
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** Writes {@code lines} joined by {@code eol} (compressed by the file's extension). */
  public static File writeLines(File file, String eol, String... lines) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l).append(eol);
    }
    file.getParentFile().mkdirs();
    byte[] raw = b.toString().getBytes(StandardCharsets.UTF_8);
    Class<? extends CompressionCodec> codec = file.getName().endsWith(".gz") ? GzipCodec.class
        : file.getName().endsWith(".bz2") ? BZip2Codec.class : null;
    if (codec == null) {
      Files.write(file.toPath(), raw);
    } else {
      try (OutputStream out = ReflectionUtils.newInstance(codec, new Configuration()).createOutputStream(
          Files.newOutputStream(file.toPath()))) {
        out.write(raw);
      }
    }
    return file;
  }

  /** Every record of every visible Avro file under {@code dir}, recursively, in path order ({@code Object}: generic records). */
  public static <T> List<T> readAvro(File dir, Class<T> type) throws IOException {
    List<T> all = new ArrayList<>();
    if (!dir.exists()) {
      return all;
    }
    List<File> files;
    try (Stream<java.nio.file.Path> walk = Files.walk(dir.toPath())) {
      files = walk.map(java.nio.file.Path::toFile).filter(f -> f.isFile() && f.getName().endsWith(".avro"))
          .filter(f -> !f.getName().startsWith(".") && !f.getName().startsWith("_")).sorted().toList();
    }
    for (File f : files) {
      org.apache.avro.io.DatumReader<T> reader = type == Object.class
          ? new org.apache.avro.generic.GenericDatumReader<>() : new SpecificDatumReader<>(type);
      try (DataFileReader<T> r = new DataFileReader<>(f, reader)) {
        r.forEach(all::add);
      }
    }
    return all;
  }

  public static String read(File f) throws IOException {
    try (InputStream in = Files.newInputStream(f.toPath())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
