package io.chunkmill.jobs.analysis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chunkmill.common.avro.AnalysisKey;
import java.io.ByteArrayOutputStream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.Test;

public class AnalysisGroupingTest {
  private static byte[] bytes(AnalysisKey k) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(AnalysisKey.class).write(k, e);
    e.flush();
    return out.toByteArray();
  }

  private static int raw(AnalysisGrouping g, AnalysisKey a, AnalysisKey b) throws Exception {
    byte[] x = bytes(a);
    byte[] y = bytes(b);
    return g.compare(x, 0, x.length, y, 0, y.length);
  }

  @Test
  public void groupsByPartAndKeyWhateverTheTimeAndSub() throws Exception {
    AnalysisGrouping g = new AnalysisGrouping();
    AnalysisKey a = new AnalysisKey(1, "alice", 5L, "x");
    AnalysisKey later = new AnalysisKey(1, "alice", 9_000_000_000L, "a-much-longer-id");
    assertEquals(0, raw(g, a, later));
    assertEquals(0, g.compare(new AvroKey<>(a), new AvroKey<>(later)));
    assertTrue(raw(g, a, new AnalysisKey(1, "bob", 1L, "x")) < 0);
    assertTrue(raw(g, a, new AnalysisKey(0, "zed", 1L, "x")) > 0);
    assertTrue(raw(g, new AnalysisKey(1, "\uFFFD", 1L, "x"), new AnalysisKey(1, "\uD83D\uDE00", 1L, "x")) < 0);
    assertTrue(g.compare(new AvroKey<>(a), new AvroKey<>(new AnalysisKey(1, "bob", 1L, "x"))) < 0);
  }
}
