package io.chunkmill.common.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The JSON names of the four required message fields (docs/CONTRACT.md §1). Immutable.
 *
 * <p>The names are matched against the <em>decoded</em> keys of the top-level object, so the key
 * <code>"&#92;u0069d"</code> is the field {@code id}. Each name's UTF-8 bytes are precomputed so
 * the classifier compares keys without decoding them into Strings.
 */
public final class FieldNames {

  /** The defaults: {@code id}, {@code ts}, {@code user}, {@code url}. */
  public static final FieldNames DEFAULTS = new FieldNames("id", "ts", "user", "url");

  private final String id;
  private final String ts;
  private final String user;
  private final String url;
  /** UTF-8 bytes of id, ts, user, url, in that order (the classifier's field indexes). */
  private final byte[][] utf8;

  /**
   * @throws NullPointerException if a name is null
   * @throws IllegalArgumentException if two names are equal (one key cannot be two fields) or a
   *     name holds an unpaired surrogate (no JSON key can decode to it)
   */
  public FieldNames(String id, String ts, String user, String url) {
    this.id = Objects.requireNonNull(id, "id field name");
    this.ts = Objects.requireNonNull(ts, "ts field name");
    this.user = Objects.requireNonNull(user, "user field name");
    this.url = Objects.requireNonNull(url, "url field name");
    String[] all = {id, ts, user, url};
    for (int i = 0; i < all.length; i++) {
      for (int j = i + 1; j < all.length; j++) {
        if (all[i].equals(all[j])) {
          throw new IllegalArgumentException("field names must differ, got " + this);
        }
      }
      if (!wellFormed(all[i])) {
        throw new IllegalArgumentException("field name has an unpaired surrogate: " + this);
      }
    }
    utf8 = new byte[all.length][];
    for (int i = 0; i < all.length; i++) {
      utf8[i] = all[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  public String id() {
    return id;
  }

  public String ts() {
    return ts;
  }

  public String user() {
    return user;
  }

  public String url() {
    return url;
  }

  /** UTF-8 bytes of field {@code index} (0 id, 1 ts, 2 user, 3 url); callers must not modify. */
  byte[] utf8(int index) {
    return utf8[index];
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FieldNames)) {
      return false;
    }
    FieldNames that = (FieldNames) o;
    return id.equals(that.id) && ts.equals(that.ts) && user.equals(that.user)
        && url.equals(that.url);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {id, ts, user, url});
  }

  @Override
  public String toString() {
    return "FieldNames{id=" + id + ", ts=" + ts + ", user=" + user + ", url=" + url + "}";
  }
}
