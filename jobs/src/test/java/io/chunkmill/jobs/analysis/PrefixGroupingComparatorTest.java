package io.chunkmill.jobs.analysis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.SessionKey;
import io.chunkmill.jobs.sessions.UserGrouping;
import java.io.ByteArrayOutputStream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.Test;

public class PrefixGroupingComparatorTest {
  private static byte[] bytes(SessionKey k) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(SessionKey.class).write(k, e);
    e.flush();
    return out.toByteArray();
  }

  private static int raw(UserGrouping g, SessionKey a, SessionKey b) throws Exception {
    byte[] x = bytes(a);
    byte[] y = bytes(b);
    return g.compare(x, 0, x.length, y, 0, y.length);
  }

  @Test
  public void groupsByPartAndUserWhateverTheTimeAndId() throws Exception {
    UserGrouping g = new UserGrouping();
    SessionKey a = new SessionKey(1, "alice", 5L, "x");
    SessionKey later = new SessionKey(1, "alice", 9_000_000_000L, "a-much-longer-id");
    assertEquals(0, raw(g, a, later));
    assertEquals(0, g.compare(new AvroKey<>(a), new AvroKey<>(later)));
    assertTrue(raw(g, a, new SessionKey(1, "bob", 1L, "x")) < 0);
    assertTrue(raw(g, a, new SessionKey(0, "zed", 1L, "x")) > 0);
    assertTrue(raw(g, new SessionKey(1, "\uFFFD", 1L, "x"), new SessionKey(1, "\uD83D\uDE00", 1L, "x")) < 0);
    assertTrue(g.compare(new AvroKey<>(a), new AvroKey<>(new SessionKey(1, "bob", 1L, "x"))) < 0);
  }
}
