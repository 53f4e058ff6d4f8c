package io.chunkmill.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.chunkmill.common.output.DatasetLayout;
import io.chunkmill.common.output.OutputConfig;
import io.chunkmill.common.output.Publisher;
import io.chunkmill.jobs.program.Args;
import io.chunkmill.jobs.program.ProgramSummary;
import io.chunkmill.jobs.topn.TopN;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code report [--days 31] [--output <file>] <root>}: one self-contained HTML page of what a root
 * holds, for people: events per day and per hour, quarantined lines by reason per ingest run (the
 * data-quality trend), top urls and distinct users per day, session lengths, the last runs with
 * their durations. Inline SVG, no scripts, nothing fetched: it opens from a file, a mail or an
 * object store. Written to {@code <root>/_chunkmill/report.html} (replaced atomically) unless
 * {@code --output} says where. It reads results and summaries only, never the events, and runs no job.
 */
public class ReportJob extends Configured implements Tool {
  static final int DEFAULT_DAYS = 31;
  private static final int HOURLY_DAYS = 7;
  private static final int TOP_DAYS = 3;
  private static final int RUNS = 30;
  /** At most this many sessions of a day are read for the histogram (the page says when it sampled). */
  static final long SESSION_SAMPLE = 2_000_000;
  private static final String[] QUARANTINE_REASONS = {"TOO_LONG", "MALFORMED", "MISSING_FIELD", "BAD_TIMESTAMP"};
  private static final long[] SESSION_BOUNDS_MIN = {0, 1, 5, 15, 30, 60, 120, 240};
  private static final String[] SESSION_LABELS = {"0–1 min", "1–5 min", "5–15 min", "15–30 min", "30–60 min",
      "1–2 h", "2–4 h", "4 h +"};

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new ReportJob(), args));
  }

  @Override
  public int run(String[] argv) throws Exception {
    OutputConfig.applyDefaults(getConf());
    Args args;
    DatasetLayout layout;
    int days;
    try {
      args = Args.parse(argv, Set.of("days", "output", ProgramSummary.OPTION), Set.of());
      if (args.positional().size() != 1) {
        throw new Args.UsageException("exactly one root is required");
      }
      days = args.getInt("days", DEFAULT_DAYS);
      if (days <= 0) {
        throw new Args.UsageException("--days must be positive");
      }
      layout = DatasetLayout.of(getConf(), new Path(args.positional().get(0)));
    } catch (IllegalArgumentException e) {
      System.err.println("report: " + e.getMessage());
      System.err.println("usage: report [generic options] [--days 31] [--output <file>] [--summary <file>] <root>");
      return 2;
    }
    String summaryOption = args.get(ProgramSummary.OPTION, null);
    ProgramSummary summary = new ProgramSummary("report").put("root", layout.root().toString());
    try {
      if (!layout.fs().exists(layout.dataset(DatasetLayout.EVENTS))) {
        System.err.println("report: no events under " + layout.root() + " (is it a chunkmill root? ingest first)");
        summary.put("error", "no events under the root");
        return 1;
      }
      Path out = args.get("output", null) != null ? new Path(args.get("output", null))
          : new Path(layout.meta(), "report.html");
      List<LocalDate> shown = new ArrayList<>(); // the days' names: no file of theirs read
      for (FileStatus d : layout.dayDirectories(DatasetLayout.EVENTS)) {
        shown.add(DatasetLayout.parseDay(d.getPath().getName()));
      }
      shown.sort(null);
      shown = shown.subList(Math.max(0, shown.size() - days), shown.size());
      String page = page(layout, new RootContents(layout), shown);
      Publisher.writeAtomically(out.getFileSystem(getConf()), out, page.getBytes(StandardCharsets.UTF_8));
      summary.status("ran").put("report", out.getFileSystem(getConf()).makeQualified(out).toString())
          .put("days", shown.size());
      System.out.printf(Locale.ROOT, "report: wrote %s (%d day(s)), %.1f s%n", out, shown.size(), summary.seconds());
      return 0;
    } finally {
      summary.writeQuietly(getConf(), summaryOption == null ? null : new Path(summaryOption));
    }
  }

  static String page(DatasetLayout layout, RootContents root, List<LocalDate> days) throws java.io.IOException {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>chunkmill report: ")
        .append(Html.escape(layout.root().toString())).append("</title><style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:800px}")
        .append("h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{padding:2px 10px;text-align:left}")
        .append("td.n{text-align:right}tr:nth-child(even){background:#f6f6f6}")
        .append(".note{color:#666;font-size:12px}")
        .append("</style></head><body>");
    s.append("<h1>chunkmill report</h1><p class=\"note\">").append(Html.escape(layout.root().toString()))
        .append(", written ").append(Instant.now().toString().substring(0, 19)).append("Z; ")
        .append(days.isEmpty() ? "no days" : days.size() + " day(s), " + days.get(0) + " to " + days.get(days.size() - 1))
        .append("</p>");
    eventsPerDay(s, root, days);
    eventsPerHour(s, root, days.subList(Math.max(0, days.size() - HOURLY_DAYS), days.size()));
    List<JsonNode> runs = root.runs(RUNS);
    quality(s, runs);
    topUrls(s, root, days.subList(Math.max(0, days.size() - TOP_DAYS), days.size()));
    users(s, root, days);
    sessions(s, root, days);
    lastRuns(s, runs);
    return s.append("</body></html>\n").toString();
  }

  private static void eventsPerDay(StringBuilder s, RootContents root, List<LocalDate> days) throws java.io.IOException {
    s.append("<h2 id=\"events-per-day\">Events per day</h2>");
    List<String> labels = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    for (LocalDate day : days) {
      long[] count = {0};
      if (root.records("counts/day", day, Long.MAX_VALUE, r -> count[0] += (Long) r.get("count")) > 0) {
        labels.add(day.toString().substring(5));
        values.add(count);
      }
    }
    chartOrNote(s, "Events per day", labels, List.of("events"), values, "no day counts yet (run count or analyze)");
  }

  private static void eventsPerHour(StringBuilder s, RootContents root, List<LocalDate> days) throws java.io.IOException {
    s.append("<h2 id=\"events-per-hour\">Events per hour, last ").append(days.size()).append(" day(s)</h2>");
    List<String> labels = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    for (LocalDate day : days) {
      long[] hours = new long[24];
      if (root.records("counts/hour", day, Long.MAX_VALUE,
          r -> hours[Integer.parseInt(r.get("key").toString().substring(11, 13))] += (Long) r.get("count")) == 0) {
        continue;
      }
      for (int h = 0; h < 24; h++) {
        labels.add(h == 0 ? day.toString().substring(5) : day.toString().substring(5) + " " + h + "h");
        values.add(new long[] {hours[h]});
      }
    }
    chartOrNote(s, "Events per hour (UTC)", labels, List.of("events"), values, "no hour counts yet");
  }

  private static void quality(StringBuilder s, List<JsonNode> runs) {
    s.append("<h2 id=\"quality\">Quarantined lines by reason, per ingest run</h2>");
    List<JsonNode> ingests = runs.stream().filter(r -> r.path("program").asText().equals("ingest")
        && r.has("lines_read")).toList();
    ingests = ingests.subList(Math.max(0, ingests.size() - RUNS), ingests.size());
    List<String> labels = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : ingests) {
      long[] v = new long[QUARANTINE_REASONS.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.path(QUARANTINE_REASONS[i]).asLong();
      }
      labels.add(started(r));
      values.add(v);
      long quarantined = 0;
      for (long x : v) {
        quarantined += x;
      }
      long read = r.path("lines_read").asLong();
      rows.add(List.of(started(r), Html.number(read), Html.number(quarantined),
          read == 0 ? "–" : String.format(Locale.ROOT, "%.3f%%", 100.0 * quarantined / read),
          Html.number(r.path("DUPLICATE").asLong()), Html.number(r.path("events").asLong()),
          Html.number(r.path("corrupt_files").asLong())));
    }
    chartOrNote(s, "Quarantined lines by reason", labels, List.of(QUARANTINE_REASONS), values, "no ingest runs yet");
    if (!rows.isEmpty()) {
      s.append(Html.table(List.of("run started (UTC)", "lines read", "quarantined", "share", "duplicates", "events",
          "damaged files"), rows));
    }
  }

  private static void topUrls(StringBuilder s, RootContents root, List<LocalDate> days) throws java.io.IOException {
    s.append("<h2 id=\"top-urls\">Top urls</h2>");
    boolean any = false;
    for (int i = days.size() - 1; i >= 0; i--) {
      List<List<String>> rows = new ArrayList<>();
      root.records("topn", days.get(i), Long.MAX_VALUE, r -> rows.add(List.of(String.valueOf(r.get("rank")),
          r.get("url").toString(), Html.number((Long) r.get("count")))));
      if (!rows.isEmpty()) {
        any = true;
        s.append("<h3>").append(days.get(i)).append("</h3>").append(Html.table(List.of("rank", "url", "events"), rows));
      }
    }
    if (!any) {
      s.append("<p class=\"note\">no top urls yet (run topn or analyze)</p>");
    }
  }

  private static void users(StringBuilder s, RootContents root, List<LocalDate> days) throws java.io.IOException {
    s.append("<h2 id=\"users\">Distinct users per day</h2>");
    List<String> labels = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    for (LocalDate day : days) {
      long users = root.count("counts/user", day); // one record per user of the day
      if (users >= 0) {
        labels.add(day.toString().substring(5));
        values.add(new long[] {users});
      }
    }
    chartOrNote(s, "Distinct users per day", labels, List.of("users"), values, "no user counts yet");
    for (int i = days.size() - 1; i >= 0; i--) {
      if (root.exists("distinct", days.get(i))) {
        TopN best = new TopN(10);
        root.records("distinct", days.get(i), Long.MAX_VALUE, r -> best.offer(r.get("url").toString(), (Long) r.get("users")));
        List<List<String>> rows = new ArrayList<>();
        best.drain().forEach(e -> rows.add(List.of(e.key(), Html.number(e.count()))));
        s.append("<h3>Urls with most distinct users, ").append(days.get(i)).append("</h3>")
            .append(Html.table(List.of("url", "distinct users"), rows));
        return;
      }
    }
  }

  private static void sessions(StringBuilder s, RootContents root, List<LocalDate> days) throws java.io.IOException {
    s.append("<h2 id=\"sessions\">Session lengths</h2>");
    for (int i = days.size() - 1; i >= 0; i--) {
      long[][] buckets = new long[SESSION_LABELS.length][1];
      long n = root.records("sessions", days.get(i), SESSION_SAMPLE, (GenericRecord r) -> {
        long minutes = ((Long) r.get("end") - (Long) r.get("start")) / 60_000;
        int b = SESSION_BOUNDS_MIN.length - 1;
        while (minutes < SESSION_BOUNDS_MIN[b]) {
          b--;
        }
        buckets[b][0]++;
      });
      if (n > 0) {
        s.append("<p class=\"note\">").append(days.get(i)).append(": ").append(Html.number(n)).append(" sessions")
            .append(n == SESSION_SAMPLE ? " (the first " + Html.number(n) + " read)" : "").append("</p>");
        s.append(Svg.bars("Sessions by length, " + days.get(i), List.of(SESSION_LABELS), List.of("sessions"), buckets));
        return;
      }
    }
    s.append("<p class=\"note\">no sessions yet (run sessions or analyze)</p>");
  }

  private static void lastRuns(StringBuilder s, List<JsonNode> runs) {
    s.append("<h2 id=\"runs\">Last runs</h2>");
    List<List<String>> rows = new ArrayList<>();
    for (int i = runs.size() - 1; i >= Math.max(0, runs.size() - RUNS); i--) {
      JsonNode r = runs.get(i);
      rows.add(List.of(started(r), r.path("program").asText(), r.path("status").asText(),
          String.format(Locale.ROOT, "%.1f", r.path("seconds").asDouble()),
          r.has("records_in") ? Html.number(r.path("records_in").asLong()) : "",
          r.has("records_out") ? Html.number(r.path("records_out").asLong()) : ""));
    }
    if (rows.isEmpty()) {
      s.append("<p class=\"note\">no runs recorded</p>");
    } else {
      s.append(Html.table(List.of("started (UTC)", "program", "status", "seconds", "records in", "records out"), rows));
    }
  }

  private static String started(JsonNode run) {
    String t = run.path("started").asText();
    return t.length() >= 19 ? t.substring(0, 19).replace('T', ' ') : t;
  }

  private static void chartOrNote(StringBuilder s, String title, List<String> labels, List<String> series,
      List<long[]> values, String none) {
    if (labels.isEmpty()) {
      s.append("<p class=\"note\">").append(Html.escape(none)).append("</p>");
    } else {
      s.append(Svg.bars(title, labels, series, values.toArray(new long[0][])));
    }
  }
}
