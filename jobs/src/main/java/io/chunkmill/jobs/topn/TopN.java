package io.chunkmill.jobs.topn;

import io.chunkmill.common.message.Utf8Order;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The N entries with the highest counts, ties broken by key ascending (UTF-8 bytes), in memory
 * bounded by N whatever the number of entries offered.
 */
public final class TopN {
  /** One ranked entry. */
  public record Entry(String key, long count) {}

  /** Best first: higher count, then smaller key. */
  public static final Comparator<Entry> BEST_FIRST = Comparator.comparingLong(Entry::count).reversed()
      .thenComparing(Entry::key, Utf8Order.COMPARATOR);

  private final int n;
  private final PriorityQueue<Entry> worstFirst;

  public TopN(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("N must be positive, was " + n);
    }
    this.n = n;
    this.worstFirst = new PriorityQueue<>(n + 1, BEST_FIRST.reversed());
  }

  public void offer(String key, long count) {
    if (worstFirst.size() < n) {
      worstFirst.add(new Entry(key, count));
      return;
    }
    Entry worst = worstFirst.peek();
    Entry candidate = new Entry(key, count);
    if (BEST_FIRST.compare(candidate, worst) < 0) {
      worstFirst.poll();
      worstFirst.add(candidate);
    }
  }

  /** The entries kept, best first (rank 1 first), and the ranking emptied. */
  public List<Entry> drain() {
    List<Entry> ranked = new ArrayList<>(worstFirst);
    ranked.sort(BEST_FIRST);
    worstFirst.clear();
    return ranked;
  }
}
