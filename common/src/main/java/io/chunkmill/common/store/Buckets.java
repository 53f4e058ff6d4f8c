package io.chunkmill.common.store;

import io.chunkmill.common.message.Utf8Order;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.util.hash.MurmurHash;

/**
 * The hash buckets of the events store. Every event id falls in one of {@value #COUNT} buckets (a
 * Murmur hash of its UTF-8 bytes); a data file holds the ids of a contiguous range of buckets,
 * sorted by (bucket, id), so that a probe for an id opens only the files whose range holds its
 * bucket. The count is fixed for every root: it is the grain of the ranges, not a file count (a
 * small run writes one file for the whole range).
 *
 * <p>In a shuffle an id travels as {@link #key}: its bucket in three hex digits, then the id, so
 * that sorting keys by their bytes sorts by (bucket, id) and a partitioner can route contiguous
 * bucket ranges ({@link #rangeOf}).
 */
public final class Buckets {
  public static final int COUNT = 4096;
  private static final int PREFIX = 3;
  /** Not the Bloom filters' seed, so that bucket and filter bits do not correlate. */
  private static final int SEED = 0x5bd1e995;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Buckets() {}

  public static int of(String id) {
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    return of(b, b.length);
  }

  public static int of(byte[] utf8, int length) {
    return MurmurHash.getInstance().hash(utf8, length, SEED) & (COUNT - 1);
  }

  /** The shuffle key of an id: bucket in three hex digits, then the id. */
  public static String key(String id) {
    int b = of(id);
    return new String(new char[] {HEX[b >> 8], HEX[(b >> 4) & 15], HEX[b & 15]}) + id;
  }

  /** The bucket of a {@link #key}. */
  public static int bucketOfKey(byte[] key, int length) {
    if (length < PREFIX) {
      throw new IllegalArgumentException("not a bucketed key");
    }
    return (hex(key[0]) << 8) | (hex(key[1]) << 4) | hex(key[2]);
  }

  /** The id of a {@link #key}. */
  public static String idOfKey(String key) {
    return key.substring(PREFIX);
  }

  private static int hex(byte c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
  }

  /** Which of {@code parts} contiguous ranges holds {@code bucket}. */
  public static int rangeOf(int bucket, int parts) {
    return (int) ((long) bucket * parts / COUNT);
  }

  /** The first bucket of range {@code part} of {@code parts}. */
  public static int firstOfRange(int part, int parts) {
    return (int) (((long) part * COUNT + parts - 1) / parts);
  }

  /** The last bucket of range {@code part} of {@code parts}. */
  public static int lastOfRange(int part, int parts) {
    return firstOfRange(part + 1, parts) - 1;
  }

  /** The order of a data file: bucket, then id by UTF-8 bytes. */
  public static int compare(int bucketA, String idA, int bucketB, String idB) {
    int c = Integer.compare(bucketA, bucketB);
    return c != 0 ? c : Utf8Order.compareUtf8(idA, idB);
  }
}
