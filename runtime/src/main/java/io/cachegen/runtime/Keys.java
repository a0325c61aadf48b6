package io.cachegen.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * Renders key parts so that a key names exactly one argument list: the generated {@code XxxCacheKeys}
 * classes call these methods, and code that builds keys by hand may too.
 *
 * <p>Parts are joined with {@code ':'}. A text part has its separators escaped the way URLs escape
 * them: {@code %} as {@code %25}, {@code :} as {@code %3A}, {@code ,} as {@code %2C}, {@code [} as
 * {@code %5B} and {@code ]} as {@code %5D}; {@code null} renders as {@code %00}, which no text renders
 * to. So {@code ("a:b", "c")} and {@code ("a", "b:c")} give {@code a%3Ab:c} and {@code a:b%3Ac}, and
 * {@code null} differs from {@code "null"}. A collection renders as {@code [a,b,c]}, an empty text element
 * as {@code %E} (so that {@code [""]} differs from {@code []}); a {@link Set} that is not a
 * {@link SortedSet} is rendered in sorted order, so that equal sets give equal keys.
 * Primitives are appended as they are: their text never holds a separator.
 */
public final class Keys {

  /** What {@code null} renders as. */
  public static final String NULL = "%00";

  /** What an empty text renders as inside a collection. */
  public static final String EMPTY_ELEMENT = "%E";

  private Keys() {}

  /** The text {@code s}, escaped; {@link #NULL} for {@code null}. */
  public static String part(String s) {
    if (s == null) {
      return NULL;
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (isSpecial(s.charAt(i))) {
        return escape(s, i);
      }
    }
    return s;
  }

  /** An enum constant by its {@link Enum#name() name}; {@link #NULL} for {@code null}. */
  public static String part(Enum<?> e) {
    return e == null ? NULL : e.name();
  }

  /**
   * A collection as {@code [a,b,c]}, each element rendered by {@link #part(Object)}; a hash set in
   * sorted order. {@link #NULL} for {@code null}.
   */
  public static String part(Collection<?> c) {
    if (c == null) {
      return NULL;
    }
    List<String> parts = new ArrayList<>(c.size());
    for (Object element : c) {
      String part = part(element);
      parts.add(part.isEmpty() ? EMPTY_ELEMENT : part);
    }
    if (c instanceof Set && !(c instanceof SortedSet)) {
      parts.sort(null);
    }
    return "[" + String.join(",", parts) + "]";
  }

  /**
   * Any supported value: an enum by name, a collection as {@link #part(Collection)}, anything else
   * (boxes, {@code UUID}, {@code java.time} values, {@code BigInteger}, {@code BigDecimal}) by its
   * escaped {@code toString()}. {@link #NULL} for {@code null}.
   */
  public static String part(Object o) {
    if (o == null) {
      return NULL;
    }
    if (o instanceof Enum) {
      return ((Enum<?>) o).name();
    }
    if (o instanceof Collection) {
      return part((Collection<?>) o);
    }
    return part(o.toString());
  }

  /**
   * Escapes the glob characters {@code * ? [ ] \} so that {@code prefix} matches itself literally in a
   * Redis {@code SCAN MATCH} pattern.
   */
  public static String globEscape(String prefix) {
    StringBuilder sb = null;
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        if (sb == null) {
          sb = new StringBuilder(prefix.length() + 8).append(prefix, 0, i);
        }
        sb.append('\\');
      }
      if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? prefix : sb.toString();
  }

  private static boolean isSpecial(char c) {
    return c == '%' || c == ':' || c == ',' || c == '[' || c == ']';
  }

  private static String escape(String s, int from) {
    StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, from);
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '%' -> sb.append("%25");
        case ':' -> sb.append("%3A");
        case ',' -> sb.append("%2C");
        case '[' -> sb.append("%5B");
        case ']' -> sb.append("%5D");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
