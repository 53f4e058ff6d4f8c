package io.chunkmill.common.message;

import static io.chunkmill.common.message.MessageClass.BAD_TIMESTAMP;
import static io.chunkmill.common.message.MessageClass.BLANK;
import static io.chunkmill.common.message.MessageClass.MALFORMED;
import static io.chunkmill.common.message.MessageClass.MISSING_FIELD;
import static io.chunkmill.common.message.MessageClass.TOO_LONG;
import static io.chunkmill.common.message.MessageClass.VALID;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class MessageClassifierTest {

  private static final int MAX = 65536;
  private static final String URL = "https://example.com/a";

  private final MessageClassifier classifier = new MessageClassifier(FieldNames.DEFAULTS, MAX);
  private final ReferenceClassifier reference = new ReferenceClassifier(FieldNames.DEFAULTS, MAX);

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** A line whose ts value is the JSON text {@code ts}; all other fields valid. */
  private static String withTs(String ts) {
    return "{\"id\":\"m-1\",\"ts\":" + ts + ",\"user\":\"u1\",\"url\":\"" + URL + "\"}";
  }

  /** A line whose ts is the JSON string {@code iso}. */
  private static String withIsoTs(String iso) {
    return withTs("\"" + iso + "\"");
  }

  /** A valid line with {@code extra} (a JSON member list, without braces) in front. */
  private static String withExtra(String extra) {
    return "{" + extra + ",\"id\":\"m-1\",\"ts\":0,\"user\":\"u1\",\"url\":\"" + URL + "\"}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Concatenates Strings (as UTF-8) and int arrays (as raw bytes). */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String) {
        out.writeBytes(utf8((String) part));
      } else {
        for (int b : (int[]) part) {
          out.write(b);
        }
      }
    }
    return out.toByteArray();
  }

  private static String show(byte[] line) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(line.length, 300); i++) {
      int c = line[i] & 0xFF;
      b.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
    }
    return b.append(line.length > 300 ? "...(" + line.length + " bytes)" : "").toString();
  }

  /** Asserts the class of each line, and that the reference model agrees with the table. */
  private void check(MessageClass expected, Object... lines) {
    for (Object l : lines) {
      byte[] line = l instanceof String ? utf8((String) l) : (byte[]) l;
      assertEquals("classifier on " + show(line), expected,
          classifier.classify(line, 0, line.length, new ParsedEvent()));
      assertEquals("reference on " + show(line), expected, reference.classify(line).cls);
    }
  }

  private ParsedEvent valid(byte[] line) {
    ParsedEvent e = new ParsedEvent();
    assertEquals(show(line), VALID, classifier.classify(line, 0, line.length, e));
    return e;
  }

  private ParsedEvent valid(String line) {
    return valid(utf8(line));
  }

  private static long javaMillis(String iso) {
    return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }

  // ---------------------------------------------------------------------------------------------
  // the table, class by class in the contract's order

  @Test
  public void blank() {
    check(BLANK, "", " ", "\t", "\t\t\t", " \t \t ", "\r", "  \r", "\t\r");
    check(MALFORMED, "\r\r", " \f", "\n", "\u00a0", " \u000b ");
    assertTrue(MessageClassifier.isBlank(utf8(" \t\r"), 0, 3));
    assertTrue(MessageClassifier.isBlank(new byte[0], 0, 0));
    assertTrue(MessageClassifier.isBlank(utf8("x  y"), 1, 2));
    assertFalse(MessageClassifier.isBlank(utf8("\r\r"), 0, 2));
    assertFalse(MessageClassifier.isBlank(utf8(" {} "), 0, 4));
  }

  @Test
  public void jsonWhitespaceBeforeTheObjectIncludesCarriageReturns() {
    // Found by ClassifierPropertiesTest: a CR before the object is JSON whitespace, not malformed.
    check(MISSING_FIELD, "\r{}", "\r \t{}", " \r{}\r");
    assertEquals(VALID, classifier.classify(utf8("\r" + withTs("1")), 0, utf8("\r" + withTs("1")).length, null));
  }

  @Test
  public void blankWinsOverTooLong() {
    MessageClassifier small = new MessageClassifier(FieldNames.DEFAULTS, 5);
    byte[] spaces = utf8("          \t\t\t");
    assertEquals(BLANK, small.classify(spaces, 0, spaces.length, null));
  }

  @Test
  public void tooLongCountsBytesWithoutTheCr() {
    String line = withTs("1764201600000");
    int n = utf8(line).length;
    MessageClassifier exact = new MessageClassifier(FieldNames.DEFAULTS, n);
    MessageClassifier oneLess = new MessageClassifier(FieldNames.DEFAULTS, n - 1);
    byte[] plain = utf8(line);
    byte[] crlf = utf8(line + "\r");
    byte[] twoCr = utf8(line + "\r\r");
    assertEquals(VALID, exact.classify(plain, 0, plain.length, null));
    assertEquals(VALID, exact.classify(crlf, 0, crlf.length, null));
    assertEquals(TOO_LONG, exact.classify(twoCr, 0, twoCr.length, null));
    assertEquals(TOO_LONG, oneLess.classify(plain, 0, plain.length, null));
    assertEquals(TOO_LONG, oneLess.classify(crlf, 0, crlf.length, null));
    // length is checked before content: garbage and bad UTF-8 over the limit are TOO_LONG
    byte[] garbage = bytes("x".repeat(n), new int[] {0xFF});
    assertEquals(TOO_LONG, exact.classify(garbage, 0, garbage.length, null));
    // multi-byte characters count as their bytes
    byte[] euros = utf8("€".repeat(4)); // 12 bytes
    assertEquals(TOO_LONG, new MessageClassifier(FieldNames.DEFAULTS, 11)
        .classify(euros, 0, euros.length, null));
    assertEquals(MALFORMED, new MessageClassifier(FieldNames.DEFAULTS, 12)
        .classify(euros, 0, euros.length, null));
    // leading blanks count too
    byte[] padded = utf8("   " + line);
    assertEquals(TOO_LONG, exact.classify(padded, 0, padded.length, null));
  }

  @Test
  public void malformedJsonSyntax() {
    check(MALFORMED,
        "garbage", "hello world", "{", "}", "{\"id\"", "{\"id\":", "{\"id\":\"m-1\"", "{{}}",
        "[]", "[" + withTs("0") + "]", "\"id\"", "42", "null", "true",
        withTs("0") + "x", withTs("0") + "}", withTs("0") + " {}", withTs("0") + ",",
        withTs("0") + "\u00a0", "{}{}", "{} {}",
        withTs("0") + " /* comment */", withTs("0") + "// comment",
        "/* c */" + withTs("0"), withExtra("\"x\":1 /* c */"),
        withTs("0").replace("}", ",}"), withExtra("\"x\":[1,2,]"), withExtra("\"x\":[,1]"),
        withExtra("\"x\":{,}"), withExtra("\"x\":[1,,2]"), "{,\"id\":\"a\"}",
        "{'id':'m-1','ts':0,'user':'u1','url':'u'}", withExtra("'x':1"), withExtra("\"x\":'y'"),
        withExtra("x:1"), withExtra("\"x\" 1"), withExtra("\"x\":1 \"y\":2"), withExtra("\"x\"::1"),
        withExtra("\"x\":NaN"), withExtra("\"x\":Infinity"), withExtra("\"x\":-Infinity"),
        withExtra("\"x\":01"), withExtra("\"x\":-01"), withExtra("\"x\":00"),
        withExtra("\"x\":+1"), withExtra("\"x\":.5"), withExtra("\"x\":1."),
        withExtra("\"x\":1.e5"),
        withExtra("\"x\":1e"), withExtra("\"x\":1e+"), withExtra("\"x\":-"), withExtra("\"x\":--1"),
        withExtra("\"x\":0x10"), withExtra("\"x\":1_000"), withExtra("\"x\":tru"),
        withExtra("\"x\":True"), withExtra("\"x\":nul"), withExtra("\"x\":falsey"),
        withExtra("\"x\":undefined"), withExtra("\"x\":"), withExtra("\"x\""),
        withTs("01764201600000"), withTs("1764201600000 1"), withTs("+1764201600000"),
        "{\"id\":\"m-1\",\"ts\":0,\"user\":\"u1\",\"url\":\"u\"",
        "{\"id\":\"m-1\",\"ts\":0,\"user\":\"u1\",\"url\":\"u}");
  }

  @Test
  public void malformedStrings() {
    check(MALFORMED,
        withExtra("\"x\":\"a\tb\""), withExtra("\"x\":\"a\u0000b\""), withExtra("\"x\":\"\u001f\""),
        withExtra("\"x\":\"a\nb\""), withExtra("\"x\":\"a\rb\""), withExtra("\"\t\":1"),
        withExtra("\"x\":\"\\x41\""), withExtra("\"x\":\"\\'\""), withExtra("\"x\":\"\\a\""),
        withExtra("\"x\":\"\\0\""), withExtra("\"x\":\"\\U0041\""), withExtra("\"x\":\"\\u12\""),
        withExtra("\"x\":\"\\u12G4\""), withExtra("\"x\":\"\\u\""), withExtra("\"x\":\"\\\""),
        withExtra("\"x\":\"\\ u0041\""),
        // unpaired surrogate escapes: our documented choice is MALFORMED
        withExtra("\"x\":\"\\ud800\""), withExtra("\"x\":\"\\udc00\""),
        withExtra("\"x\":\"\\ud800\\u0041\""), withExtra("\"x\":\"\\ud800x\""),
        withExtra("\"x\":\"\\ude00\\ud83d\""), withExtra("\"x\":\"\\ud83d\\ud83d\\ude00\""),
        withExtra("\"x\":\"\\uD83D\""), withExtra("\"\\ud800\":1"),
        withExtra("\"x\":\"\\ud83d\\u\""), withExtra("\"x\":\"\\ud83d\\"),
        withExtra("\"x\":\"\\ud83d😀\""));
    // DEL and every escape are fine
    check(VALID, withExtra("\"x\":\"\u007f\""),
        withExtra("\"x\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000 \\u001F \\uFFFF\""),
        withExtra("\"x\":\"\\ud83d\\ude00\\uDBFF\\uDFFF\""));
  }

  @Test
  public void malformedUtf8() {
    String head = "{\"id\":\"m-1\",\"ts\":0,\"user\":\"u1\",\"url\":\"https://example.com/";
    String tail = "\"}";
    int[][] bad = {
        {0xFF}, {0xFE}, {0x80}, {0xBF}, {0xC3}, {0xC3, 0x41}, {0xC3, 0xC3, 0xA9},
        {0xC0, 0xAF}, {0xC1, 0xBF}, // overlong 2-byte
        {0xE0, 0x80, 0xAF}, {0xE0, 0x9F, 0xBF}, // overlong 3-byte
        {0xF0, 0x80, 0x80, 0xAF}, {0xF0, 0x8F, 0xBF, 0xBF}, // overlong 4-byte
        {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, // UTF-8-encoded surrogates
        {0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}, // CESU-8 pair
        {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80},
        {0xE2, 0x82}, {0xF0, 0x9F, 0x98}, {0xE2, 0x28, 0xA1}, {0xF0, 0x9F, 0x98, 0x41},
    };
    for (int[] b : bad) {
      check(MALFORMED, bytes(head, b, tail));
      check(MALFORMED, bytes("{\"x\":\"", b, "\",", withTs("0").substring(1))); // ignored field
      check(MALFORMED, bytes("{\"", b, "\":1,", withTs("0").substring(1))); // in a key
    }
    // truncated at the very end of the line
    check(MALFORMED, bytes(head, new int[] {0xF0, 0x9F}), bytes(head, new int[] {0xC3}));
    // outside strings
    check(MALFORMED, bytes(withTs("0"), new int[] {0xC3, 0xA9}), bytes(new int[] {0xEF, 0xBB,
        0xBF}, withTs("0")));
    // the edges that are valid
    int[][] good = {
        {0xC2, 0x80}, {0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80},
        {0xEF, 0xBF, 0xBF}, {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF},
        {0xF0, 0x9F, 0x98, 0x80},
    };
    for (int[] b : good) {
      check(VALID, bytes(head, b, tail));
    }
  }

  @Test
  public void fourByteEmojiInUrl() {
    ParsedEvent e = valid(withTs("0").replace(URL, "https://example.com/😀?q=é€"));
    assertEquals("https://example.com/\uD83D\uDE00?q=\u00e9\u20ac", e.url());
  }

  @Test
  public void duplicateKeys() {
    check(MALFORMED,
        "{\"id\":\"a\",\"id\":\"b\",\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"u\",\"url\":\"v\",\"id\":\"a\"}",
        "{\"id\":\"a\",\"ts\":0,\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        withExtra("\"x\":1,\"x\":1"), withExtra("\"x\":1,\"y\":2,\"x\":null"),
        withExtra("\"a\":1,\"\\u0061\":2"), withExtra("\"\\u0061\":1,\"a\":2"),
        withExtra("\"\\u0061\":1,\"\\u0061\":2"), withExtra("\"\\/\":1,\"/\":2"),
        withExtra("\"é\":1,\"\\u00e9\":2"), withExtra("\"\\u00E9\":1,\"\\u00e9\":2"),
        withExtra("\"😀\":1,\"\\ud83d\\ude00\":2"), withExtra("\"\":1,\"\":2"),
        "{\"\\u0069d\":\"a\",\"id\":\"b\",\"ts\":0,\"user\":\"u\",\"url\":\"v\"}");
    // only the message object's own keys must be unique: nested objects of other fields need only be valid JSON
    check(VALID, withExtra("\"x\":{\"k\":1,\"k\":2}"), withExtra("\"x\":[{\"k\":1},{\"k\":1,\"k\":2}]"),
        withExtra("\"x\":{\"y\":{\"z\":{\"k\":[],\"k\":[]}}}"), withExtra("\"x\":{\"a\":1,\"a\":2}"));
    // same key in different objects, or differing only in case, is fine
    check(VALID, withExtra("\"x\":{\"k\":1},\"y\":{\"k\":2}"),
        withExtra("\"k\":{\"k\":{\"k\":1}}"), withExtra("\"x\":[{\"k\":1},{\"k\":1}]"),
        withExtra("\"a\":1,\"A\":1"), withExtra("\"a\":1,\"a \":1,\"ab\":1,\"b\":1"),
        withExtra("\"x\":{\"id\":\"other\",\"ts\":\"bad\"}"));
  }

  @Test
  public void manyKeysAndReuseAcrossLines() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 6_000; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i % 7);
    }
    check(VALID, withExtra(many.toString()));
    check(MALFORMED, withExtra(many + ",\"k5999\":0"));
    check(MALFORMED, withExtra(many + ",\"k\\u0031\":0"));
    // the same keys on the next lines are no duplicates: each line starts afresh
    for (int i = 0; i < 5; i++) {
      check(VALID, withExtra("\"k1\":1,\"k2\":2"));
      check(VALID, withExtra("\"\\u006b1\":1,\"k2\":2"));
    }
    check(VALID, withExtra(many.toString()));
  }

  @Test
  public void missingField() {
    check(MISSING_FIELD, "{}", " { } ",
        "{\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"u\"}",
        "{\"id\":null,\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":null,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":null,\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"u\",\"url\":null}",
        "{\"id\":\"\",\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":\"\",\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"u\",\"url\":\"\"}",
        // numbers (and other types) where strings belong
        "{\"id\":123,\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":42,\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"u\",\"url\":true}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"u\",\"url\":[\"v\"]}",
        "{\"id\":{\"v\":\"a\"},\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":false,\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":true,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":[1764201600000],\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":{},\"user\":\"u\",\"url\":\"v\"}",
        // the fields count only at the top level
        "{\"x\":{\"id\":\"a\"},\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        "{\"id\":\"a\",\"ts\":0,\"user\":\"u\",\"x\":[{\"url\":\"v\"}]}",
        // names are case-sensitive
        "{\"ID\":\"a\",\"ts\":0,\"user\":\"u\",\"url\":\"v\"}",
        // MISSING_FIELD comes before BAD_TIMESTAMP
        "{\"id\":\"a\",\"ts\":\"garbage\",\"user\":\"u\"}",
        "{\"ts\":1.5e12,\"user\":\"u\",\"url\":\"v\"}");
    // whitespace is not empty
    check(VALID, "{\"id\":\" \",\"ts\":0,\"user\":\"\\t\",\"url\":\"\\u0000\"}");
  }

  @Test
  public void badTimestampNumbers() {
    check(BAD_TIMESTAMP,
        withTs("1.5e12"), withTs("1764201600000.0"), withTs("1e3"), withTs("1E3"), withTs("0.0"),
        withTs("0e0"), withTs("1764201600000e0"), withTs("1.764201600000E12"), withTs("1E+3"),
        withTs("-1"), withTs("-0"), withTs("-1764201600000"), withTs("-0.0"),
        withTs("253402300800000"), withTs("999999999999999"), withTs("1000000000000000"),
        withTs("123456789012345678901234567890"), withTs("9223372036854775807"),
        withTs("9223372036854775808"), withTs("18446744073709551616"),
        withTs("18446744073709551621"), // 2^64 + 5: wraps to 5 in 64-bit arithmetic
        withTs("2534023007999990"), withTs("1" + "0".repeat(400)));
  }

  @Test
  public void validTimestampNumbers() {
    assertEquals(0, valid(withTs("0")).ts());
    assertEquals(1, valid(withTs("1")).ts());
    assertEquals(1764201600000L, valid(withTs("1764201600000")).ts());
    assertEquals(253402300799999L, valid(withTs("253402300799999")).ts());
    assertEquals(MessageClassifier.MAX_TS, valid(withTs("253402300799999")).ts());
  }

  @Test
  public void badTimestampStrings() {
    String[] bad = {
        "2026-11-27T10:15:30", "2026-11-27T10:15", "2026-11-27T10:15:30.250", // no zone
        "2026-11-27", "2026-11-27Z", "2026-11", "10:15:30Z", "T10:15:30Z", // date or time only
        "garbage", "x", "1764201600000", "now", "2026-11-27T10:15:30ZZ",
        "2026-11-27 10:15:30Z", "2026-11-27t10:15:30Z", "2026-11-27T10:15:30z",
        "2026-11-27T10:15:30+0100", "2026-11-27T10:15:30+01", "2026-11-27T10:15:30+1:00",
        "2026-11-27T10:15:30+01:00:00", "2026-11-27T10:15:30+01:0", "2026-11-27T10:15:30 Z",
        "2026-11-27T10:15:30GMT", "2026-11-27T10:15:30UTC",
        "2026-11-27T10:15:30.250+01:00[Europe/Paris]",
        "2026-02-29T00:00Z", "1900-02-29T00:00Z", "2100-02-29T00:00Z", "2026-13-01T00:00Z",
        "2026-00-10T00:00Z", "2026-01-00T00:00Z", "2026-04-31T00:00Z", "2026-01-32T00:00Z",
        "2026-11-27T24:00Z", "2026-11-27T23:60Z", "2026-11-27T23:59:60Z", "2026-11-27T10:15:30.Z",
        "2026-11-27T10:15:30.1234567890Z", "2026-11-27T10:15:30,250Z", "2026-11-27T10:15.5Z",
        "2026-11-27T10:15:30.250+19:00", "2026-11-27T10:15:30+18:01", "2026-11-27T10:15:30-18:30",
        "2026-11-27T10:15:30+01:60", "2026-11-27T10:15:30+99:00",
        " 2026-11-27T10:15:30Z", "2026-11-27T10:15:30Z ", "+2026-11-27T10:15:30Z",
        "26-11-27T10:15:30Z", "02026-11-27T10:15:30Z", "2026-1-27T10:15:30Z", "2026-11-27T1:15:30Z",
        "2026-11-27T10Z", "2026-11-27T10:1Z", "2026-11-27T10:15:3Z", "2026/11/27T10:15:30Z",
        "2026-11-27T10:15:30.-1Z", "2026-11-27T10:15:30.+1Z",
        "\uff12\uff10\uff12\uff16-11-27T10:15:30Z", "2026-11-27T10:15:30\u00a0Z",
        // out of range once the offset is applied
        "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00+00:01",
        "0000-01-01T00:00Z", "1970-01-01T00:59:59.999+01:00", "9999-12-31T23:59:59.999-01:00",
        "9999-12-31T23:59:59.999-00:01",
    };
    for (String s : bad) {
      check(BAD_TIMESTAMP, withIsoTs(s));
    }
  }

  @Test
  public void validTimestampStrings() {
    String[] good = {
        "2026-11-27T10:15:30Z", "2026-11-27T10:15:30.250+01:00", "2026-11-27T10:15Z",
        "2026-11-27T10:15+05:30", "2024-02-29T12:00:00Z", "2000-02-29T00:00Z",
        "1970-01-01T00:00:00Z", "1970-01-01T01:00:00+01:00", "1969-12-31T23:00:00-01:00",
        "9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999999999Z", "9999-12-31T22:59+18:00",
        "2026-11-27T10:15:30.1Z", "2026-11-27T10:15:30.12Z", "2026-11-27T10:15:30.123456789Z",
        "2026-11-27T10:15:30.999999999-18:00", "2026-11-27T10:15:30+18:00",
        "2026-11-27T10:15:30-00:00", "2026-11-27T10:15:30+00:00", "2026-12-31T23:59:59Z",
        "2026-11-27T10:15:30.000Z", "2026-11-27T00:00:00.000-05:45",
    };
    for (String s : good) {
      check(VALID, withIsoTs(s));
      assertEquals(s, javaMillis(s), valid(withIsoTs(s)).ts());
    }
    assertEquals(1795774530000L, valid(withIsoTs("2026-11-27T10:15:30Z")).ts());
    assertEquals(1795770930250L, valid(withIsoTs("2026-11-27T10:15:30.250+01:00")).ts());
    assertEquals(0, valid(withIsoTs("1970-01-01T00:00Z")).ts());
    assertEquals(253402300799999L, valid(withIsoTs("9999-12-31T23:59:59.999Z")).ts());
    // escapes inside the ts string are decoded first
    assertEquals(1795774530000L, valid(withIsoTs("\\u0032026-11-27T10:15:30\\u005A")).ts());
    assertEquals(1795774530000L, valid(withIsoTs("2026-11-27T10\\u003a15:30Z")).ts());
    check(BAD_TIMESTAMP, withIsoTs("2026-11-27T10:15:30\\u007A"));
  }

  @Test
  public void crlf() {
    ParsedEvent e = valid(withTs("1764201600000") + "\r");
    assertEquals(1764201600000L, e.ts());
    assertEquals(URL, e.url());
    check(VALID, withTs("0") + " \r", withTs("0") + "\r\r", withTs("0") + "\t \r");
    check(MALFORMED, withTs("0") + "\rx", "{\r", "x\r");
    check(MISSING_FIELD, "{}\r");
  }

  @Test
  public void nestedValuesInIgnoredFieldsAreValidated() {
    check(VALID,
        withExtra("\"x\":{\"a\":[1,2.5,-3e-7,{\"b\":null,\"c\":[true,false,[]]},\"s\"],\"d\":{}}"),
        withExtra("\"x\":[[[[[[[]]]]]]]"), withExtra("\"x\" : [ 1 , { \"y\" : \"z\" } ]"),
        withExtra("\"x\":-0,\"y\":0.0e-0,\"z\":1E+999999999,\"w\":123456789012345678901234567890"),
        withExtra("\"x\":\"\",\"y\":\"\\\"\""), withExtra("\"id2\":5,\"user_id\":\"q\""));
    check(MALFORMED, withExtra("\"x\":{\"a\":[1,2,{\"b\":nul}]}"),
        withExtra("\"x\":[[[[[[[]]]]]]"), withExtra("\"x\":[[[[[[[]]]]]]]]"),
        withExtra("\"x\":{\"a\":[1}]"), withExtra("\"x\":{\"a\":1]"), withExtra("\"x\":[\"a\":1]"),
        withExtra("\"x\":{\"a\"}"), withExtra("\"x\":{1:2}"));
  }

  @Test
  public void deepNestingDoesNotOverflowTheStack() {
    int depth = 100_000;
    MessageClassifier big = new MessageClassifier(FieldNames.DEFAULTS, 1 << 22);
    byte[][] malformed = {
        utf8("[".repeat(depth)),
        utf8("{\"x\":" + "[".repeat(depth)),
        utf8(withExtra("\"x\":" + "[".repeat(depth))),
        utf8(withExtra("\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth - 1))),
        utf8(withExtra("\"x\":" + "[".repeat(depth) + "]".repeat(depth + 1))),
    };
    for (byte[] line : malformed) {
      assertEquals(MALFORMED, big.classify(line, 0, line.length, null));
    }
    byte[][] valid = {
        utf8(withExtra("\"x\":" + "[".repeat(depth) + "]".repeat(depth))),
        utf8(withExtra("\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth))),
        utf8(withExtra("\"x\":" + "[{\"a\":".repeat(depth) + "1" + "}]".repeat(depth))),
    };
    for (byte[] line : valid) {
      assertEquals(VALID, big.classify(line, 0, line.length, null));
    }
    byte[] nestedDup = utf8(withExtra("\"x\":" + "{\"a\":".repeat(depth) + "{\"k\":1,\"k\":2}"
        + "}".repeat(depth)));
    assertEquals("a repeated key deep inside another field is valid JSON", VALID,
        big.classify(nestedDup, 0, nestedDup.length, null));
    byte[] dupAfterDeep = utf8(withExtra("\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
        + ",\"x\":2"));
    assertEquals(MALFORMED, big.classify(dupAfterDeep, 0, dupAfterDeep.length, null));
  }

  @Test
  public void escapesAreDecoded() {
    ParsedEvent e = valid("{\"\\u0069d\":\"m\\u002d1\",\"ts\":0,"
        + "\"user\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\","
        + "\"url\":\"\\u00e9\\u20AC\\ud83d\\ude00/x\"}");
    assertEquals("m-1", e.id());
    assertEquals("a\"b\\c/d\b\f\n\r\t", e.user());
    assertEquals("\u00e9\u20ac\uD83D\uDE00/x", e.url());
    ParsedEvent raw = valid("{\"id\":\"идентификатор\",\"ts\":0,\"user\":\"ユーザー\",\"url\":\"𝄞\"}");
    assertEquals("идентификатор", raw.id());
    assertEquals("ユーザー", raw.user());
    assertEquals("𝄞", raw.url());
  }

  @Test
  public void fillsTheEventAndLeavesItAloneOtherwise() {
    ParsedEvent e = valid("  {\"url\":\"https://example.com/p/42\", \"user\":\"u123\","
        + " \"extra\":[1,{\"a\":\"b\"}], \"ts\":1764201600000, \"id\":\"m-123456\"}  ");
    assertEquals("m-123456", e.id());
    assertEquals(1764201600000L, e.ts());
    assertEquals("u123", e.user());
    assertEquals("https://example.com/p/42", e.url());
    for (String line : new String[] {"", "x", "{}", withTs("1.5")}) {
      byte[] b = utf8(line);
      MessageClass c = classifier.classify(b, 0, b.length, e);
      assertTrue(c != VALID);
      assertEquals("m-123456", e.id());
      assertEquals(1764201600000L, e.ts());
    }
    byte[] b = utf8(withTs("5"));
    assertEquals(VALID, classifier.classify(b, 0, b.length, null)); // null: classify only
  }

  @Test
  public void readsOnlyTheGivenRange() {
    byte[] line = utf8(withTs("7"));
    byte[] padded = new byte[line.length + 20];
    Arrays.fill(padded, (byte) 'x');
    System.arraycopy(line, 0, padded, 10, line.length);
    ParsedEvent e = new ParsedEvent();
    assertEquals(VALID, classifier.classify(padded, 10, line.length, e));
    assertEquals(7, e.ts());
    assertEquals(MALFORMED, classifier.classify(padded, 10, line.length - 1, e));
    assertEquals(MALFORMED, classifier.classify(padded, 9, line.length + 1, e));
    assertEquals(BLANK, classifier.classify(padded, 10, 0, e));
    try {
      classifier.classify(padded, 10, padded.length, e);
      fail("a range outside the buffer is a caller's bug");
    } catch (IndexOutOfBoundsException expected) {
      // expected
    }
  }

  @Test
  public void configurableFieldNames() {
    FieldNames names = new FieldNames("msg_id", "time", "who", "where");
    MessageClassifier custom = new MessageClassifier(names, MAX);
    ReferenceClassifier customReference = new ReferenceClassifier(names, MAX);
    byte[] line = utf8("{\"msg_id\":\"a\",\"time\":\"2026-11-27T10:15:30Z\",\"who\":\"u\","
        + "\"where\":\"/p\",\"id\":5}");
    ParsedEvent e = new ParsedEvent();
    assertEquals(VALID, custom.classify(line, 0, line.length, e));
    assertEquals(VALID, customReference.classify(line).cls);
    assertEquals("a", e.id());
    assertEquals(1795774530000L, e.ts());
    assertEquals("u", e.user());
    assertEquals("/p", e.url());
    byte[] defaults = utf8(withTs("0"));
    assertEquals(MISSING_FIELD, custom.classify(defaults, 0, defaults.length, e));
    assertEquals(MISSING_FIELD, customReference.classify(defaults).cls);

    FieldNames unicode = new FieldNames("идентификатор", "時刻", "😀", "");
    MessageClassifier u = new MessageClassifier(unicode, MAX);
    byte[] escaped = utf8("{\"\\u0438\\u0434\\u0435\\u043d\\u0442\\u0438\\u0444\\u0438\\u043a"
        + "\\u0430\\u0442\\u043e\\u0440\":\"a\",\"時刻\":3,\"\\ud83d\\ude00\":\"u\",\"\":\"v\"}");
    assertEquals(VALID, u.classify(escaped, 0, escaped.length, e));
    assertEquals("a", e.id());
    assertEquals(3, e.ts());
    assertEquals("u", e.user());
    assertEquals("v", e.url());
    assertSame(unicode, u.names());
    assertEquals(MAX, u.maxMessageBytes());
  }

  @Test
  public void rejectsBadConfiguration() {
    for (Runnable r : new Runnable[] {
        () -> new FieldNames("id", "id", "user", "url"),
        () -> new FieldNames("a", "b", "c", "a"),
        () -> new FieldNames("\uD800", "b", "c", "d"),
        () -> new MessageClassifier(FieldNames.DEFAULTS, 0),
        () -> new MessageClassifier(FieldNames.DEFAULTS, -1)}) {
      try {
        r.run();
        fail("accepted a bad configuration");
      } catch (IllegalArgumentException expected) {
        // expected
      }
    }
    assertEquals(new FieldNames("id", "ts", "user", "url"), FieldNames.DEFAULTS);
    assertEquals("url", FieldNames.DEFAULTS.url());
  }

  // ---------------------------------------------------------------------------------------------
  // randomized

  /** Lines that exercise every branch, to be mutated. */
  private static final String[] SEEDS = {
      withTs("1764201600000"), withIsoTs("2026-11-27T10:15:30.250+01:00"),
      withExtra("\"x\":{\"a\":[1,2.5e-3,{\"b\":null}],\"c\":true},\"y\":\"\\u00e9\\ud83d\\ude00\""),
      "{\"id\":\"é😀\",\"ts\":\"9999-12-31T23:59:59.999Z\",\"user\":\"\\t\",\"url\":\"€\"}",
      "{\"\\u0069d\":\"a\",\"ts\":0,\"user\":\"u\",\"url\":\"v\",\"k\":[],\"k2\":{}}",
      "  {\"id\" : \"a\" , \"ts\" : 253402300799999 , \"user\" : \"u\" , \"url\" : \"v\" }  \r",
      "{\"id\":\"a\",\"ts\":\"1970-01-01T00:00Z\",\"user\":\"u\",\"url\":\"v\"}",
  };

  private static final byte[] ALPHABET = bytes(
      "{}[]\",:\\ \t\r0123456789-+.eEtrufalsnZTxu/bfnrt",
      new int[] {0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xC3, 0xA9, 0xE0, 0xED, 0xA0, 0xEF,
          0xF0, 0x9F, 0xF4, 0x90, 0xF5, 0xFF});

  private static byte[] mutate(Random r, byte[] line) {
    byte[] b = line;
    int n = 1 + r.nextInt(3);
    for (int k = 0; k < n; k++) {
      int p = b.length == 0 ? 0 : r.nextInt(b.length + 1);
      byte x = ALPHABET[r.nextInt(ALPHABET.length)];
      switch (r.nextInt(5)) {
        case 0: // replace
          if (p < b.length) {
            b = b.clone();
            b[p] = x;
          }
          break;
        case 1: // insert
          b = concat(Arrays.copyOf(b, p), new byte[] {x}, Arrays.copyOfRange(b, p, b.length));
          break;
        case 2: // delete
          if (p < b.length) {
            b = concat(Arrays.copyOf(b, p), Arrays.copyOfRange(b, p + 1, b.length));
          }
          break;
        case 3: // truncate
          b = Arrays.copyOf(b, p);
          break;
        default: // duplicate a slice
          int q = p + r.nextInt(Math.max(1, b.length - p + 1));
          q = Math.min(q, b.length);
          b = concat(Arrays.copyOf(b, q), Arrays.copyOfRange(b, p, b.length));
      }
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A random line from a small JSON grammar: the required fields usually present and right. */
  private static String randomLine(Random r) {
    List<String[]> members = new ArrayList<>(); // {key, value}
    String[] strings = {"a", "m-1", "é", "😀", "\\u0041", "\\ud83d\\ude00", " ", "\\\"q\\\""};
    String[] numbers = {"0", "1", "1764201600000", "253402300799999", "-0", "253402300800000",
        "1.5e12", "1e3", "-5", "12345678901234567890"};
    for (String key : new String[] {"id", "ts", "user", "url"}) {
      if (r.nextInt(10) == 0) {
        continue;
      }
      String value;
      if (r.nextInt(5) == 0) {
        value = randomValue(r, 0);
      } else if (!key.equals("ts")) {
        value = "\"" + strings[r.nextInt(strings.length)] + "\"";
      } else {
        value = r.nextBoolean() ? numbers[r.nextInt(numbers.length)]
            : "\"" + randomIso(r, r.nextInt(4) != 0) + "\"";
      }
      members.add(new String[] {key.equals("id") && r.nextInt(10) == 0 ? "\\u0069d" : key, value});
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      members.add(new String[] {new String[] {"x", "y", "z"}[r.nextInt(3)], randomValue(r, 0)});
    }
    Collections.shuffle(members, r);
    StringBuilder b = new StringBuilder(ws(r)).append('{');
    for (int i = 0; i < members.size(); i++) {
      b.append(i == 0 ? "" : ",").append(ws(r)).append('"').append(members.get(i)[0]).append('"')
          .append(ws(r)).append(':').append(ws(r)).append(members.get(i)[1]);
    }
    return b.append(ws(r)).append('}').append(ws(r)).toString();
  }

  private static String ws(Random r) {
    return r.nextInt(4) == 0 ? " \t".substring(r.nextInt(2)) : "";
  }

  private static String randomValue(Random r, int depth) {
    switch (r.nextInt(depth > 2 ? 5 : 8)) {
      case 0:
        String[] strings = {"", "a", "é", "😀", "\\u0041", "\\ud83d\\ude00", " "};
        return "\"" + strings[r.nextInt(strings.length)] + "\"";
      case 1:
        return new String[] {"0", "-0", "1", "1764201600000", "253402300799999",
            "253402300800000", "1.5e12", "1e3", "-5", "12345678901234567890"}[r.nextInt(10)];
      case 2:
        return "\"" + randomIso(r, true) + "\"";
      case 3:
        return new String[] {"null", "true", "false"}[r.nextInt(3)];
      case 4:
        return "\"" + randomIso(r, false) + "\"";
      case 5:
        return "[" + (r.nextBoolean() ? randomValue(r, depth + 1) : "") + "]";
      default:
        return "{\"" + (char) ('a' + r.nextInt(2)) + "\":" + randomValue(r, depth + 1)
            + (r.nextBoolean() ? "" : ",\"" + (char) ('a' + r.nextInt(2)) + "\":1") + "}";
    }
  }

  @Test
  public void randomInputNeverThrowsAndMatchesTheReference() {
    long seed = 20261127L;
    Random r = new Random(seed);
    MessageClassifier small = new MessageClassifier(FieldNames.DEFAULTS, 120);
    ReferenceClassifier smallReference = new ReferenceClassifier(FieldNames.DEFAULTS, 120);
    ParsedEvent e = new ParsedEvent();
    int[] counts = new int[MessageClass.values().length];
    for (int i = 0; i < 24_000; i++) {
      byte[] line;
      switch (i % 4) {
        case 0: { // random bytes
          line = new byte[r.nextInt(160)];
          if (r.nextBoolean()) {
            r.nextBytes(line);
          } else {
            for (int k = 0; k < line.length; k++) {
              line[k] = ALPHABET[r.nextInt(ALPHABET.length)];
            }
          }
          break;
        }
        case 1:
          line = mutate(r, utf8(SEEDS[r.nextInt(SEEDS.length)]));
          break;
        case 2:
          line = utf8(randomLine(r));
          break;
        default:
          line = mutate(r, utf8(randomLine(r)));
      }
      MessageClass c;
      try {
        c = small.classify(line, 0, line.length, e);
      } catch (RuntimeException ex) {
        throw new AssertionError("threw on " + show(line) + " (seed " + seed + ")", ex);
      }
      assertNotNull(c);
      counts[c.ordinal()]++;
      ReferenceClassifier.Result want = smallReference.classify(line);
      assertEquals("class of " + show(line), want.cls, c);
      if (c == VALID) {
        assertEquals(show(line), want.id, e.id());
        assertEquals(show(line), want.ts, e.ts());
        assertEquals(show(line), want.user, e.user());
        assertEquals(show(line), want.url, e.url());
      }
    }
    // the generator must reach every class, or this test proves little
    for (MessageClass c : MessageClass.values()) {
      assertTrue(c + " seen " + counts[c.ordinal()] + " times", counts[c.ordinal()] >= 50);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ISO-8601 against java.time

  private static String two(int v) {
    return String.format("%02d", v);
  }

  /** A random date-time in the accepted shape; with {@code real}, one that exists. */
  private static String randomIso(Random r, boolean real) {
    int year = r.nextInt(10) == 0 ? r.nextInt(10000) : 1970 + r.nextInt(8030);
    int month = real ? 1 + r.nextInt(12) : r.nextInt(14);
    int day = real ? 1 + r.nextInt(LocalDate.of(year, month, 1).lengthOfMonth()) : r.nextInt(33);
    int hour = r.nextInt(real ? 24 : 26);
    int minute = r.nextInt(real ? 60 : 62);
    StringBuilder s = new StringBuilder(String.format("%04d-%s-%sT%s:%s", year, two(month),
        two(day), two(hour), two(minute)));
    if (r.nextInt(4) != 0) {
      s.append(':').append(two(r.nextInt(real ? 60 : 62)));
      if (r.nextBoolean()) {
        s.append('.');
        int digits = 1 + r.nextInt(9);
        for (int i = 0; i < digits; i++) {
          s.append((char) ('0' + r.nextInt(10)));
        }
      }
    }
    if (r.nextInt(3) == 0) {
      s.append('Z');
    } else {
      int hours = r.nextInt(real ? 19 : 21);
      int minutes = real && hours == 18 ? 0 : r.nextInt(real ? 60 : 62);
      s.append(r.nextBoolean() ? '+' : '-').append(two(hours)).append(':').append(two(minutes));
    }
    return s.toString();
  }

  @Test
  public void isoParsingAgreesWithJavaTime() {
    Random r = new Random(42);
    int inRange = 0;
    for (int i = 0; i < 20_000; i++) {
      String iso = randomIso(r, true);
      byte[] b = utf8(iso);
      long want = javaMillis(iso);
      assertEquals(iso, want, IsoTimestamp.parseIsoMillis(b, 0, b.length));
      byte[] line = utf8(withIsoTs(iso));
      ParsedEvent e = new ParsedEvent();
      MessageClass c = classifier.classify(line, 0, line.length, e);
      if (want >= 0 && want <= MessageClassifier.MAX_TS) {
        inRange++;
        assertEquals(iso, VALID, c);
        assertEquals(iso, want, e.ts());
      } else {
        assertEquals(iso, BAD_TIMESTAMP, c);
      }
    }
    assertTrue(inRange > 15_000);
  }

  @Test
  public void isoValidationAgreesWithJavaTime() {
    Random r = new Random(7);
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      String iso = randomIso(r, false);
      byte[] b = utf8(iso);
      long got = IsoTimestamp.parseIsoMillis(b, 0, b.length);
      Long want;
      try {
        want = javaMillis(iso);
      } catch (DateTimeParseException ex) {
        want = null;
      }
      if (want == null) {
        rejected++;
        assertEquals(iso, IsoTimestamp.NOT_A_DATE_TIME, got);
      } else {
        assertEquals(iso, want.longValue(), got);
      }
    }
    assertTrue(rejected > 5_000);
  }

  @Test
  public void daysFromCivilMatchesJavaTimeOnEveryDay() {
    LocalDate d = LocalDate.of(0, 1, 1);
    LocalDate last = LocalDate.of(9999, 12, 31);
    for (long day = d.toEpochDay(); day <= last.toEpochDay(); day++) {
      LocalDate x = LocalDate.ofEpochDay(day);
      long got = IsoTimestamp.daysFromCivil(x.getYear(), x.getMonthValue(), x.getDayOfMonth());
      if (got != day) {
        fail(x + ": " + got + " != " + day);
      }
    }
  }

  @Test
  public void nullEventAndParsedEventToString() {
    ParsedEvent e = valid(withTs("12"));
    assertTrue(e.toString().contains("ts=12"));
    assertNull(new ParsedEvent().id());
  }
}
