package io.chunkmill.common.message;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * An event without its id, as the dedup shuffle carries it (the id is the key): a plain Writable
 * rather than the Avro {@code Event}, because the sort and the shuffle handle every message, and a
 * Writable costs a fraction of Avro's generic (de)serialization there. Strings are kept so that
 * {@link EventOrder} compares them exactly as it compares parsed events.
 */
public final class EventWritable implements Writable {
  /** Not serialized: see {@link #latestTs}. */
  private long latestTs;
  private long ts;
  private String user;
  private String url;

  public long ts() {
    return ts;
  }

  public String user() {
    return user;
  }

  public String url() {
    return url;
  }

  public void set(ParsedEvent e) {
    set(e.ts(), e.user(), e.url());
  }

  public void set(long ts, String user, String url) {
    this.ts = ts;
    this.user = user;
    this.url = url;
  }

  /** Takes {@code other}'s fields if it wins over this one under docs/CONTRACT.md §2 (ties keep this). */
  private void keepWinner(EventWritable other) {
    if (!EventOrder.firstWins(ts, user, url, other.ts, other.user, other.url)) {
      set(other.ts, other.user, other.url);
    }
  }

  /**
   * Copies the docs/CONTRACT.md §2 winner of {@code copies} into this one and returns how many copies there
   * were. The copies may be one object that the framework refills: only their fields are kept.
   */
  public long keepWinnerOf(Iterable<EventWritable> copies) {
    long n = 0;
    latestTs = Long.MIN_VALUE;
    for (EventWritable copy : copies) {
      latestTs = Math.max(latestTs, copy.ts);
      if (n++ == 0) {
        set(copy.ts, copy.user, copy.url);
      } else {
        keepWinner(copy);
      }
    }
    return n;
  }

  /** The latest ts among the copies the last {@link #keepWinnerOf} saw (the winner has the earliest). */
  public long latestTs() {
    return latestTs;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(ts);
    Text.writeString(out, user);
    Text.writeString(out, url);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    ts = in.readLong();
    user = Text.readString(in);
    url = Text.readString(in);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventWritable e && ts == e.ts && Objects.equals(user, e.user) && Objects.equals(url, e.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ts, user, url);
  }

  @Override
  public String toString() {
    return ts + "\t" + user + "\t" + url;
  }
}
