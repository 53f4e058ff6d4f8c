package io.chunkmill.jobs.count;

import io.chunkmill.common.avro.Event;
import io.chunkmill.common.output.UtcDays;

/** What {@code count --by} counts events by; each is a dataset {@code counts/<name>}. */
public enum Facet {
  URL, USER, HOUR, DAY;

  public String dataset() {
    return "counts/" + name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The facet of dataset {@code counts/<name>}. */
  public static Facet ofDataset(String dataset) {
    if (!dataset.startsWith("counts/")) {
      throw new IllegalArgumentException("not a dataset of count: " + dataset);
    }
    return valueOf(dataset.substring("counts/".length()).toUpperCase(java.util.Locale.ROOT));
  }

  /** Every facet, the default of {@code --by}. */
  public static final String ALL = "url,user,hour,day";

  /** Parses {@code url,user,hour,day} (any subset, any order). */
  public static java.util.List<Facet> parseList(String list) {
    java.util.List<Facet> facets = new java.util.ArrayList<>();
    for (String s : list.split(",")) {
      String name = s.trim().toUpperCase(java.util.Locale.ROOT);
      try {
        Facet f = valueOf(name);
        if (!facets.contains(f)) {
          facets.add(f);
        }
      } catch (IllegalArgumentException e) {
        throw new io.chunkmill.jobs.program.Args.UsageException("--by takes url, user, hour or day, not '" + s + "'");
      }
    }
    return facets;
  }

  /** Computes the key of an event, caching the last UTC day's text. */
  public static final class Keys {
    private static final long HOUR_MS = 3_600_000L;
    private final UtcDays days = new UtcDays();

    /** The UTC day of {@code ts}, YYYY-MM-DD. */
    public String day(long ts) {
      return days.day(ts);
    }

    public String key(Facet facet, Event e) {
      return switch (facet) {
        case URL -> e.getUrl();
        case USER -> e.getUser();
        case DAY -> day(e.getTs());
        case HOUR -> {
          int hour = (int) Math.floorMod(Math.floorDiv(e.getTs(), HOUR_MS), 24L);
          yield day(e.getTs()) + (hour < 10 ? "T0" : "T") + hour;
        }
      };
    }
  }
}
