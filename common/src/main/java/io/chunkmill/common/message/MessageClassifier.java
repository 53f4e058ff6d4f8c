package io.chunkmill.common.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Classifies one input line into a {@link MessageClass} (docs/CONTRACT.md §2) and, for a valid line, extracts
 * its event. It parses the line's bytes directly, in one pass, with no regular expressions and no
 * allocation per line except the three Strings of a valid event (scratch buffers grow to the
 * longest line seen and are then reused). It never throws on any line content.
 *
 * <p>The checks, in order; the first that matches wins:
 *
 * <ol>
 *   <li>{@code BLANK}: nothing but spaces and tabs.
 *   <li>{@code TOO_LONG}: more than {@code maxMessageBytes} bytes.
 *   <li>{@code MALFORMED}: any of
 *       <ul>
 *         <li>not well-formed UTF-8 anywhere in the line: overlong forms, UTF-8-encoded
 *             surrogates (U+D800..U+DFFF), code points above U+10FFFF, stray continuation bytes
 *             and truncated sequences are all rejected;
 *         <li>not strict RFC 8259 JSON: no comments, trailing commas, single quotes, bare words,
 *             {@code NaN}/{@code Infinity}, leading zeros ({@code 01}), {@code +1}, {@code .5},
 *             {@code 1.}, unescaped control characters below 0x20 in strings, escapes other than
 *             <code>\" \\ \/ \b \f \n \r \t</code> and <code>&#92;uXXXX</code> (4 hex
 *             digits), or a leading byte order mark;
 *         <li><b>an unpaired surrogate escape</b>: <code>"&#92;ud800"</code> alone, or a low
 *             surrogate <code>"&#92;udc00"</code> without a high one before it. RFC 8259 lets a
 *             parser accept these, but such a string has no UTF-8 form: it could neither be
 *             stored in an Avro string unchanged nor ordered by its UTF-8 bytes as the dedup rule
 *             demands. A well-formed pair such as <code>"&#92;ud83d&#92;ude00"</code> is fine;
 *         <li>a top-level value that is not an object, or anything but JSON whitespace (space,
 *             tab, LF, CR) after it;
 *         <li>a key repeated in the message object, comparing decoded keys ({@code "a"} and
 *             <code>"&#92;u0061"</code> are the same key). Objects nested in other fields' values
 *             need only be valid JSON: a key repeated there is allowed (RFC 8259 permits it).
 *       </ul>
 *       Values of fields that are not required are validated all the same, to any depth: the
 *       parser is iterative (its stack lives in an array that grows with the nesting), so nesting
 *       is limited only by {@code maxMessageBytes}, and deep nesting cannot overflow the thread's
 *       stack.
 *   <li>{@code MISSING_FIELD}: in the top-level object, a required field is absent, {@code null},
 *       of the wrong type ({@code id}/{@code user}/{@code url} not strings, {@code ts} neither a
 *       number nor a string) or an empty string (including {@code ts: ""}).
 *   <li>{@code BAD_TIMESTAMP}: {@code ts} is
 *       <ul>
 *         <li>a number that is not a plain integer literal (any fraction or exponent:
 *             {@code 1.5e12}, {@code 1764201600000.0}, {@code 1e3}), has a minus sign (including
 *             {@code -0}), or is out of {@code 0..253402300799999}; number literals of any length
 *             are handled (a 30-digit literal is simply out of range);
 *         <li>a string that is not exactly {@code YYYY-MM-DDTHH:MM[:SS[.f]](Z|+HH:MM|-HH:MM)}:
 *             upper-case {@code T} and {@code Z} only, 1 to 9 fraction digits (truncated to
 *             milliseconds), a real calendar date (Feb 29 only in leap years), hour 0..23,
 *             minute and second 0..59 (no leap second), and an offset of at most 18:00 either way
 *             (java.time's limit) with offset minutes 0..59. No surrounding whitespace, no
 *             offset without a colon ({@code +0100}), no offset seconds, no comma as a decimal
 *             sign, no zone names;
 *         <li>or a date-time whose instant is out of {@code 0..253402300799999} once the offset
 *             is applied ({@code 1969-12-31T23:59:59Z} is out, {@code
 *             9999-12-31T23:59:59.999Z} is in, {@code 9999-12-31T23:59:59.999-01:00} is out).
 *       </ul>
 *       Escapes in a {@code ts} string are decoded before it is read
 *       (<code>"&#92;u0032026-11-27T10:15Z"</code> is fine).
 *   <li>{@code VALID}: the event's strings are the decoded JSON strings.
 * </ol>
 *
 * <p>The line is given without its LF. If it still ends in the CR of a CRLF, that one CR is part
 * of the terminator: it is dropped before any check, the length check included.
 *
 * <p>This class walks the line's JSON (an iterative state machine) and extracts the required fields;
 * its parts are the UTF-8 validator ({@link Utf8Validator}), the JSON tokens and string decoding
 * ({@link JsonLexer}), the table of the message object's keys ({@link KeyTable}) and the ISO-8601
 * parser ({@link IsoTimestamp}).
 *
 * <p>An instance holds scratch buffers, so it is not thread-safe: use one per task/thread.
 */
public final class MessageClassifier {

  /** The largest valid {@code ts}: 9999-12-31T23:59:59.999Z in epoch milliseconds. */
  public static final long MAX_TS = 253_402_300_799_999L;

  private static final int ID = 0;
  private static final int TS = 1;
  private static final int USER = 2;
  private static final int URL = 3;
  private static final int FIELDS = 4;

  private static final byte ABSENT = 0;
  private static final byte STRING = 1;
  private static final byte NUMBER = 2;
  private static final byte NULL = 3;
  private static final byte OTHER = 4;

  private static final int ST_VALUE = 0;
  private static final int ST_KEY = 1;
  private static final int ST_AFTER_VALUE = 2;

  /** Marks an array on the container stack; objects hold their (non-negative) object id. */
  private static final int ARRAY = -1;

  private static final int DIGITS_OF_MAX_TS = 15;

  private final FieldNames names;
  private final byte[][] nameBytes = new byte[FIELDS][];
  private final int maxMessageBytes;

  // What the parse found for each required field of the top-level object.
  private final byte[] fieldType = new byte[FIELDS];
  private final int[] fieldStart = new int[FIELDS];
  private final int[] fieldEnd = new int[FIELDS];
  private final boolean[] fieldEscaped = new boolean[FIELDS];

  /** Set by {@link #scanString}: whether the string just scanned holds a backslash escape. */
  private boolean lastEscaped;

  /** Open containers, innermost last: an object's id, or {@link #ARRAY}. */
  private int[] stack = new int[64];

  private final KeyTable keys = new KeyTable();

  /** Decoded bytes of one field value that holds escapes. */
  private byte[] valueBytes = new byte[64];

  /**
   * @param names the JSON names of the required fields
   * @param maxMessageBytes the longest line accepted, in bytes without its terminator (the contract:
   *     {@code chunkmill.message.max.bytes}); at least 1
   */
  public MessageClassifier(FieldNames names, int maxMessageBytes) {
    this.names = Objects.requireNonNull(names, "names");
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException("maxMessageBytes must be at least 1: " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
    for (int i = 0; i < FIELDS; i++) {
      nameBytes[i] = names.utf8(i);
    }
  }

  /** The field names this classifier looks for. */
  public FieldNames names() {
    return names;
  }

  /** The longest line accepted, in bytes without its terminator. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * Whether {@code buf[off..off+len)} is a {@link MessageClass#BLANK} line: empty or only spaces
   * and tabs, after dropping one trailing CR.
   */
  public static boolean isBlank(byte[] buf, int off, int len) {
    int end = off + len;
    if (len > 0 && buf[end - 1] == '\r') {
      end--;
    }
    for (int p = off; p < end; p++) {
      byte c = buf[p];
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * Classifies the line {@code buf[off..off+len)} (LF removed, a trailing CR allowed) and, when it
   * is {@link MessageClass#VALID}, fills {@code out} with its event. {@code out} is left untouched
   * for any other class. It may be null to classify without extracting the event.
   *
   * @return the line's class, never null; never throws for any content of the range
   * @throws IndexOutOfBoundsException if the range is not inside {@code buf} (a caller's bug)
   */
  public MessageClass classify(byte[] buf, int off, int len, ParsedEvent out) {
    Objects.checkFromIndexSize(off, len, buf.length);
    int end = off + len;
    if (len > 0 && buf[end - 1] == '\r') {
      end--;
    }
    int p = off;
    while (p < end && (buf[p] == ' ' || buf[p] == '\t')) {
      p++;
    }
    if (p == end) {
      return MessageClass.BLANK;
    }
    if (end - off > maxMessageBytes) {
      return MessageClass.TOO_LONG;
    }
    if (!parse(buf, p, end)) {
      return MessageClass.MALFORMED;
    }
    for (int i = 0; i < FIELDS; i++) {
      byte type = fieldType[i];
      boolean typeOk = type == STRING || (i == TS && type == NUMBER);
      if (!typeOk || (type == STRING && fieldStart[i] == fieldEnd[i])) {
        return MessageClass.MISSING_FIELD;
      }
    }
    long ts = fieldType[TS] == NUMBER
        ? integerMillis(buf, fieldStart[TS], fieldEnd[TS])
        : isoMillis(buf, TS);
    if (ts < 0 || ts > MAX_TS) {
      return MessageClass.BAD_TIMESTAMP;
    }
    if (out != null) {
      out.set(string(buf, ID), ts, string(buf, USER), string(buf, URL));
    }
    return MessageClass.VALID;
  }

  // ---------------------------------------------------------------------------------------------
  // JSON

  /**
   * Validates the whole line {@code b[p..end)} ({@code p} at its first non-blank byte) as one
   * strict JSON object followed only by whitespace, recording the required fields of the
   * top-level object on the way.
   */
  private boolean parse(byte[] b, int p, int end) {
    Arrays.fill(fieldType, ABSENT);
    while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n')) {
      p++; // JSON whitespace before the object (a CR here is not part of the terminator)
    }
    if (p == end || b[p] != '{') {
      return false;
    }
    keys.prepare(end - p);
    int depth = 0;
    int nextObjectId = 0;
    int capture = -1; // the required field whose value comes next, or -1
    int state = ST_VALUE;
    while (true) {
      switch (state) {
        case ST_VALUE: { // b[p] starts a value, p < end
          byte c = b[p];
          if (c == '{' || c == '[') {
            if (capture >= 0) {
              fieldType[capture] = OTHER;
              capture = -1;
            }
            if (depth == stack.length) {
              stack = Arrays.copyOf(stack, depth * 2);
            }
            boolean object = c == '{';
            stack[depth++] = object ? nextObjectId++ : ARRAY;
            p = JsonLexer.skipWhitespace(b, p + 1, end);
            if (p >= end) {
              return false;
            }
            if (b[p] == (object ? '}' : ']')) {
              depth--;
              p++;
              state = ST_AFTER_VALUE;
            } else {
              state = object ? ST_KEY : ST_VALUE;
            }
            break;
          }
          int q;
          byte type;
          if (c == '"') {
            q = scanString(b, p + 1, end);
            if (q < 0) {
              return false;
            }
            if (capture >= 0) {
              fieldStart[capture] = p + 1;
              fieldEnd[capture] = q;
              fieldEscaped[capture] = lastEscaped;
            }
            q++;
            type = STRING;
          } else if (c == '-' || (c >= '0' && c <= '9')) {
            q = JsonLexer.scanNumber(b, p, end);
            if (q < 0) {
              return false;
            }
            if (capture >= 0) {
              fieldStart[capture] = p;
              fieldEnd[capture] = q;
            }
            type = NUMBER;
          } else if (c == 'n') {
            q = JsonLexer.scanLiteral(b, p, end, JsonLexer.NULL_LITERAL);
            type = NULL;
          } else if (c == 't') {
            q = JsonLexer.scanLiteral(b, p, end, JsonLexer.TRUE_LITERAL);
            type = OTHER;
          } else if (c == 'f') {
            q = JsonLexer.scanLiteral(b, p, end, JsonLexer.FALSE_LITERAL);
            type = OTHER;
          } else {
            return false;
          }
          if (q < 0) {
            return false;
          }
          if (capture >= 0) {
            fieldType[capture] = type;
            capture = -1;
          }
          p = q;
          state = ST_AFTER_VALUE;
          break;
        }
        case ST_KEY: { // b[p] should open a key, p < end
          if (b[p] != '"') {
            return false;
          }
          int q = scanString(b, p + 1, end);
          if (q < 0) {
            return false;
          }
          if (depth == 1) { // only the message object's keys must be unique; nested ones need only be valid
            if (!keys.add(stack[depth - 1], b, p + 1, q, lastEscaped)) {
              return false; // repeated key
            }
            capture = requiredField(keys.key(), keys.keyStart(), keys.keyLength());
          }
          p = JsonLexer.skipWhitespace(b, q + 1, end);
          if (p >= end || b[p] != ':') {
            return false;
          }
          p = JsonLexer.skipWhitespace(b, p + 1, end);
          if (p >= end) {
            return false;
          }
          state = ST_VALUE;
          break;
        }
        default: { // ST_AFTER_VALUE: a value ended at p
          p = JsonLexer.skipWhitespace(b, p, end);
          if (depth == 0) {
            return p == end;
          }
          if (p >= end) {
            return false;
          }
          byte c = b[p];
          int top = stack[depth - 1];
          if (c == ',') {
            p = JsonLexer.skipWhitespace(b, p + 1, end);
            if (p >= end) {
              return false;
            }
            state = top == ARRAY ? ST_VALUE : ST_KEY;
          } else if (c == (top == ARRAY ? ']' : '}')) {
            depth--;
            p++;
          } else {
            return false;
          }
          break;
        }
      }
    }
  }

  /**
   * Scans a string's content from {@code p} (just after its opening quote), validating UTF-8 and
   * escapes. Returns the index of the closing quote, or -1; sets {@link #lastEscaped}.
   */
  private int scanString(byte[] b, int p, int end) {
    boolean escaped = false;
    while (p < end) {
      int c = b[p];
      if (c >= 0x20 && c != '"' && c != '\\') { // printable ASCII, the common case
        p++;
      } else if (c == '"') {
        lastEscaped = escaped;
        return p;
      } else if (c == '\\') {
        escaped = true;
        p = JsonLexer.scanEscape(b, p + 1, end);
        if (p < 0) {
          return -1;
        }
      } else if (c >= 0) {
        return -1; // control character
      } else {
        p = Utf8Validator.scanUtf8Sequence(b, p, end, c & 0xFF);
        if (p < 0) {
          return -1;
        }
      }
    }
    return -1; // unterminated
  }

  // ---------------------------------------------------------------------------------------------
  // Required fields

  /** The required field named by the decoded key, or -1. */
  private int requiredField(byte[] key, int start, int length) {
    for (int i = 0; i < FIELDS; i++) {
      byte[] name = nameBytes[i];
      if (name.length == length
          && Arrays.equals(key, start, start + length, name, 0, length)) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /** A valid event string: decoded only now that the line is known to be valid. */
  private String string(byte[] b, int field) {
    int start = fieldStart[field];
    int length = fieldEnd[field] - start;
    if (!fieldEscaped[field]) {
      return new String(b, start, length, StandardCharsets.UTF_8);
    }
    byte[] dst = valueBuffer(length);
    return new String(dst, 0, JsonLexer.decode(b, start, fieldEnd[field], dst, 0), StandardCharsets.UTF_8);
  }

  private byte[] valueBuffer(int length) {
    if (valueBytes.length < length) {
      valueBytes = new byte[Math.max(length, valueBytes.length * 2)];
    }
    return valueBytes;
  }

  /**
   * The value of a validated JSON number if it is a plain non-negative integer literal of at most
   * 15 digits, else -1 (a fraction, an exponent, a minus sign, or too many digits: all out).
   */
  private static long integerMillis(byte[] b, int p, int end) {
    if (end - p > DIGITS_OF_MAX_TS) {
      return -1;
    }
    long v = 0;
    for (; p < end; p++) {
      byte c = b[p];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private long isoMillis(byte[] b, int field) {
    int start = fieldStart[field];
    int end = fieldEnd[field];
    long millis;
    if (fieldEscaped[field]) {
      byte[] dst = valueBuffer(end - start);
      millis = IsoTimestamp.parseIsoMillis(dst, 0, JsonLexer.decode(b, start, end, dst, 0));
    } else {
      millis = IsoTimestamp.parseIsoMillis(b, start, end);
    }
    return millis == IsoTimestamp.NOT_A_DATE_TIME ? -1 : millis;
  }
}
