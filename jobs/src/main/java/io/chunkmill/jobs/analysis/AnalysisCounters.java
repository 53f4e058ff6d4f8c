package io.chunkmill.jobs.analysis;

/** Counters every analysis job keeps. */
public enum AnalysisCounters {
  /** Result records written, all partitions together. */
  RECORDS_OUT
}
