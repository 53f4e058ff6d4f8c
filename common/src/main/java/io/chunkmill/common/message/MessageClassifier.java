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
 * <p>An instance holds scratch buffers, so it is not thread-safe: use one per task/thread.
 */
public final class MessageClassifier {

  /** The largest valid {@code ts}: 9999-12-31T23:59:59.999Z in epoch milliseconds. */
  public static final long MAX_TS = 253_402_300_799_999L;

  /** Returned by {@link #parseIsoMillis} for a string that is not a date-time it accepts. */
  static final long NOT_A_DATE_TIME = Long.MIN_VALUE;

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

  private static final byte[] NULL_LITERAL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE_LITERAL = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE_LITERAL = {'f', 'a', 'l', 's', 'e'};

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

  // Keys seen in this line: an open-addressing table keyed by (object id, decoded key). Slots
  // whose generation is not the current line's are empty, so the table is never cleared. A key
  // needs at least 4 bytes ("":0), so a table of (len/2) slots stays at most half full.
  private int generation;
  private int[] slotGeneration = new int[0];
  private int[] slotObject = new int[0];
  private int[] slotHash = new int[0];
  /** Start of the key bytes: an index into the line, or ~index into {@link #keyBytes}. */
  private int[] slotStart = new int[0];
  private int[] slotLength = new int[0];
  private int slotMask;

  /** Decoded bytes of this line's keys that hold escapes (never longer than the line). */
  private byte[] keyBytes = new byte[0];
  private int keyBytesUsed;

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
    prepareKeyTable(end - p);
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
            p = skipWhitespace(b, p + 1, end);
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
            q = scanNumber(b, p, end);
            if (q < 0) {
              return false;
            }
            if (capture >= 0) {
              fieldStart[capture] = p;
              fieldEnd[capture] = q;
            }
            type = NUMBER;
          } else if (c == 'n') {
            q = scanLiteral(b, p, end, NULL_LITERAL);
            type = NULL;
          } else if (c == 't') {
            q = scanLiteral(b, p, end, TRUE_LITERAL);
            type = OTHER;
          } else if (c == 'f') {
            q = scanLiteral(b, p, end, FALSE_LITERAL);
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
            byte[] key = b;
            int keyStart = p + 1;
            int keyLength = q - keyStart;
            boolean decoded = lastEscaped;
            if (decoded) {
              key = keyBytes;
              keyStart = keyBytesUsed;
              keyLength = decode(b, p + 1, q, keyBytes, keyBytesUsed) - keyStart;
              keyBytesUsed += keyLength;
            }
            if (!addKey(stack[depth - 1], b, key, keyStart, keyLength, decoded)) {
              return false; // repeated key
            }
            capture = requiredField(key, keyStart, keyLength);
          }
          p = skipWhitespace(b, q + 1, end);
          if (p >= end || b[p] != ':') {
            return false;
          }
          p = skipWhitespace(b, p + 1, end);
          if (p >= end) {
            return false;
          }
          state = ST_VALUE;
          break;
        }
        default: { // ST_AFTER_VALUE: a value ended at p
          p = skipWhitespace(b, p, end);
          if (depth == 0) {
            return p == end;
          }
          if (p >= end) {
            return false;
          }
          byte c = b[p];
          int top = stack[depth - 1];
          if (c == ',') {
            p = skipWhitespace(b, p + 1, end);
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

  private static int skipWhitespace(byte[] b, int p, int end) {
    while (p < end) {
      byte c = b[p];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      p++;
    }
    return p;
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
        p = scanEscape(b, p + 1, end);
        if (p < 0) {
          return -1;
        }
      } else if (c >= 0) {
        return -1; // control character
      } else {
        p = scanUtf8Sequence(b, p, end, c & 0xFF);
        if (p < 0) {
          return -1;
        }
      }
    }
    return -1; // unterminated
  }

  /** Scans an escape whose backslash precedes {@code p}; returns the index after it, or -1. */
  private static int scanEscape(byte[] b, int p, int end) {
    if (p >= end) {
      return -1;
    }
    switch (b[p]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return p + 1;
      case 'u': {
        int unit = hex4(b, p + 1, end);
        p += 5;
        if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) {
          return -1; // bad hex, or a low surrogate without its high one
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          if (p + 1 >= end || b[p] != '\\' || b[p + 1] != 'u') {
            return -1; // unpaired high surrogate
          }
          int low = hex4(b, p + 2, end);
          if (low < 0xDC00 || low > 0xDFFF) {
            return -1;
          }
          p += 6;
        }
        return p;
      }
      default:
        return -1;
    }
  }

  /** The value of 4 hex digits at {@code b[p..p+4)}, or -1. */
  private static int hex4(byte[] b, int p, int end) {
    if (p + 4 > end) {
      return -1;
    }
    int v = 0;
    for (int i = p; i < p + 4; i++) {
      int d = hexDigit(b[i]);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static int hexDigit(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Validates the multi-byte UTF-8 sequence whose lead byte {@code lead} is at {@code p}
   * (Unicode Table 3-7: the shortest form only, no surrogates, nothing above U+10FFFF). Returns
   * the index after it, or -1.
   */
  private static int scanUtf8Sequence(byte[] b, int p, int end, int lead) {
    if (lead < 0xC2) {
      return -1; // a continuation byte, or an overlong 2-byte lead (C0, C1)
    }
    if (lead < 0xE0) {
      return p + 1 < end && isContinuation(b[p + 1]) ? p + 2 : -1;
    }
    if (lead < 0xF0) {
      if (p + 2 >= end) {
        return -1;
      }
      int second = b[p + 1] & 0xFF;
      int min = lead == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
      int max = lead == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
      return second >= min && second <= max && isContinuation(b[p + 2]) ? p + 3 : -1;
    }
    if (lead < 0xF5) {
      if (p + 3 >= end) {
        return -1;
      }
      int second = b[p + 1] & 0xFF;
      int min = lead == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
      int max = lead == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
      return second >= min && second <= max && isContinuation(b[p + 2])
          && isContinuation(b[p + 3]) ? p + 4 : -1;
    }
    return -1; // F5..FF never occur in UTF-8
  }

  private static boolean isContinuation(byte c) {
    return (c & 0xC0) == 0x80;
  }

  /**
   * Scans a number at {@code p} per RFC 8259:
   * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}.
   * Returns the index after it, or -1.
   */
  private static int scanNumber(byte[] b, int p, int end) {
    if (b[p] == '-') {
      p++;
    }
    if (p >= end) {
      return -1;
    }
    if (b[p] == '0') {
      p++;
    } else if (b[p] >= '1' && b[p] <= '9') {
      p = skipDigits(b, p + 1, end);
    } else {
      return -1;
    }
    if (p < end && b[p] == '.') {
      int q = skipDigits(b, p + 1, end);
      if (q == p + 1) {
        return -1;
      }
      p = q;
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      int q = skipDigits(b, p, end);
      if (q == p) {
        return -1;
      }
      p = q;
    }
    // "01" or "1x" are caught by the caller: what follows a value must be ',', ']', '}' or blank
    return p;
  }

  private static int skipDigits(byte[] b, int p, int end) {
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    return p;
  }

  /** Matches {@code literal} at {@code p}; returns the index after it, or -1. */
  private static int scanLiteral(byte[] b, int p, int end, byte[] literal) {
    int n = literal.length;
    return p + n <= end && Arrays.equals(b, p, p + n, literal, 0, n) ? p + n : -1;
  }

  /**
   * Decodes the validated string content {@code b[p..end)} into UTF-8 bytes at
   * {@code dst[d..]}, resolving escapes; returns the index after the last byte written. The
   * result is never longer than the input.
   */
  private static int decode(byte[] b, int p, int end, byte[] dst, int d) {
    while (p < end) {
      byte c = b[p++];
      if (c != '\\') {
        dst[d++] = c;
        continue;
      }
      c = b[p++];
      int cp;
      switch (c) {
        case 'b':
          cp = '\b';
          break;
        case 'f':
          cp = '\f';
          break;
        case 'n':
          cp = '\n';
          break;
        case 'r':
          cp = '\r';
          break;
        case 't':
          cp = '\t';
          break;
        case 'u':
          cp = hex4(b, p, end);
          p += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) { // validated: a low surrogate escape follows
            cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(b, p + 2, end) - 0xDC00);
            p += 6;
          }
          break;
        default: // '"', '\\', '/'
          cp = c;
      }
      if (cp < 0x80) {
        dst[d++] = (byte) cp;
      } else if (cp < 0x800) {
        dst[d++] = (byte) (0xC0 | (cp >>> 6));
        dst[d++] = (byte) (0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        dst[d++] = (byte) (0xE0 | (cp >>> 12));
        dst[d++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
        dst[d++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        dst[d++] = (byte) (0xF0 | (cp >>> 18));
        dst[d++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
        dst[d++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
        dst[d++] = (byte) (0x80 | (cp & 0x3F));
      }
    }
    return d;
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  private void prepareKeyTable(int lineLength) {
    int half = lineLength >>> 1;
    int wanted = half <= 16 ? 16 : Integer.highestOneBit(half - 1) << 1; // a power of 2 >= half
    if (slotGeneration.length < wanted) {
      slotGeneration = new int[wanted];
      slotObject = new int[wanted];
      slotHash = new int[wanted];
      slotStart = new int[wanted];
      slotLength = new int[wanted];
      slotMask = wanted - 1;
      generation = 0;
    }
    if (++generation == 0) { // wrapped after 2^32 lines: old stamps could look current
      Arrays.fill(slotGeneration, 0);
      generation = 1;
    }
    if (keyBytes.length < lineLength) {
      keyBytes = new byte[Math.max(lineLength, keyBytes.length * 2)];
    }
    keyBytesUsed = 0;
  }

  /**
   * Records a key of object {@code objectId}; false if that object already has it. {@code line}
   * is the line's buffer; the key itself is in {@code key}, which is either the line or (when
   * {@code decoded}) {@link #keyBytes}.
   */
  private boolean addKey(int objectId, byte[] line, byte[] key, int start, int length,
      boolean decoded) {
    int hash = 1;
    for (int i = start; i < start + length; i++) {
      hash = 31 * hash + key[i];
    }
    int mix = hash * 0x9E3779B9 + objectId * 0x85EBCA6B;
    int slot = (mix ^ (mix >>> 16)) & slotMask;
    while (slotGeneration[slot] == generation) {
      if (slotObject[slot] == objectId && slotHash[slot] == hash && slotLength[slot] == length) {
        int s = slotStart[slot];
        byte[] other = s >= 0 ? line : keyBytes;
        int otherStart = s >= 0 ? s : ~s;
        if (Arrays.equals(key, start, start + length, other, otherStart, otherStart + length)) {
          return false;
        }
      }
      slot = (slot + 1) & slotMask;
    }
    slotGeneration[slot] = generation;
    slotObject[slot] = objectId;
    slotHash[slot] = hash;
    slotStart[slot] = decoded ? ~start : start;
    slotLength[slot] = length;
    return true;
  }

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
    return new String(dst, 0, decode(b, start, fieldEnd[field], dst, 0), StandardCharsets.UTF_8);
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
      millis = parseIsoMillis(dst, 0, decode(b, start, end, dst, 0));
    } else {
      millis = parseIsoMillis(b, start, end);
    }
    return millis == NOT_A_DATE_TIME ? -1 : millis;
  }

  /**
   * Parses {@code YYYY-MM-DDTHH:MM[:SS[.f{1,9}]](Z|+HH:MM|-HH:MM)} in {@code b[p..end)} to epoch
   * milliseconds (the fraction truncated), without a range check; {@link #NOT_A_DATE_TIME} if
   * the text is anything else or names no real date-time. Package-private for tests.
   */
  static long parseIsoMillis(byte[] b, int p, int end) {
    // the shortest form is YYYY-MM-DDTHH:MMZ (17 bytes)
    if (end - p < 17 || b[p + 4] != '-' || b[p + 7] != '-' || b[p + 10] != 'T'
        || b[p + 13] != ':') {
      return NOT_A_DATE_TIME;
    }
    int year = digits(b, p, 4);
    int month = digits(b, p + 5, 2);
    int day = digits(b, p + 8, 2);
    int hour = digits(b, p + 11, 2);
    int minute = digits(b, p + 14, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return NOT_A_DATE_TIME;
    }
    int q = p + 16;
    int second = 0;
    int millis = 0;
    if (b[q] == ':') {
      if (end - q < 4) { // ":SS" and at least the one byte of "Z"
        return NOT_A_DATE_TIME;
      }
      second = digits(b, q + 1, 2);
      if (second < 0 || second > 59) {
        return NOT_A_DATE_TIME;
      }
      q += 3;
      if (b[q] == '.') {
        int first = ++q;
        while (q < end && q - first < 10 && b[q] >= '0' && b[q] <= '9') {
          if (q - first < 3) {
            millis = millis * 10 + (b[q] - '0');
          }
          q++;
        }
        int count = q - first;
        if (count == 0 || count > 9) {
          return NOT_A_DATE_TIME;
        }
        for (int i = count; i < 3; i++) {
          millis *= 10;
        }
      }
    }
    if (q >= end) {
      return NOT_A_DATE_TIME; // no zone
    }
    int offsetSeconds;
    byte sign = b[q];
    if (sign == 'Z') {
      if (q + 1 != end) {
        return NOT_A_DATE_TIME;
      }
      offsetSeconds = 0;
    } else if (sign == '+' || sign == '-') {
      if (q + 6 != end || b[q + 3] != ':') {
        return NOT_A_DATE_TIME;
      }
      int offsetHours = digits(b, q + 1, 2);
      int offsetMinutes = digits(b, q + 4, 2);
      if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
        return NOT_A_DATE_TIME;
      }
      offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
      if (offsetSeconds > 18 * 3600) {
        return NOT_A_DATE_TIME;
      }
      if (sign == '-') {
        offsetSeconds = -offsetSeconds;
      }
    } else {
      return NOT_A_DATE_TIME;
    }
    long epochSeconds = daysFromCivil(year, month, day) * 86_400L
        + hour * 3600 + minute * 60 + second - offsetSeconds;
    return epochSeconds * 1000 + millis;
  }

  /** The value of {@code count} ASCII digits at {@code b[p..]}, or -1. */
  private static int digits(byte[] b, int p, int count) {
    int v = 0;
    for (int i = p; i < p + count; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }
}
