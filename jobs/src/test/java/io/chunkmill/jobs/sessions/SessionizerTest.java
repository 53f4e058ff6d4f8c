package io.chunkmill.jobs.sessions;

import static org.junit.Assert.assertEquals;

import io.chunkmill.jobs.sessions.Sessionizer.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class SessionizerTest {
  private static final long MIN = 60_000L;

  private static List<Session> sessions(long gapMs, long[] ts, String[] urls) throws Exception {
    List<Session> out = new ArrayList<>();
    Sessionizer s = new Sessionizer(gapMs, (session, distinctUrls) -> out.add(session));
    for (int i = 0; i < ts.length; i++) {
      s.event(ts[i], urls[i]);
    }
    s.finish();
    return out;
  }

  @Test
  public void aGapEqualToTheLimitStaysInTheSessionOneMillisecondMoreStartsANewOne() throws Exception {
    assertEquals(List.of(new Session(0, 30 * MIN, 2, 1)),
        sessions(30 * MIN, new long[] {0, 30 * MIN}, new String[] {"a", "a"}));
    assertEquals(List.of(new Session(0, 0, 1, 1), new Session(30 * MIN + 1, 30 * MIN + 1, 1, 1)),
        sessions(30 * MIN, new long[] {0, 30 * MIN + 1}, new String[] {"a", "a"}));
  }

  @Test
  public void countsEventsAndDistinctUrlsPerSession() throws Exception {
    assertEquals(List.of(new Session(1, 3, 3, 2), new Session(100 * MIN, 100 * MIN, 1, 1)),
        sessions(MIN, new long[] {1, 2, 3, 100 * MIN}, new String[] {"a", "b", "a", "c"}));
  }

  @Test
  public void eventsAtTheSameTimeShareASessionAndNoEventsMeansNoSession() throws Exception {
    assertEquals(List.of(new Session(5, 5, 3, 3)), sessions(0, new long[] {5, 5, 5}, new String[] {"a", "b", "c"}));
    assertEquals(List.of(), sessions(MIN, new long[0], new String[0]));
  }

  @Test
  public void piecesInOrderOfTheirStartGiveTheSessionsOfTheirEvents() throws Exception {
    long[] ts = {0, 5 * MIN, 9 * MIN, 30 * MIN, 31 * MIN, 80 * MIN, 81 * MIN, 200 * MIN};
    String[] urls = {"a", "b", "a", "c", "a", "d", "d", "e"};
    List<Session> expected = sessions(10 * MIN, ts, urls);
    assertEquals(List.of(new Session(0, 9 * MIN, 3, 2), new Session(30 * MIN, 31 * MIN, 2, 2),
        new Session(80 * MIN, 81 * MIN, 2, 1), new Session(200 * MIN, 200 * MIN, 1, 1)), expected);
    // two map tasks' pieces, each cut by the gaps between its own events: {0, 9 | 30, 31 | 80 | 200} and {5 | 81}
    List<Session> out = new ArrayList<>();
    Sessionizer s = new Sessionizer(10 * MIN, (session, distinctUrls) -> out.add(session));
    s.piece(0, 9 * MIN, 2, List.of("a")); // 0 and 9 are 9 minutes apart in the first task
    s.piece(5 * MIN, 5 * MIN, 1, List.of("b")); // inside the first piece
    s.piece(30 * MIN, 31 * MIN, 2, List.of("c", "a"));
    s.piece(80 * MIN, 80 * MIN, 1, List.of("d"));
    s.piece(81 * MIN, 81 * MIN, 1, List.of("d"));
    s.piece(200 * MIN, 200 * MIN, 1, List.of("e"));
    s.finish();
    assertEquals(expected, out);

    out.clear(); // a later piece that ends before the one it joins does not pull the session's end back
    s.piece(0, 20 * MIN, 3, List.of("a"));
    s.piece(1 * MIN, 2 * MIN, 2, List.of("b"));
    s.piece(29 * MIN, 29 * MIN, 1, List.of("c"));
    s.finish();
    assertEquals(List.of(new Session(0, 29 * MIN, 6, 3)), out);
  }
}
