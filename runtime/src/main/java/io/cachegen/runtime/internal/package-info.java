/**
 * Support for the code the cachegen processor generates: {@link io.cachegen.runtime.internal.CacheAccess}
 * (what a decorator calls), {@link io.cachegen.runtime.internal.CachedMethod} (one cached method's
 * settings, kept in a constant) and {@link io.cachegen.runtime.internal.KeyParts} (key rendering).
 *
 * <p><b>For generated code only: no compatibility promise.</b> These types may change in any release, as
 * {@code dagger.internal} does; applications use {@link io.cachegen.runtime.TieredCache} and the generated
 * {@code XxxCacheKeys} classes instead.
 */
package io.cachegen.runtime.internal;
