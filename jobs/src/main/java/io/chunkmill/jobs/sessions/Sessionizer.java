package io.chunkmill.jobs.sessions;

import java.util.HashSet;
import java.util.Set;

/**
 * Cuts one user's events into sessions: a new session starts when the gap to the previous event is
 * strictly greater than the limit. Takes events in time order, or pieces (runs of events whose gaps
 * are within the limit, each with its first and last time: the sessions of some of the user's
 * events) in order of their first time: a piece joins the session when its first event is within
 * the limit of the latest event so far.
 * Pieces give the same sessions as their events would: a gap greater than the limit between two
 * consecutive events of the user lies inside no piece, and any other gap is bridged by a piece or
 * by two pieces within the limit of each other. Holds one session's distinct urls, never the events.
 */
public final class Sessionizer {
  /** A finished session. */
  public record Session(long start, long end, long events, long urls) {}

  /** Receives finished sessions, with their distinct urls (valid during the call only). */
  public interface Sink {
    void session(Session s, Set<String> urls) throws java.io.IOException, InterruptedException;
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

  /** One event. */
  public void event(long ts, String url) throws java.io.IOException, InterruptedException {
    add(ts, ts, 1);
    urls.add(url);
  }

  /** A piece of {@code events} events from {@code first} to {@code end} with these distinct urls. */
  public void piece(long first, long end, long events, Iterable<? extends CharSequence> pieceUrls)
      throws java.io.IOException, InterruptedException {
    add(first, end, events);
    for (CharSequence url : pieceUrls) {
      urls.add(url.toString());
    }
  }

  private void add(long first, long end, long n) throws java.io.IOException, InterruptedException {
    if (events > 0 && first - last > gapMs) {
      finish();
    }
    if (events == 0) {
      start = first;
      last = end;
    } else {
      last = Math.max(last, end);
    }
    events += n;
  }

  /** Ends the current session (end of the user's events). */
  public void finish() throws java.io.IOException, InterruptedException {
    if (events > 0) {
      sink.session(new Session(start, last, events, urls.size()), urls);
    }
    events = 0;
    urls.clear();
  }
}
