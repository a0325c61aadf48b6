package io.cachegen.runtime;

/**
 * Computes a value on a cache miss; for example a call to the decorated service. It may throw a checked
 * exception of type {@code X}, which reaches the caller of {@link TieredCache#cacheAside} unchanged.
 *
 * @param <T> the value type
 * @param <X> the checked exception it may throw, or {@code RuntimeException} for none
 */
@FunctionalInterface
public interface Loader<T, X extends Exception> {

  /** Loads the value; {@code null} is a valid result. */
  T load() throws X;
}
