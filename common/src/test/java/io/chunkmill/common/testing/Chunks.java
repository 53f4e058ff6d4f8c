package io.chunkmill.common.testing;

import io.chunkmill.common.input.Bzip2Integrity;
import io.chunkmill.common.input.ChunkInputFormat;
import io.chunkmill.common.input.ChunkRecordReader;
import io.chunkmill.common.input.MessageChunk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import io.chunkmill.common.input.ChunkSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/** Reads what {@link ChunkInputFormat} delivers, outside a job, for tests. */
public final class Chunks {
  private Chunks() {}

  /** One delivered message, copied out of its chunk. */
  public record Message(String file, long offsetBase, long offset, byte[] bytes, boolean tooLong) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return file + "@" + offset + (tooLong ? " TOO_LONG " : " ") + text();
    }
  }

  /** What one split delivered: its chunk sizes and messages. */
  public record Delivery(List<Integer> chunkSizes, List<Message> messages, List<MessageChunk.CorruptFile> corrupt,
      List<Bzip2Integrity.Segment> segments) {}

  /** A bare configuration for reading local files: the local file system, gzip and bzip2 codecs. */
  public static Configuration localConf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("io.compression.codecs", org.apache.hadoop.io.compress.GzipCodec.class.getName() + ","
        + org.apache.hadoop.io.compress.BZip2Codec.class.getName());
    return conf;
  }

  /** The splits the format computes for these inputs. */
  public static List<InputSplit> splits(Configuration conf, Path... inputs) throws IOException {
    Job job = Job.getInstance(new Configuration(conf));
    FileInputFormat.setInputPaths(job, inputs);
    return new ChunkInputFormat().getSplits(job);
  }

  /** Every message of every split of these inputs, in split order. */
  public static Delivery readAll(Configuration conf, Path... inputs) throws IOException {
    List<Integer> sizes = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    List<MessageChunk.CorruptFile> corrupt = new ArrayList<>();
    List<Bzip2Integrity.Segment> segments = new ArrayList<>();
    for (InputSplit split : splits(conf, inputs)) {
      Delivery d = read(conf, (ChunkSplit) split);
      sizes.addAll(d.chunkSizes());
      messages.addAll(d.messages());
      corrupt.addAll(d.corrupt());
      segments.addAll(d.segments());
    }
    return new Delivery(sizes, messages, corrupt, segments);
  }

  /** Every message of one split. */
  public static Delivery read(Configuration conf, ChunkSplit split) throws IOException {
    List<Integer> sizes = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    List<MessageChunk.CorruptFile> corrupt = new ArrayList<>();
    List<Bzip2Integrity.Segment> segments = new ArrayList<>();
    try (ChunkRecordReader reader = new ChunkRecordReader()) {
      reader.initialize(split, conf);
      while (reader.nextKeyValue()) {
        MessageChunk c = reader.getCurrentValue();
        sizes.add(c.size());
        corrupt.addAll(c.corruptFiles());
        segments.addAll(c.bzip2Segments());
        for (int i = 0; i < c.size(); i++) {
          byte[] b = Arrays.copyOfRange(c.bytes(), c.start(i), c.start(i) + c.length(i));
          messages.add(new Message(c.source(i).path(), c.source(i).offsetBase(), c.offset(i), b, c.isTooLong(i)));
        }
      }
      if (reader.getProgress() != 1f) {
        throw new AssertionError("progress at the end of " + split + " is " + reader.getProgress());
      }
    }
    return new Delivery(sizes, messages, corrupt, segments);
  }
}
