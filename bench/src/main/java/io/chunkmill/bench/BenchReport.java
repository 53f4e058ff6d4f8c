package io.chunkmill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw measurements of {@code bench/run.sh} into the report: a table on stdout and
 * {@code results.json}, {@code results.md} and {@code messages-per-second.svg} in the output
 * directory.
 *
 * <p>Times are medians over the runs; ratios are medians of the per-run ratios of a contender's
 * time to chunkmill's in the same round (rounds run the contenders one after the other, so a
 * pair shares the machine's state of the moment, which a ratio of medians would not). Peak RSS is
 * the largest over the runs.
 *
 * <p>Usage: {@code BenchReport <measurements.tsv> <datasets.tsv> <output dir> [key=value ...]}
 * where the key=value pairs describe the run (mode, heap, commit) and go into the JSON and
 * Markdown as they are.
 */
public final class BenchReport {
  static final String CHUNKMILL = "chunkmill";
  static final String TEXT = "text-input-format";
  static final String COMBINE = "combine-text-input-format";
  static final String FLOOR = "plain-java-floor";
  static final String IO_FLOOR = "newline-count-floor";
  static final String DUCKDB = "duckdb";
  static final String SPARK = "spark";
  /** Exit status of a contender that cannot read a data set's files (DuckDB and bzip2): a row says so. */
  static final int CANNOT_READ = 3;

  /** The targets the report checks: chunkmill's wall time against each Hadoop contender's. */
  static final double TEXT_TARGET = 20;
  static final double COMBINE_TARGET = 1.5;
  static final double FLOOR_TARGET = 2;

  /** One timed run of one contender: {@code dataset contender run exit wall user sys maxRssKb}. */
  record Measurement(String dataset, String contender, int run, int exit, double wall, double user,
      double sys, long maxRssKb) {
    double cpu() {
      return user + sys;
    }
  }

  /** A data set: {@code name kind messages files bytes description}; kind is small-files or large-files. */
  record Dataset(String name, String kind, long messages, long files, long bytes, String description) {}

  /** The summary of one contender on one data set. */
  record Row(Dataset dataset, String contender, int runs, boolean cannotRead, boolean failed, double wall, double cpu,
      long maxRssKb, double messagesPerSecond, double wallRatio, double cpuRatio) {}

  /** A target of the bench: met or missed, with the measured figure. */
  record Target(String dataset, String what, double measured, double limit, boolean atLeast) {
    boolean met() {
      return !Double.isNaN(measured) && (atLeast ? measured >= limit : measured <= limit);
    }

    String describe() {
      if (Double.isNaN(measured)) {
        return what + ": not measured";
      }
      String verdict;
      if (met()) {
        verdict = "met";
      } else if (atLeast) {
        verdict = String.format(Locale.ROOT, "MISSED (%.2fx short)", limit / measured);
      } else {
        verdict = String.format(Locale.ROOT, "MISSED (%.2fx over)", measured / limit);
      }
      return String.format(Locale.ROOT, "%s: %.2f (target %s %.1f): %s", what, measured, atLeast ? ">=" : "<=",
          limit, verdict);
    }
  }

  private BenchReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: BenchReport <measurements.tsv> <datasets.tsv> <output dir> [key=value ...]");
      System.exit(2);
    }
    List<Measurement> measurements = readMeasurements(Path.of(args[0]));
    List<Dataset> datasets = readDatasets(Path.of(args[1]));
    Path out = Path.of(args[2]);
    Map<String, String> meta = new LinkedHashMap<>();
    for (String kv : Arrays.asList(args).subList(3, args.length)) {
      int eq = kv.indexOf('=');
      meta.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    List<Row> rows = summarize(datasets, measurements);
    List<Target> targets = targets(rows);
    String table = textTable(rows, targets);
    System.out.print(table);
    Files.createDirectories(out);
    Files.writeString(out.resolve("results.json"), json(meta, rows, targets, measurements), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("results.md"), markdown(meta, rows, targets), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("messages-per-second.svg"), svg(rows, meta), StandardCharsets.UTF_8);
  }

  static List<Measurement> readMeasurements(Path file) throws IOException {
    List<Measurement> all = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("dataset\t")) {
        continue;
      }
      String[] f = line.split("\t");
      all.add(new Measurement(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5]), Double.parseDouble(f[6]), Long.parseLong(f[7])));
    }
    return all;
  }

  static List<Dataset> readDatasets(Path file) throws IOException {
    List<Dataset> all = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("dataset\t")) {
        continue;
      }
      String[] f = line.split("\t", 6);
      all.add(new Dataset(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5]));
    }
    return all;
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** One row per data set and contender that has measurements, in the order of first appearance. */
  static List<Row> summarize(List<Dataset> datasets, List<Measurement> all) {
    List<Row> rows = new ArrayList<>();
    for (Dataset d : datasets) {
      List<String> contenders = all.stream().filter(m -> m.dataset().equals(d.name())).map(Measurement::contender)
          .distinct().toList();
      Map<Integer, Measurement> chunkmill = new LinkedHashMap<>();
      for (Measurement m : all) {
        if (m.dataset().equals(d.name()) && m.contender().equals(CHUNKMILL) && m.exit() == 0) {
          chunkmill.put(m.run(), m);
        }
      }
      for (String c : contenders) {
        List<Measurement> runs = all.stream()
            .filter(m -> m.dataset().equals(d.name()) && m.contender().equals(c)).toList();
        List<Measurement> ok = runs.stream().filter(m -> m.exit() == 0).toList();
        double wall = median(ok.stream().mapToDouble(Measurement::wall).toArray());
        double cpu = median(ok.stream().mapToDouble(Measurement::cpu).toArray());
        long rss = ok.stream().mapToLong(Measurement::maxRssKb).max().orElse(0);
        List<Double> wallRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (Measurement m : ok) {
          Measurement base = chunkmill.get(m.run());
          if (base != null && base.wall() > 0 && base.cpu() > 0) {
            wallRatios.add(m.wall() / base.wall());
            cpuRatios.add(m.cpu() / base.cpu());
          }
        }
        boolean cannotRead = !runs.isEmpty() && runs.stream().allMatch(m -> m.exit() == CANNOT_READ);
        rows.add(new Row(d, c, ok.size(), cannotRead, ok.size() < runs.size() || ok.isEmpty(), wall, cpu, rss,
            d.messages() / wall, median(wallRatios.stream().mapToDouble(Double::doubleValue).toArray()),
            median(cpuRatios.stream().mapToDouble(Double::doubleValue).toArray())));
      }
    }
    return rows;
  }

  private static Row find(List<Row> rows, String dataset, String contender) {
    return rows.stream().filter(r -> r.dataset().name().equals(dataset) && r.contender().equals(contender))
        .findFirst().orElse(null);
  }

  /**
   * The bench's targets for the data sets measured: on many small files chunkmill at least 20x
   * faster than TextInputFormat and 1.5x faster than CombineTextInputFormat; everywhere at most 2x
   * the plain Java floor's wall time.
   */
  static List<Target> targets(List<Row> rows) {
    List<Target> targets = new ArrayList<>();
    List<Dataset> seen = rows.stream().map(Row::dataset).distinct().toList();
    for (Dataset d : seen) {
      if (find(rows, d.name(), CHUNKMILL) == null) {
        continue;
      }
      if (d.kind().equals("small-files")) {
        Row text = find(rows, d.name(), TEXT);
        if (text != null) {
          targets.add(new Target(d.name(), d.name() + ": TextInputFormat wall / chunkmill wall",
              text.failed() ? Double.NaN : text.wallRatio(), TEXT_TARGET, true));
        }
        Row combine = find(rows, d.name(), COMBINE);
        if (combine != null) {
          targets.add(new Target(d.name(), d.name() + ": CombineTextInputFormat wall / chunkmill wall",
              combine.failed() ? Double.NaN : combine.wallRatio(), COMBINE_TARGET, true));
        }
      }
      Row floor = find(rows, d.name(), FLOOR);
      if (floor != null && !floor.failed() && floor.wallRatio() > 0) {
        targets.add(new Target(d.name(), d.name() + ": chunkmill wall / plain Java floor wall",
            1 / floor.wallRatio(), FLOOR_TARGET, false));
      }
    }
    return targets;
  }

  static String label(String contender) {
    return switch (contender) {
      case CHUNKMILL -> "chunkmill (ingest + count)";
      case TEXT -> "TextInputFormat";
      case COMBINE -> "CombineTextInputFormat + combiner";
      case FLOOR -> "plain Java floor";
      case IO_FLOOR -> "I/O floor (count newlines)";
      case DUCKDB -> "DuckDB (SQL, in process)";
      case SPARK -> "Spark SQL, local[*]";
      default -> contender;
    };
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
  }

  private static String[] cells(Row r) {
    return new String[] {r.dataset().name(), label(r.contender()), r.cannotRead() ? "cannot read these files"
        : r.failed() ? r.runs() + " (FAILED)"
        : String.valueOf(r.runs()), num(r.wall(), "%.2f"), num(r.cpu(), "%.2f"),
        String.valueOf(r.maxRssKb() / 1024), num(r.messagesPerSecond(), "%,.0f"), num(r.wallRatio(), "%.2f"),
        num(r.cpuRatio(), "%.2f")};
  }

  private static final String[] HEADER = {"dataset", "contender", "runs", "wall s", "CPU s", "peak RSS MiB",
      "messages/s", "wall / chunkmill", "CPU / chunkmill"};

  static String textTable(List<Row> rows, List<Target> targets) {
    List<String[]> lines = new ArrayList<>();
    lines.add(HEADER);
    rows.forEach(r -> lines.add(cells(r)));
    int[] width = new int[HEADER.length];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    String previous = null;
    for (String[] l : lines) {
      if (previous != null && !previous.equals(l[0])) {
        sb.append('\n');
      }
      previous = l[0];
      for (int i = 0; i < l.length; i++) {
        String cell = l[i];
        boolean left = i < 2;
        sb.append(left ? String.format("%-" + width[i] + "s", cell) : String.format("%" + width[i] + "s", cell));
        sb.append(i + 1 < l.length ? "  " : "\n");
      }
      if (l == HEADER) {
        previous = null;
      }
    }
    sb.append('\n');
    for (Target t : targets) {
      sb.append("target ").append(t.describe()).append('\n');
    }
    return sb.toString();
  }

  static String markdown(Map<String, String> meta, List<Row> rows, List<Target> targets) {
    StringBuilder sb = new StringBuilder("# chunkmill benchmark\n\n");
    meta.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
    sb.append("\n| dataset | messages | files | input MiB | description |\n|---|---:|---:|---:|---|\n");
    rows.stream().map(Row::dataset).distinct().forEach(d -> sb.append(String.format(Locale.ROOT,
        "| %s | %,d | %,d | %.1f | %s |%n", d.name(), d.messages(), d.files(), d.bytes() / 1048576.0, d.description())));
    sb.append("\nMedians over the runs; ratios are medians of per-round ratios to chunkmill (above 1: chunkmill is"
        + " faster). Peak RSS is the largest single process.\n\n|");
    for (String h : HEADER) {
      sb.append(' ').append(h).append(" |");
    }
    sb.append("\n|---|---|");
    sb.append("---:|".repeat(HEADER.length - 2)).append('\n');
    for (Row r : rows) {
      sb.append('|');
      for (String c : cells(r)) {
        sb.append(' ').append(c).append(" |");
      }
      sb.append('\n');
    }
    sb.append("\nTargets:\n\n");
    for (Target t : targets) {
      sb.append("- ").append(t.describe()).append('\n');
    }
    sb.append("\n![messages per second](messages-per-second.svg)\n");
    return sb.toString();
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static String jsonNumber(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String json(Map<String, String> meta, List<Row> rows, List<Target> targets, List<Measurement> all) {
    StringBuilder sb = new StringBuilder("{\n  \"meta\": {");
    int i = 0;
    for (Map.Entry<String, String> e : meta.entrySet()) {
      sb.append(i++ == 0 ? "\n" : ",\n").append("    ").append(jsonString(e.getKey())).append(": ")
          .append(jsonString(e.getValue()));
    }
    sb.append("\n  },\n  \"datasets\": [");
    List<Dataset> datasets = rows.stream().map(Row::dataset).distinct().toList();
    for (int d = 0; d < datasets.size(); d++) {
      Dataset ds = datasets.get(d);
      sb.append(d == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"name\": %s, \"kind\": %s, \"messages\": %d, \"files\": %d, \"bytes\": %d, \"description\": %s}",
          jsonString(ds.name()), jsonString(ds.kind()), ds.messages(), ds.files(), ds.bytes(),
          jsonString(ds.description())));
    }
    sb.append("\n  ],\n  \"results\": [");
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      sb.append(r == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"dataset\": %s, \"contender\": %s, \"runs\": %d, \"cannot_read\": %b, \"failed\": %b, \"wall_s\": %s, \"cpu_s\": %s,"
              + " \"peak_rss_kib\": %d, \"messages_per_s\": %s, \"wall_ratio_to_chunkmill\": %s,"
              + " \"cpu_ratio_to_chunkmill\": %s}",
          jsonString(row.dataset().name()), jsonString(row.contender()), row.runs(), row.cannotRead(), row.failed(),
          jsonNumber(row.wall()), jsonNumber(row.cpu()), row.maxRssKb(), jsonNumber(row.messagesPerSecond()),
          jsonNumber(row.wallRatio()), jsonNumber(row.cpuRatio())));
    }
    sb.append("\n  ],\n  \"targets\": [");
    for (int t = 0; t < targets.size(); t++) {
      Target tg = targets.get(t);
      sb.append(t == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"dataset\": %s, \"what\": %s, \"measured\": %s, \"target\": %s, \"at_least\": %b, \"met\": %b}",
          jsonString(tg.dataset()), jsonString(tg.what()), jsonNumber(tg.measured()), jsonNumber(tg.limit()),
          tg.atLeast(), tg.met()));
    }
    sb.append("\n  ],\n  \"runs\": [");
    for (int m = 0; m < all.size(); m++) {
      Measurement x = all.get(m);
      sb.append(m == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"dataset\": %s, \"contender\": %s, \"run\": %d, \"exit\": %d, \"wall_s\": %s, \"user_s\": %s,"
              + " \"sys_s\": %s, \"peak_rss_kib\": %d}",
          jsonString(x.dataset()), jsonString(x.contender()), x.run(), x.exit(), jsonNumber(x.wall()),
          jsonNumber(x.user()), jsonNumber(x.sys()), x.maxRssKb()));
    }
    return sb.append("\n  ]\n}\n").toString();
  }

  private static final Map<String, String> COLORS = Map.of(CHUNKMILL, "#1b9e77", TEXT, "#d95f02", COMBINE,
      "#7570b3", FLOOR, "#666666", IO_FLOOR, "#bbbbbb", DUCKDB, "#e6ab02", SPARK, "#e7298a");

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /**
   * Horizontal bars of messages per second, grouped by data set, on a log scale: the contenders
   * span three orders of magnitude, and on a linear scale the slow ones would be invisible.
   */
  static String svg(List<Row> rows, Map<String, String> meta) {
    List<Row> shown = rows.stream().filter(r -> !r.failed() && r.messagesPerSecond() > 0).toList();
    double max = shown.stream().mapToDouble(Row::messagesPerSecond).max().orElse(10);
    double min = shown.stream().mapToDouble(Row::messagesPerSecond).min().orElse(1);
    int lo = (int) Math.floor(Math.log10(Math.max(1, min)));
    int hi = (int) Math.ceil(Math.log10(max));
    if (hi <= lo) {
      hi = lo + 1;
    }
    int labelWidth = 250;
    int plotWidth = 560;
    int bar = 16;
    int gap = 4;
    int groupGap = 26;
    int top = 50;
    List<Dataset> datasets = shown.stream().map(Row::dataset).distinct().toList();
    int height = top + 30;
    for (Dataset d : datasets) {
      height += groupGap + (int) shown.stream().filter(r -> r.dataset() == d).count() * (bar + gap);
    }
    int width = labelWidth + plotWidth + 110;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
    sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
        xml("Messages per second (median wall time, log scale)" + (meta.containsKey("mode")
            ? " - " + meta.get("mode") + " mode" : ""))));
    int axisBottom = height - 25;
    for (int e = lo; e <= hi; e++) {
      double x = labelWidth + (e - lo) * (double) plotWidth / (hi - lo);
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dddddd\"/>%n",
          x, top - 10, x, axisBottom));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">%s</text>%n",
          x, axisBottom + 15, xml(decade(e))));
    }
    int y = top;
    for (Dataset d : datasets) {
      sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y + 4,
          xml(d.name() + ": " + d.description())));
      y += groupGap - 10;
      for (Row r : shown) {
        if (r.dataset() != d) {
          continue;
        }
        double w = Math.max(1, (Math.log10(r.messagesPerSecond()) - lo) * plotWidth / (hi - lo));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
            labelWidth - 6, y + bar - 4, xml(label(r.contender()))));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
            labelWidth, y, w, bar, COLORS.getOrDefault(r.contender(), "#999999")));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", labelWidth + w + 4,
            y + bar - 4, xml(String.format(Locale.ROOT, "%,.0f", r.messagesPerSecond()))));
        y += bar + gap;
      }
      y += 10;
    }
    return sb.append("</svg>\n").toString();
  }

  private static String decade(int e) {
    return e > 9 ? "1e" + e : String.format(Locale.ROOT, "%,d", (long) Math.pow(10, e));
  }
}
