package io.chunkmill.common.message;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A slow, obviously-written model of docs/CONTRACT.md §2 for differential tests of {@link MessageClassifier}:
 * the JDK's strict UTF-8 decoder, a recursive JSON parser over Strings, regular expressions and
 * java.time. Same documented choices: unpaired surrogate escapes are malformed, "-0" and any
 * other minus sign is a bad timestamp, offsets up to 18:00. Recursion limits it to shallow input.
 */
public final class ReferenceClassifier {

  /** A classification and, for VALID, the event. */
  public static final class Result {
    public final MessageClass cls;
    public final String id;
    public final long ts;
    public final String user;
    public final String url;

    Result(MessageClass cls) {
      this(cls, null, 0, null, null);
    }

    Result(MessageClass cls, String id, long ts, String user, String url) {
      this.cls = cls;
      this.id = id;
      this.ts = ts;
      this.user = user;
      this.url = url;
    }

    @Override
    public String toString() {
      return cls == MessageClass.VALID
          ? "VALID{id=" + id + ", ts=" + ts + ", user=" + user + ", url=" + url + "}"
          : cls.toString();
    }
  }

  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern PLAIN_INTEGER = Pattern.compile("0|[1-9][0-9]*");
  private static final Pattern ISO = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?"
          + "(Z|[+-][0-9]{2}:[0-9]{2})");
  private static final BigInteger MAX_TS = BigInteger.valueOf(253_402_300_799_999L);
  private static final Object JSON_NULL = new Object();

  /** A JSON number, kept as its literal. */
  private static final class Num {
    final String literal;

    Num(String literal) {
      this.literal = literal;
    }
  }

  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed() {
      super(null, null, false, false);
    }
  }

  private final FieldNames names;
  private final int max;

  public ReferenceClassifier(FieldNames names, int max) {
    this.names = names;
    this.max = max;
  }

  public Result classify(byte[] line) {
    int len = line.length;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    boolean blank = true;
    for (int i = 0; i < len; i++) {
      blank &= line[i] == ' ' || line[i] == '\t';
    }
    if (blank) {
      return new Result(MessageClass.BLANK);
    }
    if (len > max) {
      return new Result(MessageClass.TOO_LONG);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line, 0, len)).toString();
    } catch (CharacterCodingException e) {
      return new Result(MessageClass.MALFORMED);
    }
    Object doc;
    try {
      doc = new Parser(text).document();
    } catch (Malformed e) {
      return new Result(MessageClass.MALFORMED);
    }
    if (!(doc instanceof Map)) {
      return new Result(MessageClass.MALFORMED);
    }
    Map<?, ?> m = (Map<?, ?>) doc;
    Object id = m.get(names.id());
    Object ts = m.get(names.ts());
    Object user = m.get(names.user());
    Object url = m.get(names.url());
    if (!nonEmptyString(id) || !nonEmptyString(user) || !nonEmptyString(url)
        || !(nonEmptyString(ts) || ts instanceof Num)) {
      return new Result(MessageClass.MISSING_FIELD);
    }
    long millis;
    if (ts instanceof Num) {
      String lit = ((Num) ts).literal;
      if (!PLAIN_INTEGER.matcher(lit).matches() || new BigInteger(lit).compareTo(MAX_TS) > 0) {
        return new Result(MessageClass.BAD_TIMESTAMP);
      }
      millis = Long.parseLong(lit);
    } else {
      String s = (String) ts;
      if (!ISO.matcher(s).matches()) {
        return new Result(MessageClass.BAD_TIMESTAMP);
      }
      try {
        millis = OffsetDateTime.parse(s).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        return new Result(MessageClass.BAD_TIMESTAMP);
      }
      if (millis < 0 || millis > MAX_TS.longValue()) {
        return new Result(MessageClass.BAD_TIMESTAMP);
      }
    }
    return new Result(MessageClass.VALID, (String) id, millis, (String) user, (String) url);
  }

  private static boolean nonEmptyString(Object o) {
    return o instanceof String && !((String) o).isEmpty();
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Object document() throws Malformed {
      ws();
      Object v = value();
      ws();
      if (i != s.length()) {
        throw new Malformed();
      }
      return v;
    }

    private void ws() {
      while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private char peek() throws Malformed {
      if (i >= s.length()) {
        throw new Malformed();
      }
      return s.charAt(i);
    }

    private void expect(char c) throws Malformed {
      if (peek() != c) {
        throw new Malformed();
      }
      i++;
    }

    private int objects;

    private Object value() throws Malformed {
      char c = peek();
      switch (c) {
        case '{': {
          i++;
          boolean message = objects++ == 0; // only the message object's own keys must be unique
          Map<String, Object> m = new HashMap<>();
          Set<String> keys = new HashSet<>();
          ws();
          if (peek() == '}') {
            i++;
            return m;
          }
          while (true) {
            ws();
            if (peek() != '"') {
              throw new Malformed();
            }
            String k = string();
            if (!keys.add(k) && message) {
              throw new Malformed();
            }
            ws();
            expect(':');
            ws();
            m.put(k, value());
            ws();
            if (peek() == ',') {
              i++;
            } else {
              expect('}');
              return m;
            }
          }
        }
        case '[': {
          i++;
          List<Object> l = new ArrayList<>();
          ws();
          if (peek() == ']') {
            i++;
            return l;
          }
          while (true) {
            ws();
            l.add(value());
            ws();
            if (peek() == ',') {
              i++;
            } else {
              expect(']');
              return l;
            }
          }
        }
        case '"':
          return string();
        default:
          for (String lit : new String[] {"true", "false", "null"}) {
            if (s.startsWith(lit, i)) {
              i += lit.length();
              return lit.equals("null") ? JSON_NULL : Boolean.valueOf(lit);
            }
          }
          Matcher m = NUMBER.matcher(s).region(i, s.length());
          if (!m.lookingAt()) {
            throw new Malformed();
          }
          i = m.end();
          return new Num(m.group());
      }
    }

    private String string() throws Malformed {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = peek();
        i++;
        if (c == '"') {
          break;
        }
        if (c < 0x20) {
          throw new Malformed();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = peek();
        i++;
        int k = "\"\\/bfnrt".indexOf(e);
        if (k >= 0) {
          b.append("\"\\/\b\f\n\r\t".charAt(k));
        } else if (e == 'u') {
          if (i + 4 > s.length()) {
            throw new Malformed();
          }
          String hex = s.substring(i, i + 4);
          if (!hex.matches("[0-9a-fA-F]{4}")) {
            throw new Malformed();
          }
          b.append((char) Integer.parseInt(hex, 16));
          i += 4;
        } else {
          throw new Malformed();
        }
      }
      String r = b.toString();
      for (int j = 0; j < r.length(); j++) { // unpaired surrogates are malformed (our choice)
        char c = r.charAt(j);
        if (Character.isHighSurrogate(c) && j + 1 < r.length()
            && Character.isLowSurrogate(r.charAt(j + 1))) {
          j++;
        } else if (Character.isSurrogate(c)) {
          throw new Malformed();
        }
      }
      return r;
    }
  }
}
