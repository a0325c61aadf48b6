/**
 * The cachegen runtime: {@link io.cachegen.runtime.TieredCache}, the two-tier cache that generated
 * decorators call (L1 Caffeine in process, L2 Redis through Lettuce), with its configuration
 * ({@link io.cachegen.runtime.CacheConfig}), value codec ({@link io.cachegen.runtime.ValueCodec}),
 * statistics ({@link io.cachegen.runtime.CacheStats}). What generated code calls is in
 * {@link io.cachegen.runtime.internal}.
 */
package io.cachegen.runtime;
