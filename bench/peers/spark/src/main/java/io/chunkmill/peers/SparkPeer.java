package io.chunkmill.peers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL ({@code local[*]}) doing chunkmill's work, as a user would write it: every line read as
 * text ({@code spark.read.text}, which reads plain, gzip and bzip2 through Hadoop's codecs, hidden
 * names skipped as chunkmill skips them), classified as far as Spark's SQL allows, deduplicated by
 * id keeping the contract's winner (smallest ts, then user, then url, strings by their bytes),
 * counted per (UTC day, url).
 *
 * <p>What its SQL cannot say as the contract does: the JSON type of a field ({@code
 * get_json_object} gives {@code "user":42} as the string {@code 42}, and a quoted {@code "ts":"17…"}
 * as digits), a repeated key in the message object (taken, not refused), anything after the object
 * (ignored by its parser), {@code "ts":-0}, a byte-order mark and invalid UTF-8 (replaced, not
 * refused).
 *
 * <p>Usage: {@code SparkPeer <output dir> <input dir or URI>...}; {@code -Dspark.master=yarn} (and
 * the other {@code -Dspark.*} settings) runs it on a cluster instead of {@code local[*]}. Writes {@code <output dir>/part-00000} as
 * {@code day\turl\tcount} lines and prints the classification counts.
 */
public final class SparkPeer {
  private SparkPeer() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SparkPeer <output dir> <input dir>...");
      System.exit(2);
    }
    long started = System.nanoTime();
    List<String> inputs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      // local[*]: a path is a local file; on a cluster, a path without a scheme is on its default file system
      boolean local = System.getProperty("spark.master", "local[*]").startsWith("local");
      inputs.add(!local || args[i].contains("://") ? args[i] : Path.of(args[i]).toAbsolutePath().toUri().toString());
    }
    SparkSession spark = SparkSession.builder().appName("chunkmill-peer") // -Dspark.master=yarn on a cluster
        .master(System.getProperty("spark.master", "local[*]"))
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      spark.read().option("recursiveFileLookup", "true").text(inputs.toArray(new String[0]))
          .createOrReplaceTempView("lines");
      spark.sql("""
          SELECT value AS line,
            CASE
              WHEN value RLIKE '^[ \\t]*$' THEN 'BLANK'
              WHEN octet_length(value) > 65536 THEN 'TOO_LONG'
              WHEN json_object_keys(value) IS NULL THEN 'MALFORMED'
              WHEN coalesce(get_json_object(value, '$.id'), '') = ''
                OR coalesce(get_json_object(value, '$.user'), '') = ''
                OR coalesce(get_json_object(value, '$.url'), '') = ''
                OR get_json_object(value, '$.ts') IS NULL THEN 'MISSING_FIELD'
              ELSE 'PARSED'
            END AS class
          FROM lines
          """).createOrReplaceTempView("classes");
      spark.sql("""
          SELECT class, id, usr, url,
            CASE
              WHEN class <> 'PARSED' THEN NULL
              WHEN ts_text RLIKE '^[0-9]+$' THEN try_cast(ts_text AS BIGINT)
              WHEN ts_text RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$'
                THEN unix_millis(try_to_timestamp(ts_text))
            END AS ts
          FROM (SELECT class, get_json_object(line, '$.id') AS id, get_json_object(line, '$.user') AS usr,
                  get_json_object(line, '$.url') AS url, get_json_object(line, '$.ts') AS ts_text
                FROM classes)
          """).cache().createOrReplaceTempView("classified");
      spark.sql("""
          SELECT id, ts, usr, url FROM (
            SELECT id, ts, usr, url, row_number() OVER (PARTITION BY id ORDER BY ts, usr, url) AS n
            FROM classified WHERE class = 'PARSED' AND ts BETWEEN 0 AND 253402300799999)
          WHERE n = 1
          """).cache().createOrReplaceTempView("events");
      List<Row> counts = spark.sql("""
          SELECT date_format(timestamp_millis(ts), 'yyyy-MM-dd') AS day, url, count(*) AS n
          FROM events GROUP BY 1, 2 ORDER BY 1, 2
          """).collectAsList();
      Path out = Path.of(args[0]);
      Files.createDirectories(out);
      try (BufferedWriter w = Files.newBufferedWriter(out.resolve("part-00000"))) {
        for (Row r : counts) {
          w.write(r.getString(0) + "\t" + r.getString(1) + "\t" + r.getLong(2) + "\n");
        }
      }
      Row c = spark.sql("""
          SELECT count(*), count_if(class = 'BLANK'),
            count_if(class = 'PARSED' AND ts BETWEEN 0 AND 253402300799999),
            (SELECT count(*) FROM events)
          FROM classified
          """).first();
      long lines = c.getLong(0);
      long blank = c.getLong(1);
      long valid = c.getLong(2);
      long events = c.getLong(3);
      long files = inputs.stream().mapToLong(u -> visibleFiles(u, spark.sparkContext().hadoopConfiguration())).sum();
      System.out.printf(Locale.ROOT, "spark %s: %d files; lines_read %d, BLANK %d, quarantined %d,"
          + " DUPLICATE %d, events %d; %d (day, url) counts; %.1f s%n", spark.version(), files, lines, blank,
          lines - blank - valid, valid - events, events, counts.size(), (System.nanoTime() - started) / 1e9);
    } finally {
      spark.stop();
    }
  }

  /** Files under {@code uri} (any Hadoop file system) that no hidden name leads to. */
  private static long visibleFiles(String uri, org.apache.hadoop.conf.Configuration conf) {
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(uri);
      var files = root.getFileSystem(conf).listFiles(root, true);
      int depth = root.depth();
      long n = 0;
      while (files.hasNext()) {
        org.apache.hadoop.fs.Path p = files.next().getPath();
        boolean hidden = false;
        for (org.apache.hadoop.fs.Path q = p; q != null && q.depth() > depth; q = q.getParent()) {
          hidden |= q.getName().startsWith("_") || q.getName().startsWith(".");
        }
        n += hidden ? 0 : 1;
      }
      return n;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
