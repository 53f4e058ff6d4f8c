package io.chunkmill.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the classifier over hostile input: it never throws, every line gets exactly one
 * class, and that class is the one the slow reference model of docs/CONTRACT.md §2 gives.
 */
class ClassifierPropertiesTest {
  private static final int MAX = 200;
  private final MessageClassifier classifier = new MessageClassifier(FieldNames.DEFAULTS, MAX);
  private final ReferenceClassifier reference = new ReferenceClassifier(FieldNames.DEFAULTS, MAX);

  private void agrees(byte[] line) {
    ParsedEvent out = new ParsedEvent();
    MessageClass c = classifier.classify(line, 0, line.length, out);
    assertNotNull(c);
    ReferenceClassifier.Result want = reference.classify(line);
    assertEquals(want.cls, c, () -> "line " + java.util.Arrays.toString(line));
    if (c == MessageClass.VALID) {
      assertEquals(want.id + " " + want.ts + " " + want.user + " " + want.url,
          out.id() + " " + out.ts() + " " + out.user() + " " + out.url());
    }
  }

  @Property(tries = 3000)
  void randomBytes(@ForAll("bytes") byte[] line) {
    agrees(line);
  }

  @Property(tries = 3000)
  void randomUtf8(@ForAll("text") String line) {
    agrees(line.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 5000)
  void randomJsonObjects(@ForAll("messages") String line) {
    agrees(line.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(0, 40),
        Arbitraries.integers().between(MAX - 3, MAX + 3));
    return length.flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.strings().all().ofMaxLength(60);
  }

  /** JSON-ish objects: the required fields with random types and values, extra fields, whitespace, CRs. */
  @Provide
  Arbitrary<String> messages() {
    Arbitrary<String> str = Arbitraries.strings().withChars("abé\"\\ /\u00e9\ud83d\ude00").ofMaxLength(6)
        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    Arbitrary<String> number = Arbitraries.of("0", "-1", "1764201600000", "1.5e12", "1764201600000.0", "253402300799999",
        "253402300800000", "99999999999999999999999999", "01", "1e3", "-0");
    Arbitrary<String> iso = Arbitraries.of("2026-11-27T10:15:30Z", "2026-11-27T10:15:30.250+01:00", "2026-11-27T10:15:30",
        "2026-11-27", "2026-02-29T00:00Z", "2024-02-29T23:59:59.999999999-05:00", "yesterday", "")
        .map(s -> "\"" + s + "\"");
    Arbitrary<String> anyValue = Arbitraries.oneOf(str, number, iso, Arbitraries.of("null", "true", "[]", "{}", "[1,{\"a\":2}]"));
    Arbitrary<String> field = Combinators.combine(Arbitraries.of("\"id\"", "\"ts\"", "\"user\"", "\"url\"", "\"x\"",
        "\"i\\u0064\""), anyValue).as((k, v) -> k + ":" + v);
    Arbitrary<String> ws = Arbitraries.of("", " ", "\t", "\r", "  ");
    return Combinators.combine(field.list().ofMaxSize(6), ws, ws, Arbitraries.of("", "", "", "x", ",", "}"))
        .as((fields, a, b, tail) -> a + "{" + String.join("," + a, fields) + "}" + b + tail);
  }

  @Property(tries = 500)
  void theClassOfAValidMessageDependsOnlyOnItsContentNotOnItsPlaceInABuffer(@ForAll("messages") String line,
      @ForAll("bytes") byte[] before) {
    byte[] l = line.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[before.length + l.length + 3];
    System.arraycopy(before, 0, buf, 0, before.length);
    System.arraycopy(l, 0, buf, before.length, l.length);
    assertEquals(classifier.classify(l, 0, l.length, null),
        classifier.classify(buf, before.length, l.length, null));
  }
}
