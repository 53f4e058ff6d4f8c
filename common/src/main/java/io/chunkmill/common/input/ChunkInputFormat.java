package io.chunkmill.common.input;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.fs.LocalRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
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
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.security.TokenCache;

/**
 * Reads many small (or a few large) message files as chunks of messages.
 *
 * <p>Files are combined into splits of at most {@code mapreduce.input.fileinputformat.split.maxsize}
 * bytes ({@link InputConfig#DEFAULT_SPLIT_MAX_BYTES} when unset; under the local job runner a
 * small input is spread over its map slots, see {@link InputConfig#splitMaxBytes(org.apache.hadoop.conf.Configuration, long)}), honouring the per-node and
 * per-rack minimums and keeping locality as {@link CombineFileInputFormat} does; a split names at
 * most {@code mapreduce.job.max.split.locations} hosts. Plain text and bzip2 files are split at
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
public class ChunkInputFormat extends CombineFileInputFormat<Text, MessageChunk> {

  /** Listings handed over by {@link #reuseListing}, by job configuration (identity). */
  private static final Map<Configuration, List<FileStatus>> HANDED_OVER =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** A listing made by {@link #getSplits} for sizing, handed to the next {@link #listStatus} call. */
  private List<FileStatus> listed;

  /**
   * Hands a listing of {@code job}'s inputs that the caller has just made with {@link #listInputs}
   * to the job's split computation, which then does not list the inputs again: both run in the
   * submitting client, and ten thousand small files take a second to list. Used once.
   */
  public static void reuseListing(Job job, List<FileStatus> files) {
    HANDED_OVER.put(job.getConfiguration(), List.copyOf(files));
  }

  /** Drops a listing handed over for {@code job} that its split computation did not use. */
  public static void forgetListing(Job job) {
    HANDED_OVER.remove(job.getConfiguration());
  }

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    long max = InputConfig.splitMaxBytes(conf);
    if (LocalRunner.isActive(conf) && conf.getLong(FileInputFormat.SPLIT_MAXSIZE, 0) <= 0) {
      listed = listStatus(job); // sized from the listing that super.getSplits then reuses
      max = InputConfig.splitMaxBytes(conf, listed.stream().mapToLong(FileStatus::getLen).sum());
    }
    setMaxSplitSize(max);
    int maxLocations = conf.getInt(MRConfig.MAX_BLOCK_LOCATIONS_KEY, MRConfig.MAX_BLOCK_LOCATIONS_DEFAULT);
    List<InputSplit> splits = super.getSplits(job);
    List<InputSplit> bounded = new ArrayList<>(splits.size());
    for (InputSplit split : splits) {
      CombineFileSplit s = (CombineFileSplit) split;
      String[] hosts = s.getLocations();
      if (hosts.length > maxLocations) {
        String[] kept = java.util.Arrays.copyOf(hosts, maxLocations);
        s = new CombineFileSplit(s.getPaths(), s.getStartOffsets(), s.getLengths(), kept);
      }
      bounded.add(s);
    }
    return bounded;
  }

  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    if (listed != null) {
      List<FileStatus> files = listed;
      listed = null;
      return files;
    }
    Configuration conf = job.getConfiguration();
    Path[] inputs = getInputPaths(job);
    if (inputs.length == 0) {
      throw new IOException("No input paths specified");
    }
    TokenCache.obtainTokensForNamenodes(job.getCredentials(), inputs, conf);
    List<FileStatus> handed = HANDED_OVER.remove(conf);
    if (handed != null) {
      return new ArrayList<>(handed);
    }
    return InputListing.list(conf, inputs);
  }

  /** Only bzip2 among the compressed formats is split (by {@link Bzip2Piece}); plain text is. */
  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    CompressionCodec codec = new CompressionCodecFactory(context.getConfiguration()).getCodec(file);
    return codec == null || codec instanceof BZip2Codec;
  }

  /** The files the job's inputs name, as the format reads them (an input that yields none is an error). */
  public static List<FileStatus> listInputs(JobContext job) throws IOException {
    return new ChunkInputFormat().listStatus(job);
  }

  /** Total bytes of {@link #listInputs}. */
  public static long totalBytes(JobContext job) throws IOException {
    return listInputs(job).stream().mapToLong(FileStatus::getLen).sum();
  }

  @Override
  public RecordReader<Text, MessageChunk> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new ChunkRecordReader();
  }
}
