package io.chunkmill.common.message;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class EventWritableTest {
  private static EventWritable event(long ts, String user, String url) {
    EventWritable e = new EventWritable();
    e.set(ts, user, url);
    return e;
  }

  @Test
  public void surviveTheShuffleUnchanged() throws Exception {
    EventWritable e = event(-1L, "ü\uD83D\uDE00 user", "");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    e.write(new DataOutputStream(bytes));
    EventWritable back = event(5, "x", "y");
    back.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(e, back);
  }

  /** The framework hands the copies of one id as one object, refilled for each. */
  private static Iterable<EventWritable> refilled(List<EventWritable> copies) {
    EventWritable shared = new EventWritable();
    return () -> new java.util.Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < copies.size();
      }

      @Override
      public EventWritable next() {
        EventWritable c = copies.get(i++);
        shared.set(c.ts(), c.user(), c.url());
        return shared;
      }
    };
  }

  @Test
  public void theWinnerHasTheSmallestTsThenUserThenUrlByUtf8Bytes() {
    List<EventWritable> copies = new ArrayList<>(List.of(
        event(2, "a", "a"), event(1, "b", "z"), event(1, "b", "y"), event(1, "\uFF61", "a"), event(1, "\uD83D\uDE00", "a")));
    EventWritable winner = new EventWritable();
    assertEquals(5, winner.keepWinnerOf(refilled(copies)));
    assertEquals(event(1, "b", "y"), winner);
    // A surrogate pair sorts before U+FF61 as UTF-16 (String.compareTo), after it as UTF-8: the bytes decide.
    assertEquals(2, winner.keepWinnerOf(refilled(List.of(event(1, "\uFF61", "a"), event(1, "\uD83D\uDE00", "a")))));
    assertEquals(event(1, "\uFF61", "a"), winner);
  }
}
