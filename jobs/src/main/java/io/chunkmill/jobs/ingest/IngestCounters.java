package io.chunkmill.jobs.ingest;

import io.chunkmill.common.message.MessageClass;

/** The counters of an ingest run: one per line class of docs/CONTRACT.md §2, plus what the steps decide. */
public enum IngestCounters {
  LINES_READ, BLANK, TOO_LONG, MALFORMED, MISSING_FIELD, BAD_TIMESTAMP, VALID,
  /** Valid lines whose id another valid line of the run won. */
  DUPLICATE_IN_RUN,
  /** Events of this run that an already stored event of the same day and id won. */
  DUPLICATE_OF_STORED,
  /** Events of this run kept (new ones and those that replaced a stored event). */
  EVENTS,
  /** Events of this run that the merge step read (those of days already stored). */
  MERGE_NEW_INPUT,
  /** Stored events that a winning event of this run replaced. */
  STORED_REPLACED,
  /** Compressed files quarantined as a whole (skip-corrupt mode). */
  CORRUPT_FILES;

  static IngestCounters of(MessageClass c) {
    return valueOf(c.name());
  }
}
