package io.chunkmill.jobs.distinct;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.junit.Test;

public class SketchesTest {
  private final Random random = new Random(7);

  @Test
  public void theSameUsersInAnyOrderAndAnyPiecesGiveTheSameImage() {
    int differentRaw = 0;
    int exceptions = 0;
    for (int lgK : new int[] {4, 8, 12}) {
      for (int users : new int[] {1, 7, 9, 40, 300, 1_000, 5_000, 50_000}) { // sparse list, set, dense
        for (int trial = 0; trial < 6; trial++) {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < users; i++) {
            ids.add("u" + random.nextInt(1 << 30));
          }
          HllSketch a = inPieces(ids, lgK);
          HllSketch b = inPieces(ids, lgK);
          differentRaw += Arrays.equals(a.toCompactByteArray(), b.toCompactByteArray()) ? 0 : 1;
          byte[] image = Sketches.canonical(a);
          assertArrayEquals("lgK " + lgK + ", " + users + " users", image, Sketches.canonical(b));
          exceptions += (image[7] & 3) == 2 && image.length > 40 + (1 << lgK) / 2 ? 1 : 0;

          HllSketch read = HllSketch.heapify(image);
          assertEquals(a.getCompositeEstimate(), read.getEstimate(), 0);
          Union withMore = new Union(lgK); // the image is one the library reads, unions and updates
          withMore.update(read);
          withMore.update(b);
          assertEquals(read.getCompositeEstimate(), withMore.getResult().getCompositeEstimate(), 0);
          read.update("one more user");
          assertTrue(read.getEstimate() >= 1);
        }
      }
    }
    assertTrue("the library's own images differ between orders: " + differentRaw, differentRaw > 40);
    assertTrue("some dense sketches have exception registers: " + exceptions, exceptions > 0);
  }

  /** The users shuffled, cut into pieces of sketches, the pieces unioned in some order, as a job does. */
  private HllSketch inPieces(List<String> ids, int lgK) {
    Collections.shuffle(ids, random);
    int pieces = 1 + random.nextInt(5);
    List<byte[]> images = new ArrayList<>();
    for (int p = 0; p < pieces; p++) {
      HllSketch piece = new HllSketch(lgK, Sketches.TYPE);
      for (int i = p; i < ids.size(); i += pieces) {
        piece.update(ids.get(i));
      }
      images.add(piece.toCompactByteArray());
    }
    Collections.shuffle(images, random);
    Union union = new Union(lgK);
    for (byte[] image : images) {
      union.update(HllSketch.heapify(image));
    }
    return union.getResult(TgtHllType.HLL_4);
  }
}
