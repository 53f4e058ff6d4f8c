package io.chunkmill.common.conf;

import io.chunkmill.common.fs.LocalRunner;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * The configuration keys of the chunking input format, declared once with their defaults.
 *
 * <p>Split sizes are Hadoop's own keys ({@code mapreduce.input.fileinputformat.split.maxsize},
 * {@code mapreduce.input.fileinputformat.split.minsize.per.node/per.rack}); this class only adds
 * the default maximum that chunkmill applies when the user sets none.
 */
public final class InputConfig {
  /** Messages per chunk handed to one {@code map()} call. */
  public static final String CHUNK_MESSAGES = "chunkmill.chunk.messages";
  public static final int DEFAULT_CHUNK_MESSAGES = 5000;

  /** Upper bound of the message bytes held by one chunk (a chunk always holds at least one message). */
  public static final String CHUNK_BYTES = "chunkmill.chunk.bytes";
  public static final int DEFAULT_CHUNK_BYTES = 8 << 20;

  /** Longest message in bytes, line terminator excluded; longer lines become too-long markers. */
  public static final String MESSAGE_MAX_BYTES = "chunkmill.message.max.bytes";
  public static final int DEFAULT_MESSAGE_MAX_BYTES = 65536;
  /** The largest {@link #MESSAGE_MAX_BYTES} accepted: a reader holds up to this much of one line. */
  public static final int MESSAGE_MAX_BYTES_LIMIT = 1 << 30;

  /** When true, a compressed file that cannot be read to its end is reported, not fatal. */
  public static final String SKIP_CORRUPT = "chunkmill.input.skip.corrupt";
  public static final boolean DEFAULT_SKIP_CORRUPT = false;

  /** Split maximum applied when {@code mapreduce.input.fileinputformat.split.maxsize} is unset. */
  public static final long DEFAULT_SPLIT_MAX_BYTES = 128L << 20;

  /** How many bytes of an over-long or quarantined line are kept. */
  public static final int KEPT_PREFIX_BYTES = 1024;

  private InputConfig() {}

  public static int messagesPerChunk(Configuration conf) {
    return positive(conf, CHUNK_MESSAGES, conf.getInt(CHUNK_MESSAGES, DEFAULT_CHUNK_MESSAGES));
  }

  public static void setMessagesPerChunk(Job job, int messages) {
    job.getConfiguration().setInt(CHUNK_MESSAGES, messages);
  }

  public static int chunkBytes(Configuration conf) {
    return positive(conf, CHUNK_BYTES, conf.getInt(CHUNK_BYTES, DEFAULT_CHUNK_BYTES));
  }

  public static void setChunkBytes(Job job, int bytes) {
    job.getConfiguration().setInt(CHUNK_BYTES, bytes);
  }

  public static int messageMaxBytes(Configuration conf) {
    long max = conf.getLong(MESSAGE_MAX_BYTES, DEFAULT_MESSAGE_MAX_BYTES);
    if (max <= 0 || max > MESSAGE_MAX_BYTES_LIMIT) {
      throw new IllegalArgumentException(MESSAGE_MAX_BYTES + " must be between 1 and " + MESSAGE_MAX_BYTES_LIMIT
          + " (1 GiB), was " + conf.get(MESSAGE_MAX_BYTES));
    }
    return (int) max;
  }

  public static void setMessageMaxBytes(Configuration conf, int bytes) {
    conf.setInt(MESSAGE_MAX_BYTES, bytes);
  }

  public static boolean skipCorrupt(Configuration conf) {
    return conf.getBoolean(SKIP_CORRUPT, DEFAULT_SKIP_CORRUPT);
  }

  public static void setSkipCorrupt(Configuration conf, boolean skip) {
    conf.setBoolean(SKIP_CORRUPT, skip);
  }

  /** The maximum split size in force: Hadoop's key when set, otherwise chunkmill's default. */
  public static long splitMaxBytes(Configuration conf) {
    long max = conf.getLong(FileInputFormat.SPLIT_MAXSIZE, 0);
    return max > 0 ? max : DEFAULT_SPLIT_MAX_BYTES;
  }

  /** Smallest split chunkmill's default makes when it spreads a small input over local map slots. */
  public static final long MIN_LOCAL_SPLIT_BYTES = 1L << 20;

  /**
   * The maximum split size for an input of {@code totalBytes}: Hadoop's key when set; otherwise
   * chunkmill's default, except that under the local job runner a small input is cut into at least
   * as many splits as the runner runs maps at once ({@code mapreduce.local.map.tasks.maximum}), so
   * that every core works.
   */
  public static long splitMaxBytes(Configuration conf, long totalBytes) {
    long max = splitMaxBytes(conf);
    if (conf.getLong(FileInputFormat.SPLIT_MAXSIZE, 0) > 0 || !LocalRunner.isActive(conf)) {
      return max;
    }
    int slots = conf.getInt(LOCAL_MAPS, 1);
    long even = (totalBytes + slots - 1) / Math.max(1, slots);
    return Math.max(MIN_LOCAL_SPLIT_BYTES, Math.min(max, even));
  }

  private static final String LOCAL_MAPS = "mapreduce.local.map.tasks.maximum";


  private static int positive(Configuration conf, String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + conf.get(key));
    }
    return value;
  }
}
