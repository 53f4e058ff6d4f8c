package io.chunkmill.jobs.ingest;

import io.chunkmill.common.message.FieldNames;
import org.apache.hadoop.conf.Configuration;

/** The configuration keys of {@code ingest}, declared once with their defaults. */
public final class IngestConfig {
  /** JSON field holding the message id. */
  public static final String FIELD_ID = "chunkmill.field.id";
  /** JSON field holding the event time. */
  public static final String FIELD_TS = "chunkmill.field.ts";
  /** JSON field holding the user. */
  public static final String FIELD_USER = "chunkmill.field.user";
  /** JSON field holding the url. */
  public static final String FIELD_URL = "chunkmill.field.url";

  /** Largest share of quarantined lines among the non-blank lines before a run publishes nothing. */
  public static final String MAX_BAD_RATIO = "chunkmill.ingest.max.bad.ratio";
  public static final double DEFAULT_MAX_BAD_RATIO = 0.01;

  /** Input bytes per dedup reducer when {@code mapreduce.job.reduces} is unset. */
  public static final String BYTES_PER_REDUCER = "chunkmill.ingest.bytes.per.reducer";
  public static final long DEFAULT_BYTES_PER_REDUCER = 256L << 20;

  /**
   * Days either side of an event's day whose stored events its id is checked against
   * (docs/CONTRACT.md §2), so that copies whose times straddle midnight are one event.
   */
  public static final String DEDUP_HORIZON_DAYS = "chunkmill.ingest.dedup.horizon.days";
  public static final int DEFAULT_DEDUP_HORIZON_DAYS = 1;

  /** Internal: the root whose stored events the dedup step probes. */
  static final String ROOT = "chunkmill.ingest.root";

  private IngestConfig() {}

  public static FieldNames fieldNames(Configuration conf) {
    FieldNames d = FieldNames.DEFAULTS;
    return new FieldNames(conf.get(FIELD_ID, d.id()), conf.get(FIELD_TS, d.ts()),
        conf.get(FIELD_USER, d.user()), conf.get(FIELD_URL, d.url()));
  }

  public static void setFieldNames(Configuration conf, FieldNames names) {
    conf.set(FIELD_ID, names.id());
    conf.set(FIELD_TS, names.ts());
    conf.set(FIELD_USER, names.user());
    conf.set(FIELD_URL, names.url());
  }

  public static double maxBadRatio(Configuration conf) {
    double v = conf.getDouble(MAX_BAD_RATIO, DEFAULT_MAX_BAD_RATIO);
    if (v < 0 || v > 1 || Double.isNaN(v)) {
      throw new IllegalArgumentException(MAX_BAD_RATIO + " is a share between 0 and 1, was " + conf.get(MAX_BAD_RATIO));
    }
    return v;
  }

  public static void setMaxBadRatio(Configuration conf, double ratio) {
    conf.setDouble(MAX_BAD_RATIO, ratio);
  }

  public static int dedupHorizonDays(Configuration conf) {
    int v = conf.getInt(DEDUP_HORIZON_DAYS, DEFAULT_DEDUP_HORIZON_DAYS);
    if (v < 0 || v > 366) {
      throw new IllegalArgumentException(DEDUP_HORIZON_DAYS + " is a number of days from 0 to 366, was " + v);
    }
    return v;
  }

  public static long bytesPerReducer(Configuration conf) {
    return Math.max(1, conf.getLong(BYTES_PER_REDUCER, DEFAULT_BYTES_PER_REDUCER));
  }
}
