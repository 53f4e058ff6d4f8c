package io.chunkmill.common.message;

/**
 * Validates UTF-8 as Unicode's Table 3-7 defines it: the shortest form only, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no stray continuation bytes or truncated sequences.
 */
final class Utf8Validator {
  private Utf8Validator() {}

  /**
   * Validates the multi-byte UTF-8 sequence whose lead byte {@code lead} is at {@code p}
   * (Unicode Table 3-7: the shortest form only, no surrogates, nothing above U+10FFFF). Returns
   * the index after it, or -1.
   */
  static int scanUtf8Sequence(byte[] b, int p, int end, int lead) {
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

  static boolean isContinuation(byte c) {
    return (c & 0xC0) == 0x80;
  }
}
