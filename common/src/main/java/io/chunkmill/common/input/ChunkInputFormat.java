package io.chunkmill.common.input;

import io.chunkmill.common.conf.InputConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.security.TokenCache;

/**
 * Reads many small (or a few large) message files as chunks of messages.
 *
 * <p>Files are combined into splits of about {@code mapreduce.input.fileinputformat.split.maxsize}
 * bytes ({@link InputConfig#DEFAULT_SPLIT_MAX_BYTES} when unset; under the local job runner a
 * small input is spread over its map slots, see {@link InputConfig#splitMaxBytes(org.apache.hadoop.conf.Configuration, long)}), honouring the per-node and
 * per-rack minimums ({@code mapreduce.input.fileinputformat.split.minsize.per.node/per.rack}) and
 * keeping locality as {@link CombineFileInputFormat} does, with memory bounded by the splits
 * ({@link SplitPlanner}, {@link ChunkSplit}); a split names at most
 * {@code mapreduce.job.max.split.locations} hosts. Plain text and bzip2 files are split at
 * block boundaries (a line belongs to the split in which it starts); gzip files are never split.
 *
 * <p>Inputs may be files, directories (read recursively) or globs on any Hadoop FileSystem; names
 * starting with {@code _} or {@code .} are skipped at every level. An input that yields no file
 * is an error that names it. The listing ({@link InputListing}) asks the file system once per
 * directory, block locations included, with Hadoop's listing threads.
 *
 * <p>Each record is a {@link MessageChunk} of up to {@code chunkmill.chunk.messages} messages and
 * {@code chunkmill.chunk.bytes} bytes; its key is {@code <file>@<offset>} of the chunk's first
 * message. See {@link InputConfig} for the keys.
 */
public class ChunkInputFormat extends FileInputFormat<Text, MessageChunk> {

  /** Key: a file of splits that the client planned from its own listing ({@link #usePlannedSplits}). */
  public static final String PLANNED_SPLITS = "chunkmill.input.planned.splits";

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    String planned = conf.get(PLANNED_SPLITS);
    if (planned != null) { // this job's tokens still: the listing was made under another job's
      TokenCache.obtainTokensForNamenodes(job.getCredentials(), getInputPaths(job), conf);
      return readSplits(conf, new Path(planned));
    }
    return plan(conf, listInputs(job));
  }

  /** The files the job's inputs name, as the format reads them (an input that yields none is an error). */
  public static InputFiles listInputs(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    Path[] inputs = getInputPaths(job);
    if (inputs.length == 0) {
      throw new IOException("No input paths specified");
    }
    TokenCache.obtainTokensForNamenodes(job.getCredentials(), inputs, conf);
    return InputListing.list(conf, inputs);
  }

  /** The splits of {@code files} under {@code conf}'s settings (see the class comment). */
  public static List<InputSplit> plan(Configuration conf, InputFiles files) {
    long max = InputConfig.splitMaxBytes(conf, files.totalBytes());
    long minNode = conf.getLong(CombineFileInputFormat.SPLIT_MINSIZE_PERNODE, 0);
    long minRack = conf.getLong(CombineFileInputFormat.SPLIT_MINSIZE_PERRACK, 0);
    int maxLocations = conf.getInt(MRConfig.MAX_BLOCK_LOCATIONS_KEY, MRConfig.MAX_BLOCK_LOCATIONS_DEFAULT);
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    return new SplitPlanner(files, max, minNode, minRack, maxLocations)
        .plan(i -> isSplittable(codecs.getCodec(files.path(i))));
  }

  /**
   * Plans {@code job}'s splits from a listing the caller has made (to fingerprint the inputs, say)
   * and writes them to {@code file}, which the job's split computation then reads instead of
   * listing the inputs again. The hand-over goes through a file because Hadoop makes the input
   * format's object itself, in the submitting client: nothing is kept in static state. Returns the
   * number of splits.
   */
  public static int usePlannedSplits(Job job, InputFiles files, Path file) throws IOException {
    Configuration conf = job.getConfiguration();
    List<InputSplit> splits = plan(conf, files);
    try (DataOutputStream out = new DataOutputStream(file.getFileSystem(conf).create(file, false))) {
      WritableUtils.writeVInt(out, splits.size());
      for (InputSplit split : splits) {
        ((ChunkSplit) split).write(out);
      }
    }
    conf.set(PLANNED_SPLITS, file.toString());
    return splits.size();
  }

  private static List<InputSplit> readSplits(Configuration conf, Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(file.getFileSystem(conf).open(file))) {
      int n = WritableUtils.readVInt(in);
      List<InputSplit> splits = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ChunkSplit split = new ChunkSplit();
        split.readFields(in);
        splits.add(split);
      }
      return splits;
    }
  }

  /** Only bzip2 among the compressed formats is split (by {@link Bzip2Piece}); plain text is. */
  private static boolean isSplittable(CompressionCodec codec) {
    return codec == null || codec instanceof BZip2Codec;
  }

  @Override
  public RecordReader<Text, MessageChunk> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new ChunkRecordReader();
  }
}
