package io.chunkmill.jobs.compact;

/** The counters of a compaction: every event read is written once. */
public enum CompactCounters {
  EVENTS_IN, EVENTS_OUT,
  /** Copies of one id on one day (a store that broke its own rule); the winner is kept. */
  SAME_DAY_COPIES_DROPPED
}
