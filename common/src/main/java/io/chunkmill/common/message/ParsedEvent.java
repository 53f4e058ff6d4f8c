package io.chunkmill.common.message;

/**
 * The fields of a line that {@link MessageClassifier#classify classified} as
 * {@link MessageClass#VALID}: a mutable holder that a mapper reuses from line to line.
 *
 * <p>Its content is only meaningful right after a {@code VALID} result; other results leave it
 * unchanged. Not thread-safe.
 */
public final class ParsedEvent {
  private String id;
  private long ts;
  private String user;
  private String url;

  /** The message's identity (decoded JSON string, non-empty). */
  public String id() {
    return id;
  }

  /** Event time in epoch milliseconds, UTC, within {@code 0..253402300799999}. */
  public long ts() {
    return ts;
  }

  /** The user (decoded JSON string, non-empty). */
  public String user() {
    return user;
  }

  /** The url (decoded JSON string, non-empty). */
  public String url() {
    return url;
  }

  void set(String id, long ts, String user, String url) {
    this.id = id;
    this.ts = ts;
    this.user = user;
    this.url = url;
  }

  @Override
  public String toString() {
    return "ParsedEvent{id=" + id + ", ts=" + ts + ", user=" + user + ", url=" + url + "}";
  }
}
