package io.chunkmill.jobs.count;

import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** The configuration keys of {@code count}. */
public final class CountConfig {
  /** The facets one run counts, as given to {@code --by}. */
  public static final String FACETS = "chunkmill.count.facets";
  public static final String DEFAULT_FACETS = "url,user,hour,day";

  private CountConfig() {}

  public static List<Facet> facets(Configuration conf) {
    return Facet.parseList(conf.get(FACETS, DEFAULT_FACETS));
  }

  public static void setFacets(Configuration conf, List<Facet> facets) {
    conf.set(FACETS, String.join(",", facets.stream().map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).toList()));
  }
}
