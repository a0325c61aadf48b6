package io.cachegen.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration syntax shared by {@code @Cached(ttl)} and the configuration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601. */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a positive duration.
   *
   * @throws IllegalArgumentException naming the setting and the value if it is malformed or not positive
   */
  static Duration parse(String setting, String text) {
    String s = text.trim();
    Duration d;
    Matcher m = SHORT.matcher(s);
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
      } else {
        d = Duration.parse(s);
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          setting + " must be a duration such as 500ms, 30s, 5m, 2h, 1d or PT5M but was \"" + text + "\"", e);
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(setting + " must be positive but was \"" + text + "\"");
    }
    return d;
  }
}
