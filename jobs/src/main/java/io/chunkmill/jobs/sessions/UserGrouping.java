package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.analysis.PrefixGroupingComparator;

/** Groups {@code SessionKey}s by (part, user): one reduce call per user and day, events in (ts, id) order. */
public class UserGrouping extends PrefixGroupingComparator {
  public UserGrouping() {
    super(SessionKey.getClassSchema(), 2);
  }
}
