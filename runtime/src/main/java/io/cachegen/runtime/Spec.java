package io.cachegen.runtime;

import io.cachegen.runtime.internal.CachedMethod;
import java.time.Duration;

/**
 * How one lookup caches its value: the type (and its fingerprint), the TTL, whether it goes to L1,
 * whether {@code null} is cached, the declared prefix of its keys ({@code null} for hand-written calls),
 * and a name for log messages. Immutable.
 */
record Spec<T>(String name, String prefix, TypeRef<T> type, long fingerprint, Duration ttl, boolean l1, boolean cacheNulls) {

  static <T> Spec<T> of(CachedMethod<T> method) {
    return new Spec<>(
        method.name(), method.prefix(), method.type(), method.type().fingerprint(), method.ttl(), method.l1(),
        method.cacheNulls());
  }

  /** A hand-written lookup: no declared prefix, L1 and L2, nulls not cached. */
  static <T> Spec<T> of(TypeRef<T> type, Duration ttl) {
    return new Spec<>(type.toString(), null, type, type.fingerprint(), ttl, true, false);
  }

  /** Whether the value is the raw bytes of the byte-level API. */
  boolean isBytes() {
    return fingerprint == Envelope.BYTES;
  }
}
