package io.chunkmill.jobs.distinct;

import io.chunkmill.common.avro.DistinctKey;
import io.chunkmill.jobs.analysis.PrefixGroupingComparator;

/** Groups {@code DistinctKey}s by (part, url): one reduce call per url and day, users sorted. */
public class UrlGrouping extends PrefixGroupingComparator {
  public UrlGrouping() {
    super(DistinctKey.getClassSchema(), 2);
  }
}
