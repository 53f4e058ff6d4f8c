package io.chunkmill.jobs.report;

import java.util.List;
import java.util.Locale;

/** The little HTML the report needs: escaping, numbers, tables. */
final class Html {
  /** Cells that are figures, aligned right. */
  private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile("[0-9][0-9,.]*%?");

  private Html() {}

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code 1234567} as {@code 1,234,567}. */
  static String number(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  /** A table: the header cells, then rows of cells (already text; escaped here). */
  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder s = new StringBuilder("<table><thead><tr>");
    header.forEach(h -> s.append("<th>").append(escape(h)).append("</th>"));
    s.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      s.append("<tr>");
      row.forEach(c -> s.append(NUMERIC.matcher(c).matches() ? "<td class=\"n\">" : "<td>").append(escape(c))
          .append("</td>"));
      s.append("</tr>");
    }
    return s.append("</tbody></table>").toString();
  }
}
