package io.chunkmill.common.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import org.junit.Test;

public class SplitBlockBloomFilterTest {
  @Test
  public void noFalseNegativesAndTheStatedRateWhetherReadWholeOrABlockAtATime() throws Exception {
    for (double fpp : new double[] {0.01, 0.0002}) {
      int n = 200_000;
      SplitBlockBloomFilter filter = SplitBlockBloomFilter.empty(SplitBlockBloomFilter.blocksFor(n, fpp));
      for (int i = 0; i < n; i++) {
        filter.add(SplitBlockBloomFilter.hash("id-" + i));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      filter.write(new DataOutputStream(bytes));
      byte[] written = bytes.toByteArray();
      assertEquals(filter.blocks() * SplitBlockBloomFilter.BLOCK_BYTES, written.length);
      for (int i = 0; i < n; i++) {
        long h = SplitBlockBloomFilter.hash("id-" + i);
        assertTrue(filter.mayContain(h));
        int b = SplitBlockBloomFilter.blockOf(h, filter.blocks()) * SplitBlockBloomFilter.BLOCK_BYTES;
        assertTrue(SplitBlockBloomFilter.mayContain(Arrays.copyOfRange(written, b, b + 32), h));
      }
      int positives = 0;
      int absent = 1_000_000;
      for (int i = 0; i < absent; i++) {
        long h = SplitBlockBloomFilter.hash("absent-" + i);
        boolean whole = filter.mayContain(h);
        int b = SplitBlockBloomFilter.blockOf(h, filter.blocks()) * SplitBlockBloomFilter.BLOCK_BYTES;
        assertEquals(whole, SplitBlockBloomFilter.mayContain(Arrays.copyOfRange(written, b, b + 32), h));
        positives += whole ? 1 : 0;
      }
      double rate = (double) positives / absent;
      assertTrue("rate " + rate + " at a stated " + fpp, rate < 1.3 * fpp && rate > fpp / 2);
      double bytesPerId = (double) written.length / n;
      assertTrue(bytesPerId + " bytes an id", fpp > 0.001 || (bytesPerId > 2.2 && bytesPerId < 3));
    }
  }
}
