package io.chunkmill.bench;

import io.chunkmill.common.conf.InputConfig;
import io.chunkmill.common.message.EventOrder;
import io.chunkmill.common.message.FieldNames;
import io.chunkmill.common.message.MessageClass;
import io.chunkmill.common.message.MessageClassifier;
import io.chunkmill.common.message.ParsedEvent;
import io.chunkmill.common.output.UtcDays;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Contender 4, the floor: the same work in one plain Java process, one thread, no Hadoop job.
 * Every line is classified by chunkmill's {@link MessageClassifier}, valid events are deduplicated
 * in a {@link HashMap} by id with the docs/CONTRACT.md §2 rule ({@link EventOrder}), and events are counted per
 * (UTC day, url). Its memory grows with the number of distinct ids, which is exactly what a
 * MapReduce job must not do; it says how fast the work itself can go on this machine.
 *
 * <p>Usage: {@code PlainJavaFloor <output dir> <input>...}; writes
 * {@code <output dir>/part-00000} as {@code day\turl\tcount} lines.
 */
public final class PlainJavaFloor {
  /** The winning event of one id so far. */
  private static final class Winner {
    long ts;
    String user;
    String url;

    Winner(long ts, String user, String url) {
      this.ts = ts;
      this.user = user;
      this.url = url;
    }
  }

  private final MessageClassifier classifier =
      new MessageClassifier(FieldNames.DEFAULTS, InputConfig.DEFAULT_MESSAGE_MAX_BYTES);
  private final ParsedEvent parsed = new ParsedEvent();
  private final Map<String, Winner> winners = new HashMap<>(1 << 20);
  /**
   * One String per distinct user and url: the classifier makes new Strings per line, and holding
   * millions of copies of a thousand urls would make the floor's heap, not its work, the limit.
   */
  private final Map<String, String> canonical = new HashMap<>();
  private final long[] classes = new long[MessageClass.values().length];
  private long lines;

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: PlainJavaFloor <output dir> <input>...");
      System.exit(2);
    }
    long started = System.nanoTime();
    PlainJavaFloor floor = new PlainJavaFloor();
    List<Path> files = InputFiles.list(Arrays.asList(args).subList(1, args.length));
    LineScanner scanner = new LineScanner();
    for (Path file : files) {
      try (InputStream in = InputFiles.open(file)) {
        scanner.scan(in, floor::line);
      }
    }
    Path out = Path.of(args[0]);
    long keys = floor.writeCounts(out.resolve("part-00000"));
    long valid = floor.classes[MessageClass.VALID.ordinal()];
    long blank = floor.classes[MessageClass.BLANK.ordinal()];
    System.out.printf(Locale.ROOT, "plain-java-floor: %d files; lines_read %d, BLANK %d, quarantined %d,"
        + " DUPLICATE %d, events %d; %d (day, url) counts; %.1f s%n", files.size(), floor.lines, blank,
        floor.lines - blank - valid, valid - floor.winners.size(), floor.winners.size(), keys,
        (System.nanoTime() - started) / 1e9);
  }

  private void line(byte[] buf, int off, int len) {
    lines++;
    MessageClass c = classifier.classify(buf, off, len, parsed);
    classes[c.ordinal()]++;
    if (c != MessageClass.VALID) {
      return;
    }
    Winner w = winners.get(parsed.id());
    if (w == null) {
      winners.put(parsed.id(), new Winner(parsed.ts(), canonical(parsed.user()), canonical(parsed.url())));
    } else if (!EventOrder.firstWins(w.ts, w.user, w.url, parsed.ts(), parsed.user(), parsed.url())) {
      w.ts = parsed.ts();
      w.user = canonical(parsed.user());
      w.url = canonical(parsed.url());
    }
  }

  private String canonical(String s) {
    String c = canonical.putIfAbsent(s, s);
    return c == null ? s : c;
  }

  /** Counts the winners per (day, url) and writes them; returns the number of keys. */
  private long writeCounts(Path file) throws IOException {
    Map<String, Map<String, long[]>> perDay = new TreeMap<>();
    UtcDays days = new UtcDays();
    for (Winner w : winners.values()) {
      perDay.computeIfAbsent(days.day(w.ts), d -> new HashMap<>())
          .computeIfAbsent(w.url, u -> new long[1])[0]++;
    }
    Files.createDirectories(file.getParent());
    long keys = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Map<String, long[]>> day : perDay.entrySet()) {
        for (Map.Entry<String, long[]> url : new TreeMap<>(day.getValue()).entrySet()) {
          out.write(day.getKey() + "\t" + url.getKey() + "\t" + url.getValue()[0] + "\n");
          keys++;
        }
      }
    }
    return keys;
  }
}
