package io.cachegen.runtime.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * Renders key parts so that a key names exactly one argument list, as a Java string and as the UTF-8
 * bytes Redis sees. The generated {@code XxxCacheKeys} classes call these methods. For generated code:
 * no compatibility promise.
 *
 * <p>Parts are joined with {@code ':'}. A text part has its separators escaped the way URLs escape
 * them: {@code %} as {@code %25}, {@code :} as {@code %3A}, {@code ,} as {@code %2C}, {@code [} as
 * {@code %5B} and {@code ]} as {@code %5D}; a lone (unpaired) surrogate, which UTF-8 cannot encode and
 * Redis would receive as {@code ?}, as {@code %u} and its four hex digits ({@code %uD800}); {@code null}
 * renders as {@code %00}, which no text renders to. So {@code ("a:b", "c")} and {@code ("a", "b:c")} give
 * {@code a%3Ab:c} and {@code a:b%3Ac}, {@code null} differs from {@code "null"}, and {@code "\uD800"}
 * differs from {@code "?"} in Redis too. A collection renders as {@code [a,b,c]}, an empty text element
 * as {@code %E} (so that {@code [""]} differs from {@code []}); a {@link Set} that is not a
 * {@link SortedSet} is rendered in sorted order, so that equal sets give equal keys. Every escape starts
 * with {@code %}, and the escapes are prefix-free, so rendering is injective. Primitives are appended as
 * they are: their text never holds a separator.
 */
public final class KeyParts {

  /** What {@code null} renders as. */
  public static final String NULL = "%00";

  /** What an empty text renders as inside a collection. */
  public static final String EMPTY_ELEMENT = "%E";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private KeyParts() {}

  /** The text {@code s}, escaped; {@link #NULL} for {@code null}. */
  public static String part(String s) {
    if (s == null) {
      return NULL;
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isSpecial(c) || (Character.isSurrogate(c) && !pairedAt(s, i))) {
        return escape(s, i);
      }
      if (Character.isHighSurrogate(c)) {
        i++; // a valid pair: skip its low half
      }
    }
    return s;
  }

  /** One character, escaped like a one-character text. */
  public static String part(char c) {
    return part(String.valueOf(c));
  }

  /** One character, escaped like a one-character text; {@link #NULL} for {@code null}. */
  public static String part(Character c) {
    return c == null ? NULL : part(c.charValue());
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

  /** Whether {@code s} encodes to UTF-8 without loss: it holds no unpaired surrogate. */
  public static boolean isWellFormed(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!pairedAt(s, i)) {
          return false;
        }
        i++;
      }
    }
    return true;
  }

  private static boolean isSpecial(char c) {
    return c == '%' || c == ':' || c == ',' || c == '[' || c == ']';
  }

  /** Whether the surrogate at {@code i} is the high half of a valid pair. */
  private static boolean pairedAt(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
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
        default -> {
          if (!Character.isSurrogate(c)) {
            sb.append(c);
          } else if (pairedAt(s, i)) {
            sb.append(c).append(s.charAt(++i));
          } else {
            sb.append("%u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
          }
        }
      }
    }
    return sb.toString();
  }
}
