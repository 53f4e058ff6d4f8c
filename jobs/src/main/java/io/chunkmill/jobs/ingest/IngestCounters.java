package io.chunkmill.jobs.ingest;

import io.chunkmill.common.message.MessageClass;

/** The counters of an ingest run: one per line class of docs/CONTRACT.md §2, plus what the steps decide. */
public enum IngestCounters {
  LINES_READ, BLANK, TOO_LONG, MALFORMED, MISSING_FIELD, BAD_TIMESTAMP, VALID,
  /** Valid lines whose id another valid line of the run won. */
  DUPLICATE_IN_RUN,
  /** Events of this run that an already stored event with the same id (within the dedup horizon) won. */
  DUPLICATE_OF_STORED,
  /** Events of this run kept (new ones and those that replaced a stored event). */
  EVENTS,
  /** Stored events that a winning event of this run replaced. */
  STORED_REPLACED,
  /** Compressed files quarantined as a whole (skip-corrupt mode). */
  CORRUPT_FILES,
  /** Probe sidecars of stored data files that the dedup step loaded, and their bytes. */
  PROBE_SIDECARS_READ, PROBE_SIDECAR_BYTES,
  /** Blocks of stored data files that probes read (the filter said "maybe"), and those that did not hold the id. */
  PROBE_BLOCKS_READ, PROBE_FALSE_POSITIVES;

  static IngestCounters of(MessageClass c) {
    return valueOf(c.name());
  }
}
