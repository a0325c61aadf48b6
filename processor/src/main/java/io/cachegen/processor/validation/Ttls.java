package io.cachegen.processor.validation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the TTL syntax of {@code @Cached}: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601. */
public final class Ttls {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Ttls() {}

  /** The result of parsing: a positive duration, or why the text is not one. */
  public record Parsed(Duration duration, String problem) {
    /** Whether the text was a positive duration. */
    public boolean ok() {
      return duration != null;
    }
  }

  /** Parses {@code text}; the result says why it is not a positive duration if it is not. */
  public static Parsed parse(String text) {
    Duration d;
    Matcher m = SHORT.matcher(text);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else if (text.startsWith("P") || text.startsWith("-P") || text.startsWith("+P")) {
        d = Duration.parse(text);
      } else if (text.startsWith("-") && SHORT.matcher(text.substring(1)).matches()) {
        return new Parsed(null, "is negative");
      } else {
        return new Parsed(null, "is not a duration");
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return new Parsed(null, "is too long");
    } catch (DateTimeParseException e) {
      return new Parsed(null, "is not a duration");
    }
    if (d.isZero()) {
      return new Parsed(null, "is zero");
    }
    if (d.isNegative()) {
      return new Parsed(null, "is negative");
    }
    return new Parsed(d, null);
  }

  /** A duration in words, with its largest exact unit: {@code 5 minutes}, {@code 1500 milliseconds}. */
  public static String describe(Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (nanos == 0) {
      if (seconds % 86_400 == 0) {
        return plural(seconds / 86_400, "day");
      }
      if (seconds % 3_600 == 0) {
        return plural(seconds / 3_600, "hour");
      }
      if (seconds % 60 == 0) {
        return plural(seconds / 60, "minute");
      }
      return plural(seconds, "second");
    }
    if (nanos % 1_000_000 == 0) {
      return plural(d.toMillis(), "millisecond");
    }
    return d.toString();
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
