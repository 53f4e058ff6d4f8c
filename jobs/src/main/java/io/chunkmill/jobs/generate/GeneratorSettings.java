package io.chunkmill.jobs.generate;

import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;

/**
 * What {@code generate} writes; also its configuration keys ({@code chunkmill.generate.*}), through
 * which the MapReduce mode hands the settings to its tasks.
 *
 * @param messages     lines to write in all (bad lines and redeliveries included)
 * @param files        number of files; sizes are skewed (a few large, many small)
 * @param start        first UTC day of event times
 * @param days         number of days the event times spread over
 * @param users        distinct users, popularity Zipf-skewed
 * @param urls         distinct urls, popularity Zipf-skewed
 * @param gzipShare    share of files written gzip-compressed
 * @param bzip2Share   share of files written bzip2-compressed
 * @param badRate      share of lines that are BLANK, MALFORMED, MISSING_FIELD or BAD_TIMESTAMP, each
 * @param tooLongRate  share of lines longer than the message limit
 * @param redeliveryRate share of lines that redeliver an earlier message (same id)
 * @param isoShare     share of valid lines whose ts is an ISO-8601 string instead of epoch ms
 * @param seed         the same seed and settings always write the same bytes
 */
public record GeneratorSettings(long messages, int files, LocalDate start, int days, int users, int urls,
    double gzipShare, double bzip2Share, double badRate, double tooLongRate, double redeliveryRate,
    double isoShare, long seed) {

  static final String PREFIX = "chunkmill.generate.";

  public GeneratorSettings {
    if (messages < 0 || files <= 0 || days <= 0 || users <= 0 || urls <= 0) {
      throw new IllegalArgumentException("messages >= 0 and files, days, users, urls > 0 are required");
    }
    for (double share : new double[] {gzipShare, bzip2Share, badRate, tooLongRate, redeliveryRate, isoShare}) {
      if (share < 0 || share > 1) {
        throw new IllegalArgumentException("shares and rates are between 0 and 1, got " + share);
      }
    }
    if (gzipShare + bzip2Share > 1 || 4 * badRate + tooLongRate + redeliveryRate > 1) {
      throw new IllegalArgumentException("shares or rates add up to more than 1");
    }
  }

  void store(Configuration conf) {
    conf.setLong(PREFIX + "messages", messages);
    conf.setInt(PREFIX + "files", files);
    conf.set(PREFIX + "start", start.toString());
    conf.setInt(PREFIX + "days", days);
    conf.setInt(PREFIX + "users", users);
    conf.setInt(PREFIX + "urls", urls);
    conf.setDouble(PREFIX + "gzip.share", gzipShare);
    conf.setDouble(PREFIX + "bzip2.share", bzip2Share);
    conf.setDouble(PREFIX + "bad.rate", badRate);
    conf.setDouble(PREFIX + "too.long.rate", tooLongRate);
    conf.setDouble(PREFIX + "redelivery.rate", redeliveryRate);
    conf.setDouble(PREFIX + "iso.share", isoShare);
    conf.setLong(PREFIX + "seed", seed);
  }

  static GeneratorSettings load(Configuration conf) {
    return new GeneratorSettings(conf.getLong(PREFIX + "messages", 0), conf.getInt(PREFIX + "files", 1),
        LocalDate.parse(conf.get(PREFIX + "start")), conf.getInt(PREFIX + "days", 1),
        conf.getInt(PREFIX + "users", 1), conf.getInt(PREFIX + "urls", 1),
        conf.getDouble(PREFIX + "gzip.share", 0), conf.getDouble(PREFIX + "bzip2.share", 0),
        conf.getDouble(PREFIX + "bad.rate", 0), conf.getDouble(PREFIX + "too.long.rate", 0),
        conf.getDouble(PREFIX + "redelivery.rate", 0), conf.getDouble(PREFIX + "iso.share", 0),
        conf.getLong(PREFIX + "seed", 0));
  }
}
