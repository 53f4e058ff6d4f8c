package io.chunkmill.bench;

import io.chunkmill.common.message.MessageClass;

/** What the Hadoop contenders count, to set beside chunkmill's ingest accounting in their logs. */
public enum BenchCounters {
  LINES_READ, BLANK, QUARANTINED, VALID, EVENTS;

  /** The counter of a line's class: every class besides BLANK and VALID is quarantined. */
  static BenchCounters of(MessageClass c) {
    return switch (c) {
      case BLANK -> BLANK;
      case VALID -> VALID;
      default -> QUARANTINED;
    };
  }
}
