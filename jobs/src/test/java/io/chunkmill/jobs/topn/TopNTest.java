package io.chunkmill.jobs.topn;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class TopNTest {
  @Test
  public void ranksByCountThenUrlAscendingInUtf8Order() {
    TopN top = new TopN(4);
    top.offer("b", 5);
    top.offer("a", 5);
    top.offer("\uD83D\uDE00", 7); // U+1F600 sorts after U+FFFD in UTF-8
    top.offer("\uFFFD", 7);
    top.offer("c", 1);
    top.offer("z", 6);
    assertEquals(List.of(new TopN.Entry("\uFFFD", 7), new TopN.Entry("\uD83D\uDE00", 7), new TopN.Entry("z", 6),
        new TopN.Entry("a", 5)), top.drain());
  }

  @Test
  public void keepsTheBestNOfManyWhateverTheOrderOffered() {
    List<TopN.Entry> all = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      all.add(new TopN.Entry("u" + i, r.nextInt(50)));
    }
    Collections.shuffle(all, r);
    TopN top = new TopN(10);
    all.forEach(e -> top.offer(e.key(), e.count()));
    all.sort(TopN.BEST_FIRST);
    assertEquals(all.subList(0, 10), top.drain());
  }

  @Test
  public void fewerEntriesThanNAreAllRanked() {
    TopN top = new TopN(10);
    top.offer("only", 1);
    assertEquals(List.of(new TopN.Entry("only", 1)), top.drain());
    assertEquals(List.of(), top.drain());
  }
}
