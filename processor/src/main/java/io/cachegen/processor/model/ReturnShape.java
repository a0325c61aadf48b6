package io.cachegen.processor.model;

/** How a cached method's return value relates to the value in the cache. */
public enum ReturnShape {
  /** A reference type, cached as it is. */
  VALUE,
  /** A primitive, cached as its box and unboxed on return. */
  PRIMITIVE,
  /** {@code Optional<T>}: {@code T} is cached, empty as {@code null}. */
  OPTIONAL,
  /** {@code CompletableFuture<T>} or {@code CompletionStage<T>}: {@code T} is cached without blocking. */
  FUTURE
}
