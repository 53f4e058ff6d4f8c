package io.chunkmill.jobs.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes synthetic queue dumps: one JSON message per line, deterministic for a seed.
 *
 * <p>Line {@code j} of the whole data set (files are numbered, lines follow in file order) is a
 * function of {@code (seed, j)} alone, so files can be written in any order, by any number of
 * threads or tasks. A redelivery repeats the message of an earlier line (same id; one in ten with
 * a later ts, as a retry would have). Bad lines come in every class of docs/CONTRACT.md §2.
 */
public final class MessageGenerator {
  /** How many lines back a redelivery may reach. */
  private static final int REDELIVERY_WINDOW = 100_000;
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final int TOO_LONG_BYTES = 65_536 + 100;

  private final GeneratorSettings s;
  private final long[] fileStart;
  private final double[] userCdf;
  private final double[] urlCdf;
  private final long startMs;

  public MessageGenerator(GeneratorSettings settings) {
    this.s = settings;
    this.fileStart = fileStarts(settings.messages(), settings.files(), settings.seed());
    this.userCdf = zipfCdf(settings.users(), 1.0);
    this.urlCdf = zipfCdf(settings.urls(), 1.1);
    this.startMs = settings.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Lines in file {@code f}. */
  public long linesIn(int f) {
    return fileStart[f + 1] - fileStart[f];
  }

  /** File name of file {@code f}, with the extension of its compression. */
  public String fileName(int f) {
    double u = new SplittableRandom(s.seed() * 31 + f).nextDouble();
    String ext = u < s.gzipShare() ? ".gz" : u < s.gzipShare() + s.bzip2Share() ? ".bz2" : "";
    return String.format("messages-%05d.json%s", f, ext);
  }

  /** Writes the lines of file {@code f} (uncompressed bytes) to {@code out}. */
  public void writeFile(int f, OutputStream out) throws IOException {
    StringBuilder line = new StringBuilder(256);
    for (long j = fileStart[f]; j < fileStart[f + 1]; j++) {
      line.setLength(0);
      line(j, line);
      out.write(line.toString().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
  }

  /** Appends line {@code j} (without its newline) to {@code out}. */
  void line(long j, StringBuilder out) {
    SplittableRandom r = random(j);
    double u = r.nextDouble();
    double bad = s.badRate();
    if (u < bad) {
      out.append(r.nextBoolean() ? "" : " \t ");
    } else if (u < 2 * bad) {
      malformed(j, r, out);
    } else if (u < 3 * bad) {
      missingField(j, r, out);
    } else if (u < 4 * bad) {
      badTimestamp(j, r, out);
    } else if (u < 4 * bad + s.tooLongRate()) {
      valid(j, out, 0);
      out.setLength(out.length() - 1);
      out.append(",\"pad\":\"").append("x".repeat(TOO_LONG_BYTES)).append("\"}");
    } else if (u < 4 * bad + s.tooLongRate() + s.redeliveryRate() && j > 0) {
      long earlier = j - 1 - r.nextInt((int) Math.min(j, REDELIVERY_WINDOW));
      valid(earlier, out, r.nextInt(10) == 0 ? 1 + r.nextInt(60_000) : 0);
    } else {
      valid(j, out, 0);
    }
  }

  private SplittableRandom random(long j) {
    return new SplittableRandom(s.seed() ^ (j * 0x9E3779B97F4A7C15L));
  }

  /** The message first sent as line {@code j}; {@code delay} ms later when redelivered late. */
  private void valid(long j, StringBuilder out, long delay) {
    SplittableRandom r = new SplittableRandom(s.seed() * 7 + j);
    long ts = startMs + (long) (r.nextDouble() * s.days() * 86_400_000L) + delay;
    int user = sample(userCdf, r.nextDouble());
    int url = sample(urlCdf, r.nextDouble());
    out.append("{\"id\":\"m-").append(s.seed()).append('-').append(j).append("\",\"ts\":");
    if (r.nextDouble() < s.isoShare()) {
      int offsetMinutes = (r.nextInt(25) - 12) * 60 + (r.nextInt(4) == 0 ? 30 : 0);
      out.append('"').append(ISO.format(Instant.ofEpochMilli(ts).atOffset(
          ZoneOffset.ofTotalSeconds(offsetMinutes * 60)))).append('"');
    } else {
      out.append(ts);
    }
    out.append(",\"user\":\"u").append(user).append("\",\"url\":\"https://example.com/p/").append(url)
        .append("\",\"kind\":\"like\"}");
  }

  private void malformed(long j, SplittableRandom r, StringBuilder out) {
    switch (r.nextInt(5)) {
      case 0 -> out.append("{\"id\":\"m-bad-").append(j).append("\",\"ts\":1764201600000");
      case 1 -> out.append("not json at all ").append(j);
      case 2 -> out.append("[\"id\",\"ts\"]");
      case 3 -> out.append("{\"id\":\"a\",\"id\":\"b\",\"ts\":1,\"user\":\"u\",\"url\":\"x\"}");
      default -> out.append("{\"id\":\"m-").append(j).append("\",\"ts\":1,\"user\":\"u\",\"url\":\"x\"} trailing");
    }
  }

  private void missingField(long j, SplittableRandom r, StringBuilder out) {
    String id = "\"m-missing-" + j + "\"";
    switch (r.nextInt(4)) {
      case 0 -> out.append("{\"ts\":1764201600000,\"user\":\"u1\",\"url\":\"https://example.com/\"}");
      case 1 -> out.append("{\"id\":").append(id).append(",\"ts\":1764201600000,\"user\":null,\"url\":\"x\"}");
      case 2 -> out.append("{\"id\":").append(id).append(",\"ts\":1764201600000,\"user\":42,\"url\":\"x\"}");
      default -> out.append("{\"id\":").append(id).append(",\"ts\":1764201600000,\"user\":\"u\",\"url\":\"\"}");
    }
  }

  private void badTimestamp(long j, SplittableRandom r, StringBuilder out) {
    String[] bad = {"1.5e12", "1764201600000.0", "-1", "253402300800000", "\"2026-11-27T10:15:30\"",
        "\"2026-11-27\"", "\"yesterday\""};
    out.append("{\"id\":\"m-badts-").append(j).append("\",\"ts\":").append(bad[r.nextInt(bad.length)])
        .append(",\"user\":\"u1\",\"url\":\"https://example.com/\"}");
  }

  private static int sample(double[] cdf, double u) {
    int i = Arrays.binarySearch(cdf, u);
    return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
  }

  private static double[] zipfCdf(int n, double exponent) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, exponent);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  /** Skewed file sizes (Pareto-like weights, shuffled), as first line index per file. */
  private static long[] fileStarts(long messages, int files, long seed) {
    double[] weights = new double[files];
    SplittableRandom r = new SplittableRandom(seed);
    double total = 0;
    for (int f = 0; f < files; f++) {
      weights[f] = 1 / Math.pow(1 - r.nextDouble() * 0.99, 0.7);
      total += weights[f];
    }
    long[] start = new long[files + 1];
    double acc = 0;
    for (int f = 0; f < files; f++) {
      acc += weights[f];
      start[f + 1] = Math.round(acc / total * messages);
    }
    start[files] = messages;
    return start;
  }
}
