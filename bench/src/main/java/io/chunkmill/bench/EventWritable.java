package io.chunkmill.bench;

import io.chunkmill.common.message.EventOrder;
import io.chunkmill.common.message.ParsedEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * The shuffle value of the Hadoop contenders' dedup job: an event without its id (the id is the
 * key). A plain Writable rather than chunkmill's Avro {@code Event}, as a Hadoop user writing this
 * job from scratch would do; Strings are kept so that {@link EventOrder} can compare them.
 */
public final class EventWritable implements Writable {
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

  /** Takes {@code other}'s fields if it wins over this one under SPEC §2 (ties keep this). */
  public void keepWinner(EventWritable other) {
    if (!EventOrder.firstWins(ts, user, url, other.ts, other.user, other.url)) {
      set(other.ts, other.user, other.url);
    }
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
  public String toString() {
    return ts + "\t" + user + "\t" + url;
  }
}
