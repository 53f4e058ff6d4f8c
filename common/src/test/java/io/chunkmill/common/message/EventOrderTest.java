package io.chunkmill.common.message;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class EventOrderTest {

  private static final String REPLACEMENT = "\uFFFD"; // UTF-8 EF BF BD
  private static final String GRINNING = "\uD83D\uDE00"; // U+1F600, UTF-8 F0 9F 98 80

  private static int utf8Bytes(String a, String b) {
    return Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  public void smallerTsWinsWhateverTheStrings() {
    assertTrue(EventOrder.compare(1, "z", "z", 2, "a", "a") < 0);
    assertTrue(EventOrder.compare(2, "a", "a", 1, "z", "z") > 0);
    assertTrue(EventOrder.firstWins(0, "z", "z", 253402300799999L, "a", "a"));
    assertFalse(EventOrder.firstWins(5, "a", "a", 4, "z", "z"));
  }

  @Test
  public void tsTieGoesToTheSmallerUser() {
    assertTrue(EventOrder.compare(7, "alice", "z", 7, "bob", "a") < 0);
    assertTrue(EventOrder.firstWins(7, "alice", "z", 7, "bob", "a"));
    assertFalse(EventOrder.firstWins(7, "bob", "a", 7, "alice", "z"));
    assertTrue(EventOrder.compare(7, "u", "x", 7, "u1", "a") < 0); // a prefix sorts first
    assertTrue(EventOrder.compare(7, "B", "x", 7, "a", "x") < 0); // bytes, not case-folded
  }

  @Test
  public void userTieGoesToTheSmallerUrl() {
    assertTrue(EventOrder.compare(7, "u", "https://a", 7, "u", "https://b") < 0);
    assertFalse(EventOrder.firstWins(7, "u", "https://b", 7, "u", "https://a"));
    assertTrue(EventOrder.firstWins(7, "u", "https://a", 7, "u", "https://b"));
  }

  @Test
  public void aFullTieKeepsTheIncumbent() {
    assertEquals(0, EventOrder.compare(7, "u", "v", 7, "u", "v"));
    assertTrue(EventOrder.firstWins(7, "u", "v", 7, "u", "v"));
    assertTrue(EventOrder.firstWins(7, "u", "v", 7, new String("u"), new String("v")));
  }

  @Test
  public void stringsCompareByUtf8BytesNotUtf16Units() {
    // the case where String.compareTo gets it wrong
    assertTrue(REPLACEMENT.compareTo(GRINNING) > 0);
    assertEquals(-1, utf8Bytes(REPLACEMENT, GRINNING));
    assertTrue(Utf8Order.compareUtf8(REPLACEMENT, GRINNING) < 0);
    assertTrue(Utf8Order.compareUtf8(GRINNING, REPLACEMENT) > 0);
    assertTrue(Utf8Order.COMPARATOR.compare(REPLACEMENT, GRINNING) < 0);
    // so the dedup rule keeps the user U+FFFD over the user U+1F600 ...
    assertTrue(EventOrder.firstWins(7, REPLACEMENT, "v", 7, GRINNING, "v"));
    assertFalse(EventOrder.firstWins(7, GRINNING, "v", 7, REPLACEMENT, "v"));
    // ... and the same for urls
    assertTrue(EventOrder.compare(7, "u", "/p/" + REPLACEMENT, 7, "u", "/p/" + GRINNING) < 0);
    // private use U+E000 vs U+10000, the lowest supplementary character
    assertTrue(Utf8Order.compareUtf8("\uE000", "\uD800\uDC00") < 0);
    // below the surrogates UTF-16 agrees
    assertTrue(Utf8Order.compareUtf8("\uD7FF", "\uD800\uDC00") < 0);
    // two supplementary characters: by code point
    assertTrue(Utf8Order.compareUtf8("\uD83D\uDE00", "\uD83D\uDE01") < 0);
    assertTrue(Utf8Order.compareUtf8("\uD83D\uDE00", "\uDBFF\uDFFF") < 0);
    // unsigned bytes: é (C3 A9) after z (7A)
    assertTrue(Utf8Order.compareUtf8("z", "é") < 0);
    assertEquals(0, Utf8Order.compareUtf8("", ""));
    assertTrue(Utf8Order.compareUtf8("", "a") < 0);
  }

  @Test
  public void utf8OrderAgreesWithTheBytesOnRandomStrings() {
    String[] pieces = {"a", "b", "z", "A", "é", "\u07FF", "\u0800", "\uD7FF", "\uE000", "\uFFFD",
        "\uFFFF", GRINNING, "\uD800\uDC00", "\uDBFF\uDFFF", "\uD83D\uDE01", "€", ""};
    Random r = new Random(11);
    int disagreesWithCompareTo = 0;
    for (int i = 0; i < 20_000; i++) {
      String a = randomString(r, pieces);
      String b = r.nextInt(4) == 0 ? a + randomString(r, pieces) : randomString(r, pieces);
      if (r.nextBoolean()) {
        String t = a;
        a = b;
        b = t;
      }
      int want = utf8Bytes(a, b);
      assertEquals(a + " vs " + b, want, Integer.signum(Utf8Order.compareUtf8(a, b)));
      assertEquals(-want, Integer.signum(Utf8Order.compareUtf8(b, a)));
      if (Integer.signum(a.compareTo(b)) != want) {
        disagreesWithCompareTo++;
      }
    }
    assertTrue("the sample must contain the cases String.compareTo gets wrong",
        disagreesWithCompareTo > 100);
  }

  @Test
  public void sortingWithTheComparatorSortsTheBytes() {
    List<String> list = new ArrayList<>(List.of(GRINNING, "b", REPLACEMENT, "a", "é", "\uE000",
        "\uD800\uDC00", "ab", ""));
    list.sort(Utf8Order.COMPARATOR);
    assertEquals(List.of("", "a", "ab", "b", "é", "\uE000", REPLACEMENT, "\uD800\uDC00", GRINNING),
        list);
  }

  @Test
  public void comparesParsedEvents() {
    ParsedEvent a = new ParsedEvent();
    ParsedEvent b = new ParsedEvent();
    a.set("m-1", 10, REPLACEMENT, "v");
    b.set("m-1", 10, GRINNING, "v");
    assertTrue(EventOrder.compare(a, b) < 0);
    b.set("m-1", 9, GRINNING, "v");
    assertTrue(EventOrder.compare(a, b) > 0);
  }

  private static String randomString(Random r, String[] pieces) {
    StringBuilder s = new StringBuilder();
    for (int n = r.nextInt(4); n > 0; n--) {
      s.append(pieces[r.nextInt(pieces.length)]);
    }
    return s.toString();
  }
}
