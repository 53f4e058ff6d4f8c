package io.chunkmill.common.message;

/**
 * The class of one input line (docs/CONTRACT.md §2). The checks apply in declaration order and the first
 * that matches wins, so a line is exactly one of these.
 */
public enum MessageClass {
  /** Empty, or only spaces and tabs (besides the CR of a CRLF); counted, never quarantined. */
  BLANK,
  /** Longer than the configured maximum number of bytes, not counting the line terminator. */
  TOO_LONG,
  /** Not UTF-8, not strict JSON, not one object, trailing non-whitespace, or a repeated key. */
  MALFORMED,
  /** A required field is absent, {@code null}, of the wrong JSON type, or an empty string. */
  MISSING_FIELD,
  /** {@code ts} is not a plain in-range integer nor an in-range ISO-8601 date-time with offset. */
  BAD_TIMESTAMP,
  /** Everything else: the line is an event {@code {id, ts, user, url}}. */
  VALID
}
