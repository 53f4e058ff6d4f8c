package io.chunkmill.common.message;

import java.util.Arrays;

/**
 * The tokens of strict RFC 8259 JSON, scanned in a line's bytes without allocating: whitespace,
 * escapes, numbers, literals; and the decoding of a validated string's escapes into UTF-8. Each
 * scanner returns the index after what it scanned, or -1 when the bytes are not that token.
 */
final class JsonLexer {
  static final byte[] NULL_LITERAL = {'n', 'u', 'l', 'l'};
  static final byte[] TRUE_LITERAL = {'t', 'r', 'u', 'e'};
  static final byte[] FALSE_LITERAL = {'f', 'a', 'l', 's', 'e'};

  private JsonLexer() {}

  static int skipWhitespace(byte[] b, int p, int end) {
    while (p < end) {
      byte c = b[p];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      p++;
    }
    return p;
  }

  /** Scans an escape whose backslash precedes {@code p}; returns the index after it, or -1. */
  static int scanEscape(byte[] b, int p, int end) {
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
  static int hex4(byte[] b, int p, int end) {
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

  static int hexDigit(byte c) {
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
   * Scans a number at {@code p} per RFC 8259:
   * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}.
   * Returns the index after it, or -1.
   */
  static int scanNumber(byte[] b, int p, int end) {
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

  static int skipDigits(byte[] b, int p, int end) {
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    return p;
  }

  /** Matches {@code literal} at {@code p}; returns the index after it, or -1. */
  static int scanLiteral(byte[] b, int p, int end, byte[] literal) {
    int n = literal.length;
    return p + n <= end && Arrays.equals(b, p, p + n, literal, 0, n) ? p + n : -1;
  }

  /**
   * Decodes the validated string content {@code b[p..end)} into UTF-8 bytes at
   * {@code dst[d..]}, resolving escapes; returns the index after the last byte written. The
   * result is never longer than the input.
   */
  static int decode(byte[] b, int p, int end, byte[] dst, int d) {
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
}
