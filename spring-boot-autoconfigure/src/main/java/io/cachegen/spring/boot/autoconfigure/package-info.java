/**
 * Spring Boot auto-configuration for cachegen: a {@link io.cachegen.runtime.TieredCache} from the
 * {@code cachegen.*} {@link io.cachegen.spring.boot.autoconfigure.CachegenProperties properties}, every
 * generated decorator registered as the primary bean of its interface, the cache's meters, and a health
 * contributor that reports L2 without ever reporting the application down.
 */
package io.cachegen.spring.boot.autoconfigure;
