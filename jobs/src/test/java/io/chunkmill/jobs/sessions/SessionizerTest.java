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
    Sessionizer s = new Sessionizer(gapMs, out::add);
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
}
