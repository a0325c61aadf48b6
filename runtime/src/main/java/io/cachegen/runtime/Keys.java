package io.cachegen.runtime;

import io.cachegen.runtime.internal.KeyParts;
import java.util.Collection;

/**
 * Transitional: generated code moves to {@link KeyParts}. Removed once the processor no longer emits
 * calls to it.
 */
public final class Keys {
  /** What {@code null} renders as. */
  public static final String NULL = KeyParts.NULL;

  private Keys() {}

  /** See {@link KeyParts#part(String)}. */
  public static String part(String s) {
    return KeyParts.part(s);
  }

  /** See {@link KeyParts#part(Enum)}. */
  public static String part(Enum<?> e) {
    return KeyParts.part(e);
  }

  /** See {@link KeyParts#part(Collection)}. */
  public static String part(Collection<?> c) {
    return KeyParts.part(c);
  }

  /** See {@link KeyParts#part(Object)}. */
  public static String part(Object o) {
    return KeyParts.part(o);
  }
}
