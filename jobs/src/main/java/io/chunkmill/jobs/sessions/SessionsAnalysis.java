package io.chunkmill.jobs.sessions;

import io.chunkmill.common.avro.AnalysisKey;
import io.chunkmill.common.avro.Event;
import io.chunkmill.common.avro.Session;
import io.chunkmill.common.avro.SessionPiece;
import io.chunkmill.common.avro.SessionState;
import io.chunkmill.common.message.Utf8Order;
import io.chunkmill.jobs.analysis.Analysis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code sessions}: the map side holds up to {@value #DEFAULT_BUFFERED_EVENTS} events
 * ({@value #BUFFERED_EVENTS}), then sends each user's events it holds as pieces: runs of events
 * ordered by time whose gaps are within the session gap, each keyed by (user, its first time) with
 * its last time, its number of events and its distinct urls. The shuffle groups by user and orders
 * the pieces by their first time, so the reducer joins them into sessions as they stream past
 * ({@link Sessionizer}) and never holds a user's day. A day of many events per user sends a piece
 * per user and session, not a record per event.
 *
 * <p>Beside each day's result it keeps each session with its distinct urls ({@link SessionState}),
 * so that a day to which runs only added events is updated from that state and the added events,
 * without re-reading the day: a kept session is a piece like any other (added events can only
 * extend sessions and join them). The users of events that a run replaced are recomputed from the
 * day's events ({@link #refreshKey}): taking an event away can split a session.
 */
public class SessionsAnalysis implements Analysis {
  /** Events the map side holds before it sends their pieces (a bound on its memory). */
  public static final String BUFFERED_EVENTS = "chunkmill.sessions.map.buffered.events";
  public static final int DEFAULT_BUFFERED_EVENTS = 100_000;
  private static final int INDEX_BITS = 20;

  private final AnalysisKey out = new AnalysisKey(0, "", 0L, "");
  private final Map<User, UserEvents> users = new HashMap<>();
  private int buffered;
  private int maxBuffered;
  private long gapMs;

  /** A user on one partition (a record's hash and equality, not the slower ones of Avro records). */
  private record User(int part, String user) {}

  /** One user's held events on one partition's day. */
  private static final class UserEvents {
    long[] ts = new long[4];
    String[] urls = new String[4];
    int n;

    void add(long t, String url) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        urls = Arrays.copyOf(urls, n * 2);
      }
      ts[n] = t;
      urls[n++] = url;
    }
  }

  @Override
  public void setup(String dataset, Configuration conf) {
    gapMs = SessionsJob.gapMinutes(conf) * 60_000L;
    maxBuffered = conf.getInt(BUFFERED_EVENTS, DEFAULT_BUFFERED_EVENTS);
    if (maxBuffered < 1 || maxBuffered >= 1 << INDEX_BITS) {
      throw new IllegalArgumentException(BUFFERED_EVENTS + " is between 1 and " + ((1 << INDEX_BITS) - 1));
    }
  }

  @Override
  public Schema outputSchema() {
    return Session.getClassSchema();
  }

  @Override
  public String namedOutput() {
    return "sessions";
  }

  @Override
  public Schema stateSchema() {
    return SessionState.getClassSchema();
  }

  @Override
  public String updatedFrom() {
    return SessionsJob.DATASET;
  }

  /** Sessions cut with another gap are recomputed: a shorter gap can split them. */
  @Override
  public boolean updatableFrom(FileSystem fs, Path stateFile) throws IOException {
    SessionState first = Analysis.firstRecord(fs, stateFile, SessionState.class);
    return first == null || first.getGapMs() == gapMs;
  }

  @Override
  public String refreshKey(Event event) {
    return event.getUser();
  }

  @Override
  public String refreshKey(Object previousRecord) {
    return ((SessionState) previousRecord).getUser();
  }

  @Override
  public void previous(Object record, int part, Emitter emitter) throws IOException, InterruptedException {
    SessionState session = (SessionState) record;
    if (session.getGapMs() != gapMs) { // the driver plans such a day as a recomputation (updatableFrom)
      throw new IllegalStateException("the previous sessions were cut with a gap of " + session.getGapMs()
          + " ms, this run's is " + gapMs + " ms");
    }
    out.setPart(part);
    out.setKey(session.getUser());
    out.setTs(session.getStart());
    emitter.emit(out, new SessionPiece(session.getEnd(), session.getEvents(), session.getUrls()));
  }

  @Override
  public void map(Event event, int part, int delta, Emitter emitter) throws IOException, InterruptedException {
    users.computeIfAbsent(new User(part, event.getUser()), u -> new UserEvents()).add(event.getTs(), event.getUrl());
    if (++buffered >= maxBuffered) {
      flush(emitter);
    }
  }

  @Override
  public void flush(Emitter emitter) throws IOException, InterruptedException {
    for (Map.Entry<User, UserEvents> e : users.entrySet()) {
      UserEvents held = e.getValue();
      long first = Long.MAX_VALUE;
      for (int i = 0; i < held.n; i++) {
        first = Math.min(first, held.ts[i]);
      }
      // time since the first (less than a day: 27 bits) and index, in one long: a primitive sort by time
      long[] order = new long[held.n];
      for (int i = 0; i < held.n; i++) {
        order[i] = (held.ts[i] - first) << INDEX_BITS | i;
      }
      Arrays.sort(order);
      out.setPart(e.getKey().part());
      out.setKey(e.getKey().user());
      Sessionizer pieces = new Sessionizer(gapMs, (piece, urls) -> { // the sessions of the events held
        out.setTs(piece.start());
        emitter.emit(out, new SessionPiece(piece.end(), piece.events(), new ArrayList<>(urls)));
      });
      for (long o : order) {
        int i = (int) (o & ((1 << INDEX_BITS) - 1));
        pieces.event(held.ts[i], held.urls[i]);
      }
      pieces.finish();
    }
    users.clear();
    buffered = 0;
  }

  @Override
  public boolean combines() {
    return false;
  }

  @Override
  public void combine(AnalysisKey k, Iterable<AvroValue<Object>> values, Emitter emitter)
      throws IOException, InterruptedException {
    for (AvroValue<Object> piece : values) { // nothing to combine (with other analyses in the job)
      emitter.emit(k, piece.datum());
    }
  }

  @Override
  public void reduce(AnalysisKey k, Iterable<AvroValue<Object>> values, Results results)
      throws IOException, InterruptedException {
    String user = k.getKey();
    int part = k.getPart();
    Sessionizer sessions = new Sessionizer(gapMs, (s, urls) -> {
      results.write(part, new Session(user, s.start(), s.end(), s.events(), s.urls()));
      List<String> sorted = new ArrayList<>(urls);
      sorted.sort(Utf8Order.COMPARATOR);
      results.state(part, new SessionState(user, s.start(), s.end(), s.events(), gapMs, sorted));
    });
    for (AvroValue<Object> value : values) {
      SessionPiece piece = (SessionPiece) value.datum();
      sessions.piece(k.getTs(), piece.getEnd(), piece.getEvents(), piece.getUrls()); // the key advances with each value
    }
    sessions.finish();
  }
}
