package io.chunkmill.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * DuckDB doing chunkmill's work in one SQL script, as a user with queue dumps on one machine would
 * write it: every line read as text (so that the contract's classes can be told apart as far as
 * DuckDB's SQL allows), classified, deduplicated by id keeping the contract's winner (smallest ts,
 * then user, then url, strings by their bytes), counted per (UTC day, url).
 *
 * <p>What its SQL cannot say as the contract does: a repeated key in the message object (DuckDB's
 * JSON functions take one of them, the contract makes the line MALFORMED), {@code "ts":-0} (an
 * integer 0 to DuckDB), a byte-order mark (kept in the first line), invalid UTF-8 (DuckDB's CSV
 * reader refuses the file), and a final CR without LF. It reads plain and gzip files; it has no bzip2 reader, and says so.
 *
 * <p>Usage: {@code DuckDbPeer <output dir> <input dir>...}; writes {@code <output dir>/part-00000} as
 * {@code day\turl\tcount} lines and prints the classification counts.
 */
public final class DuckDbPeer {
  private DuckDbPeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DuckDbPeer <output dir> <input dir>...");
      System.exit(2);
    }
    long started = System.nanoTime();
    List<String> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      files.addAll(visibleFiles(Path.of(args[i])));
    }
    if (files.stream().anyMatch(f -> f.endsWith(".bz2"))) {
      System.err.println("duckdb: cannot read bzip2 (no bzip2 in DuckDB's readers): "
          + files.stream().filter(f -> f.endsWith(".bz2")).count() + " .bz2 file(s)");
      System.exit(3);
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      sql.execute("SET preserve_insertion_order = false");
      // One column, every byte of the line: no quoting, a delimiter that valid JSON never holds raw
      // (a line that holds it is not valid JSON, and is rejected below as its own row count shows).
      sql.execute("""
          CREATE TEMP TABLE lines AS
          SELECT line FROM read_csv(%s, columns = {'line': 'VARCHAR'},
              header = false, delim = E'\\x01', quote = '', escape = '', auto_detect = false,
              null_padding = false, strict_mode = false, all_varchar = true)
          """.formatted(literalList(files)));
      sql.execute("""
          CREATE TEMP TABLE classified AS
          WITH l AS (SELECT coalesce(line, '') AS line FROM lines),
          -- DuckDB evaluates CASE branches eagerly: every JSON function gets NULL, never bad JSON
          v AS (SELECT line, try_cast(line AS JSON) AS j FROM l),
          k AS (
            SELECT j,
              CASE
                WHEN regexp_full_match(line, '[ \\t]*') THEN 'BLANK'
                WHEN strlen(line) > 65536 THEN 'TOO_LONG'
                WHEN j IS NULL OR json_type(j) <> 'OBJECT' THEN 'MALFORMED'
                WHEN coalesce(json_type(j, '$.id'), '') <> 'VARCHAR' OR json_extract_string(j, '$.id') = ''
                  OR coalesce(json_type(j, '$.user'), '') <> 'VARCHAR' OR json_extract_string(j, '$.user') = ''
                  OR coalesce(json_type(j, '$.url'), '') <> 'VARCHAR' OR json_extract_string(j, '$.url') = ''
                  OR coalesce(json_type(j, '$.ts'), 'NULL') NOT IN ('UBIGINT', 'BIGINT', 'DOUBLE', 'VARCHAR')
                  THEN 'MISSING_FIELD'
                ELSE 'PARSED'
              END AS class
            FROM v)
          SELECT class,
            CASE WHEN class = 'PARSED' THEN json_extract_string(j, '$.id') END AS id,
            CASE WHEN class = 'PARSED' THEN json_extract_string(j, '$.user') END AS usr,
            CASE WHEN class = 'PARSED' THEN json_extract_string(j, '$.url') END AS url,
            CASE
              WHEN class <> 'PARSED' THEN NULL
              WHEN json_type(j, '$.ts') IN ('UBIGINT', 'BIGINT')
                AND regexp_full_match(json_extract_string(j, '$.ts'), '[0-9]+')
                THEN try_cast(json_extract_string(j, '$.ts') AS BIGINT)
              WHEN json_type(j, '$.ts') = 'VARCHAR'
                AND regexp_full_match(json_extract_string(j, '$.ts'),
                  '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})')
                THEN epoch_ms(try_cast(json_extract_string(j, '$.ts') AS TIMESTAMPTZ))
            END AS ts
          FROM k
          """);
      sql.execute("""
          CREATE TEMP TABLE events AS
          SELECT id, ts, usr, url FROM (
            SELECT id, ts, usr, url,
              row_number() OVER (PARTITION BY id ORDER BY ts, usr, url) AS n
            FROM classified
            WHERE class = 'PARSED' AND ts BETWEEN 0 AND 253402300799999)
          WHERE n = 1
          """);
      long keys = 0;
      try (ResultSet r = sql.executeQuery("""
              SELECT strftime(make_timestamp(ts * 1000)::DATE, '%Y-%m-%d') AS day, url, count(*) AS n
              FROM events GROUP BY ALL ORDER BY day, url
              """);
          var w = Files.newBufferedWriter(out.resolve("part-00000"))) {
        while (r.next()) {
          w.write(r.getString(1) + "\t" + r.getString(2) + "\t" + r.getLong(3) + "\n");
          keys++;
        }
      }
      long lines = count(sql, "SELECT count(*) FROM lines");
      long blank = count(sql, "SELECT count(*) FROM classified WHERE class = 'BLANK'");
      long parsed = count(sql, "SELECT count(*) FROM classified WHERE class = 'PARSED'");
      long valid = count(sql, "SELECT count(*) FROM classified WHERE class = 'PARSED' AND ts BETWEEN 0 AND 253402300799999");
      long events = count(sql, "SELECT count(*) FROM events");
      String version = null;
      try (ResultSet r = sql.executeQuery("SELECT version()")) {
        r.next();
        version = r.getString(1);
      }
      System.out.printf(Locale.ROOT, "duckdb %s: %d files; lines_read %d, BLANK %d, quarantined %d,"
          + " DUPLICATE %d, events %d; %d (day, url) counts; %.1f s%n", version, files.size(), lines, blank,
          lines - blank - valid, valid - events, events, keys, (System.nanoTime() - started) / 1e9);
      if (parsed < valid) {
        throw new IllegalStateException("more valid than parsed lines");
      }
    }
  }

  private static long count(Statement sql, String query) throws SQLException {
    try (ResultSet r = sql.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Files at or below {@code root}, names starting with _ or . skipped at every level, as chunkmill reads. */
  static List<String> visibleFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> root.relativize(p).toString().isEmpty() || Stream.of(root.relativize(p).toString().split("/"))
              .noneMatch(n -> n.startsWith("_") || n.startsWith(".")))
          .map(Path::toString).sorted().toList();
    }
  }

  private static String literalList(List<String> files) {
    StringBuilder b = new StringBuilder("[");
    for (String f : files) {
      b.append(b.length() > 1 ? "," : "").append('\'').append(f.replace("'", "''")).append('\'');
    }
    return b.append(']').toString();
  }
}
