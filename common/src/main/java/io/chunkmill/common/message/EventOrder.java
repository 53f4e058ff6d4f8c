package io.chunkmill.common.message;

/**
 * The dedup rule of docs/CONTRACT.md §2: among events that share an {@code id}, the one kept has the smallest
 * {@code ts}, then the smallest {@code user}, then the smallest {@code url}, strings compared by
 * their UTF-8 bytes ({@link Utf8Order}).
 */
public final class EventOrder {

  private EventOrder() {}

  /**
   * Compares event A with event B in dedup order: negative when A is preferred, positive when B
   * is, zero when they tie on all three.
   */
  public static int compare(long tsA, String userA, String urlA,
      long tsB, String userB, String urlB) {
    int c = Long.compare(tsA, tsB);
    if (c != 0) {
      return c;
    }
    c = Utf8Order.compareUtf8(userA, userB);
    if (c != 0) {
      return c;
    }
    return Utf8Order.compareUtf8(urlA, urlB);
  }

  /** {@link #compare(long, String, String, long, String, String)} on two parsed events. */
  public static int compare(ParsedEvent a, ParsedEvent b) {
    return compare(a.ts(), a.user(), a.url(), b.ts(), b.user(), b.url());
  }

  /**
   * Whether A, the incumbent, is kept over B: A sorts first, or A and B tie (then either may be
   * kept; keeping the incumbent makes repeated ingests change nothing).
   */
  public static boolean firstWins(long tsA, String userA, String urlA,
      long tsB, String userB, String urlB) {
    return compare(tsA, userA, urlA, tsB, userB, urlB) <= 0;
  }
}
