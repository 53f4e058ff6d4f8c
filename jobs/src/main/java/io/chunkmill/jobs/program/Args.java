package io.chunkmill.jobs.program;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line arguments of a program, after Hadoop's generic options were taken out by
 * {@code ToolRunner}: {@code --name value} options, {@code --flag} switches and positional
 * arguments. Unknown options are errors, so that a typo never silently changes what runs.
 */
public final class Args {
  private final Map<String, String> options;
  private final List<String> positional;

  private Args(Map<String, String> options, List<String> positional) {
    this.options = options;
    this.positional = positional;
  }

  /** Thrown for arguments that do not fit the program's usage; the message says why. */
  public static final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args}. {@code withValue} names the options that take a value, {@code flags} the
   * switches; both without their leading dashes. {@code --} ends the options.
   */
  public static Args parse(String[] args, Set<String> withValue, Set<String> flags) {
    Map<String, String> options = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        positional.addAll(List.of(args).subList(i + 1, args.length));
        break;
      }
      if (a.startsWith("--") && a.length() > 2) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name) && value == null) {
          options.put(name, "true");
        } else if (withValue.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException("option --" + name + " needs a value");
            }
            value = args[++i];
          }
          options.put(name, value);
        } else {
          throw new UsageException("unknown option --" + name);
        }
      } else {
        positional.add(a);
      }
    }
    return new Args(options, Collections.unmodifiableList(positional));
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }

  public String get(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public String required(String name) {
    String v = options.get(name);
    if (v == null || v.isEmpty()) {
      throw new UsageException("option --" + name + " is required");
    }
    return v;
  }

  public long getLong(String name, long fallback) {
    String v = options.get(name);
    try {
      return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
    }
  }

  public int getInt(String name, int fallback) {
    long v = getLong(name, fallback);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new UsageException("--" + name + " is out of range: " + v);
    }
    return (int) v;
  }

  public double getDouble(String name, double fallback) {
    String v = options.get(name);
    try {
      return v == null ? fallback : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a number, not '" + v + "'");
    }
  }

  /** A {@code YYYY-MM-DD} option, or null when absent. */
  public LocalDate getDate(String name) {
    String v = options.get(name);
    if (v == null) {
      return null;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new UsageException("--" + name + " takes a date YYYY-MM-DD, not '" + v + "'");
    }
  }

  public List<String> positional() {
    return positional;
  }
}
