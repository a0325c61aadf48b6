package io.cachegen.spring.boot.autoconfigure;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.CacheHealth;
import io.cachegen.runtime.TieredCache;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The cache's health: always {@code UP}, since the cache serves from L1 and the application's own code
 * whatever Redis does (Redis is an accelerator, and a cache outage must not take an instance out of a
 * load balancer), with the state of L2 in the details:
 *
 * <ul>
 *   <li>{@code l2}: {@code DISABLED} (L1 only by configuration), {@code UP}, {@code CONNECTING},
 *       {@code BREAKER_OPEN}, {@code RECOVERING}, {@code DEGRADED} or {@code REFUSED};
 *   <li>{@code l2InUse}: whether reads and writes reach Redis right now;
 *   <li>{@code detail}: one line for humans, never a password;
 *   <li>{@code pendingInvalidations}: invalidations waiting to reach Redis.
 * </ul>
 */
public class CachegenHealthIndicator implements HealthIndicator {
  private final TieredCache cache;

  /** The health of {@code cache}. */
  public CachegenHealthIndicator(TieredCache cache) {
    this.cache = requireNonNull(cache, "cache");
  }

  @Override
  public Health health() {
    CacheHealth health = cache.health();
    return Health.up()
        .withDetail("l2", health.state().name())
        .withDetail("l2InUse", health.l2InUse())
        .withDetail("detail", health.detail())
        .withDetail("pendingInvalidations", health.pendingInvalidations())
        .build();
  }
}
