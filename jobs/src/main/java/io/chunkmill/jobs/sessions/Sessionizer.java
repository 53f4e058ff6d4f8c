package io.chunkmill.jobs.sessions;

import java.util.HashSet;
import java.util.Set;

/**
 * Cuts one user's events, fed in (ts, id) order, into sessions: a new session starts when the
 * gap to the previous event is strictly greater than the limit. Holds one session's distinct urls,
 * never the events.
 */
public final class Sessionizer {
  /** A finished session. */
  public record Session(long start, long end, long events, long urls) {}

  /** Receives finished sessions. */
  public interface Sink {
    void session(Session s) throws java.io.IOException, InterruptedException;
  }

  private final long gapMs;
  private final Sink sink;
  private final Set<String> urls = new HashSet<>();
  private long start;
  private long last;
  private long events;

  public Sessionizer(long gapMs, Sink sink) {
    this.gapMs = gapMs;
    this.sink = sink;
  }

  public void event(long ts, String url) throws java.io.IOException, InterruptedException {
    if (events > 0 && ts - last > gapMs) {
      finish();
    }
    if (events == 0) {
      start = ts;
    }
    last = ts;
    events++;
    urls.add(url);
  }

  /** Ends the current session (end of the user's events). */
  public void finish() throws java.io.IOException, InterruptedException {
    if (events > 0) {
      sink.session(new Session(start, last, events, urls.size()));
    }
    events = 0;
    urls.clear();
  }
}
