package io.chunkmill.common.message;

/**
 * The ISO-8601 date-times a {@code ts} string may hold (docs/CONTRACT.md §2), parsed from bytes to
 * epoch milliseconds without java.time's allocation and exceptions.
 */
final class IsoTimestamp {
  /** Returned by {@link #parseIsoMillis} for a string that is not a date-time it accepts. */
  static final long NOT_A_DATE_TIME = Long.MIN_VALUE;

  private IsoTimestamp() {}

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
  static int digits(byte[] b, int p, int count) {
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

  static int daysInMonth(int year, int month) {
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
