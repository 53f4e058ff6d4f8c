package io.chunkmill.common.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** The configuration keys of the events store, declared once with their defaults. */
public final class StoreConfig {
  /**
   * False-positive rate of a probe against one day: the share of probes for absent ids that read a
   * block of a data file anyway. A day holds up to {@value #COMPACT_MAX_FILES} files before it is
   * compacted and a probe tests the filter of each file of its bucket, so each file's filter is
   * sized for this rate divided by that number ({@link #fileFpp}). Results never depend on it, only
   * cost.
   */
  public static final String BLOOM_FPP = "chunkmill.store.bloom.fpp";
  public static final double DEFAULT_BLOOM_FPP = 0.01;

  /**
   * What a positioned read of a few bytes costs, in bytes of a sequential read: a probe reads one
   * block of a sidecar's Bloom filter at a time until its reads have cost as much as the whole
   * filter, then reads the filter at once. Results never depend on it, only cost.
   *
   * <p>Defaults, from measurements on this project's machines: on HDFS (the pseudo-cluster) a
   * 32-byte positioned read took 200–390 µs and a whole 32 MiB file read at 260–910 MB/s, so one
   * read costs what 50–350 KB of sequential reading does: {@value #DEFAULT_PROBE_READ_BYTES}, the
   * low end, since a cluster's disks and network are slower than one machine's page cache. On local
   * files a positioned read through the raw file system took 1.8 µs and a filter of 29 MB reads in
   * about 6 ms: either way costs milliseconds, and {@value #DEFAULT_PROBE_READ_BYTES_LOCAL} keeps
   * what a small batch reads flat in the stored days.
   */
  public static final String PROBE_READ_BYTES = "chunkmill.store.probe.read.bytes";
  public static final long DEFAULT_PROBE_READ_BYTES = 65536;
  public static final long DEFAULT_PROBE_READ_BYTES_LOCAL = 512;

  /** Bytes of events per data file that {@code compact} writes (default: the root's block size). */
  public static final String COMPACT_TARGET_BYTES = "chunkmill.compact.target.bytes";

  /** The pipeline compacts a day that holds more data files than this. */
  public static final String COMPACT_MAX_FILES = "chunkmill.compact.max.files";
  public static final int DEFAULT_COMPACT_MAX_FILES = 48;

  private StoreConfig() {}

  public static double bloomFpp(Configuration conf) {
    double v = conf.getDouble(BLOOM_FPP, DEFAULT_BLOOM_FPP);
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(BLOOM_FPP + " is a rate strictly between 0 and 1, was " + conf.get(BLOOM_FPP));
    }
    return v;
  }

  /** The false-positive rate of one data file's filter: the day's rate over the files a day may hold. */
  public static double fileFpp(Configuration conf) {
    return bloomFpp(conf) / compactMaxFiles(conf);
  }

  /** The cost of a positioned read on {@code fs} ({@link #PROBE_READ_BYTES}). */
  public static long probeReadBytes(Configuration conf, FileSystem fs) {
    long v = conf.getLong(PROBE_READ_BYTES,
        "file".equals(fs.getUri().getScheme()) ? DEFAULT_PROBE_READ_BYTES_LOCAL : DEFAULT_PROBE_READ_BYTES);
    if (v < 1) {
      throw new IllegalArgumentException(PROBE_READ_BYTES + " is at least 1, was " + v);
    }
    return v;
  }

  public static int compactMaxFiles(Configuration conf) {
    return Math.max(1, conf.getInt(COMPACT_MAX_FILES, DEFAULT_COMPACT_MAX_FILES));
  }
}
