package io.chunkmill.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Checks that every contender produced the same url counts: the sorted {@code (day, url, count)}
 * triples of chunkmill's {@code <root>/counts/url/dt=*}{@code /*.avro} (read with Avro's generic
 * reader) against the {@code day\turl\tcount} text files of the others.
 *
 * <p>Usage: {@code UrlCountsComparison [--set-aside-url=<url>] <name>=avro:<chunkmill root> <name>=text:<dir> ...}. Prints
 * one line when all agree (exit 0), or the first differences of each contender that does not
 * agree with the first one (exit 1).
 */
public final class UrlCountsComparison {
  private static final int SHOWN_DIFFERENCES = 10;
  /** {@code --set-aside-url=<url>}: see {@link #setAside}. */
  static final String SET_ASIDE = "--set-aside-url=";

  private UrlCountsComparison() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: UrlCountsComparison <name>=avro:<chunkmill root> <name>=text:<dir> ...");
      System.exit(2);
    }
    Map<String, SortedMap<String, Long>> results = new LinkedHashMap<>();
    String setAside = null;
    for (String arg : args) {
      if (arg.startsWith(SET_ASIDE)) {
        setAside = arg.substring(SET_ASIDE.length());
        continue;
      }
      int eq = arg.indexOf('=');
      int colon = arg.indexOf(':', eq + 1);
      if (eq <= 0 || colon < 0) {
        System.err.println("UrlCountsComparison: expected <name>=avro:<root> or <name>=text:<dir>, got " + arg);
        System.exit(2);
      }
      String name = arg.substring(0, eq);
      String kind = arg.substring(eq + 1, colon);
      Path path = Path.of(arg.substring(colon + 1));
      results.put(name, switch (kind) {
        case "avro" -> readChunkmillCounts(path);
        case "text" -> readTextCounts(path);
        default -> throw new IllegalArgumentException("unknown kind " + kind + " in " + arg);
      });
    }
    List<String> report = new ArrayList<>();
    if (setAside != null) {
      report.addAll(setAside(results, setAside));
    }
    report.addAll(0, compare(results));
    report.forEach(System.out::println);
    System.exit(agree(results) ? 0 : 1);
  }

  /**
   * Removes the keys of {@code url} from every result and says, per result, how many events it
   * counted there: the url of the generator's bad lines that some contenders' SQL cannot refuse
   * as the contract does (a repeated key, a number where a string belongs, text after the object).
   */
  static List<String> setAside(Map<String, SortedMap<String, Long>> results, String url) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, SortedMap<String, Long>> r : results.entrySet()) {
      long events = 0;
      for (java.util.Iterator<Map.Entry<String, Long>> it = r.getValue().entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> key = it.next();
        if (key.getKey().endsWith("\t" + url)) {
          events += key.getValue();
          it.remove();
        }
      }
      lines.add("set aside: " + r.getKey() + " counted " + events + " event(s) at url " + url);
    }
    return lines;
  }

  /** Whether every result equals the first. */
  static boolean agree(Map<String, SortedMap<String, Long>> results) {
    Iterator<SortedMap<String, Long>> it = results.values().iterator();
    SortedMap<String, Long> first = it.next();
    while (it.hasNext()) {
      if (!first.equals(it.next())) {
        return false;
      }
    }
    return true;
  }

  /** A summary line when all agree; else, per disagreeing result, its first differences. */
  static List<String> compare(Map<String, SortedMap<String, Long>> results) {
    List<String> lines = new ArrayList<>();
    Map.Entry<String, SortedMap<String, Long>> reference = results.entrySet().iterator().next();
    SortedMap<String, Long> ref = reference.getValue();
    if (agree(results)) {
      long events = ref.values().stream().mapToLong(Long::longValue).sum();
      lines.add("url counts agree: " + String.join(", ", results.keySet()) + ": " + ref.size()
          + " (day, url) keys, " + events + " events");
      return lines;
    }
    for (Map.Entry<String, SortedMap<String, Long>> other : results.entrySet()) {
      if (other.getValue().equals(ref)) {
        continue;
      }
      List<String> diffs = differences(ref, other.getValue());
      lines.add("url counts differ: " + other.getKey() + " against " + reference.getKey() + ": " + diffs.size()
          + " (day, url) keys differ (" + reference.getKey() + " " + ref.size() + " keys, " + other.getKey() + " "
          + other.getValue().size() + ")");
      for (String d : diffs.subList(0, Math.min(SHOWN_DIFFERENCES, diffs.size()))) {
        lines.add("  " + d.replace('\t', ' '));
      }
    }
    return lines;
  }

  /** Each key whose count differs, as {@code day\turl: a vs b} (a missing count is "-"). */
  static List<String> differences(SortedMap<String, Long> a, SortedMap<String, Long> b) {
    TreeMap<String, Long> all = new TreeMap<>(a);
    b.forEach(all::putIfAbsent);
    List<String> diffs = new ArrayList<>();
    for (String key : all.keySet()) {
      Long x = a.get(key);
      Long y = b.get(key);
      if (x == null || !x.equals(y)) {
        diffs.add(key + ": " + (x == null ? "-" : x) + " vs " + (y == null ? "-" : y));
      }
    }
    return diffs;
  }

  /** chunkmill's counts: {@code day\turl} to count, from every partition of {@code counts/url}. */
  static SortedMap<String, Long> readChunkmillCounts(Path root) throws IOException {
    SortedMap<String, Long> counts = new TreeMap<>();
    Path dataset = root.resolve("counts").resolve("url");
    if (!Files.isDirectory(dataset)) {
      throw new IOException("no url counts under " + root + " (expected " + dataset + ")");
    }
    try (DirectoryStream<Path> days = Files.newDirectoryStream(dataset, "dt=*")) {
      for (Path dir : days) {
        String day = dir.getFileName().toString().substring("dt=".length());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.avro")) {
          for (Path file : files) {
            if (!InputFiles.visible(file.getFileName().toString())) {
              continue;
            }
            try (DataFileReader<GenericRecord> records =
                new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
              for (GenericRecord r : records) {
                add(counts, day + "\t" + r.get("key"), (Long) r.get("count"), file);
              }
            }
          }
        }
      }
    }
    return counts;
  }

  /** {@code day\turl\tcount} lines of every visible file at or below {@code dir}. */
  static SortedMap<String, Long> readTextCounts(Path dir) throws IOException {
    SortedMap<String, Long> counts = new TreeMap<>();
    for (Path file : InputFiles.list(List.of(dir.toString()))) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          int tab = line.lastIndexOf('\t');
          if (tab < 0) {
            throw new IOException("not a day\\turl\\tcount line in " + file + ": " + line);
          }
          add(counts, line.substring(0, tab), Long.parseLong(line.substring(tab + 1)), file);
        }
      }
    }
    return counts;
  }

  private static void add(Map<String, Long> counts, String key, long count, Path file) throws IOException {
    if (counts.put(key, count) != null) {
      throw new IOException("key counted twice (" + key.replace('\t', ' ') + ") in " + file);
    }
  }
}
