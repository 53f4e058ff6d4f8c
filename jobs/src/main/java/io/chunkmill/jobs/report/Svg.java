package io.chunkmill.jobs.report;

import java.util.List;
import java.util.Locale;

/**
 * Bar charts as inline SVG: no scripts, no fonts or styles fetched, a tooltip ({@code <title>})
 * on every bar. Bars may stack several series, each in its colour with a legend.
 */
final class Svg {
  private static final String[] COLOURS = {"#4e79a7", "#e15759", "#f28e2b", "#76b7b2", "#59a14f", "#b07aa1", "#9c755f"};
  private static final int WIDTH = 760;
  private static final int HEIGHT = 240;
  private static final int LEFT = 64;
  private static final int RIGHT = 12;
  private static final int TOP = 24;
  private static final int BOTTOM = 44;

  private Svg() {}

  /**
   * A bar per label, its series stacked ({@code values[label][series]}); labels shown as room allows.
   */
  static String bars(String title, List<String> labels, List<String> series, long[][] values) {
    long max = 1;
    for (long[] v : values) {
      long total = 0;
      for (long x : v) {
        total += x;
      }
      max = Math.max(max, total);
    }
    max = niceCeiling(max);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
    s.append("<title>").append(Html.escape(title)).append("</title>");
    for (int i = 0; i <= 4; i++) { // grid and y labels
      double y = TOP + plotH - plotH * i / 4.0;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
          LEFT, y, WIDTH - RIGHT, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\""
          + " fill=\"#555\">%s</text>", LEFT - 6, y + 4, Html.number(max * i / 4)));
    }
    int n = Math.max(1, labels.size());
    double slot = (double) plotW / n;
    double barW = Math.max(1, slot * 0.8);
    int every = Math.max(1, (int) Math.ceil(n / (plotW / 70.0))); // about 70 px a label
    for (int i = 0; i < labels.size(); i++) {
      double x = LEFT + i * slot + (slot - barW) / 2;
      double base = TOP + plotH;
      for (int k = 0; k < series.size(); k++) {
        long v = values[i][k];
        if (v <= 0) {
          continue;
        }
        double h = plotH * (double) v / max;
        base -= h;
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s%s: %s</title></rect>", x, base, barW, h, COLOURS[k % COLOURS.length],
            Html.escape(labels.get(i)), series.size() > 1 ? " " + Html.escape(series.get(k)) : "", Html.number(v)));
      }
      if (i % every == 0) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\""
            + " fill=\"#555\">%s</text>", LEFT + i * slot + slot / 2, HEIGHT - BOTTOM + 16, Html.escape(labels.get(i))));
      }
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
        LEFT, TOP + plotH, WIDTH - RIGHT, TOP + plotH));
    if (series.size() > 1) {
      int x = LEFT;
      for (int k = 0; k < series.size(); k++) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#333\">%s</text>", x, HEIGHT - 16,
            COLOURS[k % COLOURS.length], x + 14, HEIGHT - 7, Html.escape(series.get(k))));
        x += 24 + 7 * series.get(k).length();
      }
    }
    return s.append("</svg>").toString();
  }

  /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code v}. */
  static long niceCeiling(long v) {
    long p = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * p >= v) {
          return m * p;
        }
      }
      if (p > Long.MAX_VALUE / 100) {
        return v;
      }
      p *= 10;
    }
  }
}
