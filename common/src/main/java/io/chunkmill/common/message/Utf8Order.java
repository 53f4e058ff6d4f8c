package io.chunkmill.common.message;

import java.util.Comparator;

/**
 * The order of strings by their UTF-8 bytes, compared unsigned: the order the contract (docs/CONTRACT.md §2-3) uses for
 * dedup tie-breaks, keys and rankings. It equals Unicode code point order.
 *
 * <p>It differs from {@link String#compareTo}, which compares UTF-16 code units: there a
 * supplementary character (a surrogate pair, units D800..DFFF) sorts <em>before</em>
 * U+E000..U+FFFF, while its UTF-8 form (F0..F4 ...) sorts after theirs (EE..EF ...). E.g.
 * U+FFFD (EF BF BD) comes before U+1F600 (F0 9F 98 80) here, and after it with
 * {@code compareTo}.
 *
 * <p>Computed on the chars, without encoding. Strings with unpaired surrogates, which have no
 * UTF-8 form, still get a consistent total order (never produced by the message classifier).
 */
public final class Utf8Order {

  /** {@link #compareUtf8} as a comparator. */
  public static final Comparator<String> COMPARATOR = Utf8Order::compareUtf8;

  private Utf8Order() {}

  /**
   * Compares {@code a} and {@code b} as {@code Arrays.compareUnsigned(a UTF-8, b UTF-8)} would:
   * negative, zero or positive as {@code a} sorts before, with or after {@code b}.
   */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Surrogates are the only units whose UTF-16 order disagrees with code point order,
        // and only against U+E000..U+FFFF: move surrogates above those (a bijection of the
        // units that restores code point order for well-formed strings).
        if (x >= 0xD800 && y >= 0xD800) {
          x = shiftSurrogates(x);
          y = shiftSurrogates(y);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  private static char shiftSurrogates(char c) {
    return (char) (c >= 0xE000 ? c - 0x800 : c + 0x2000);
  }
}
