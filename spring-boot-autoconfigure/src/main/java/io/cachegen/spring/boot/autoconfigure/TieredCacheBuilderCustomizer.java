package io.cachegen.spring.boot.autoconfigure;

import io.cachegen.runtime.TieredCache;

/**
 * Adjusts the builder of the auto-configured {@link TieredCache} after the {@code cachegen.*} properties
 * are applied, for settings that are objects rather than properties (a codec, an executor). Declare one
 * or more as beans; they run in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface TieredCacheBuilderCustomizer {

  /** Customizes {@code builder}. */
  void customize(TieredCache.Builder builder);
}
