package io.cachegen.runtime.micrometer;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.CacheStats;
import io.cachegen.runtime.TieredCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * Publishes a {@link TieredCache}'s statistics as Micrometer meters, named as Micrometer names cache
 * meters, with a {@code cache} tag (the name given here) and a {@code tier} tag ({@code l1} or
 * {@code l2}):
 *
 * <ul>
 *   <li>{@code cache.gets} with {@code result=hit|miss}, per tier;
 *   <li>{@code cache.puts}, loaded values written, {@code tier=l1};
 *   <li>{@code cache.evictions} and {@code cache.size}, {@code tier=l1};
 *   <li>{@code cache.load} with {@code result=success|failure};
 *   <li>{@code cache.errors} ({@code tier=l2}): Redis commands that failed or timed out;
 *   <li>{@code cache.decode.failures} ({@code tier=l2}): values that were not a value of the requested type;
 *   <li>{@code cache.stale} ({@code tier=l2}): values stamped with an outdated group token, read as misses;
 *   <li>{@code cache.messages.rejected} ({@code tier=l2}): malformed, unsigned or forged channel messages;
 *   <li>{@code cache.invalidations.pending} ({@code tier=l2}, a gauge): invalidations waiting for Redis.
 * </ul>
 *
 * <pre>{@code
 * TieredCacheMetrics.monitor(registry, cache, "media");
 * }</pre>
 *
 * <p>Micrometer is an optional dependency of the runtime: only this class needs it.
 */
public final class TieredCacheMetrics implements MeterBinder {
  private final TieredCache cache;
  private final Tags tags;

  /** A binder for {@code cache} under the name {@code name}, with extra tags. */
  public TieredCacheMetrics(TieredCache cache, String name, Iterable<Tag> tags) {
    this.cache = requireNonNull(cache, "cache");
    this.tags = Tags.concat(tags, "cache", requireNonNull(name, "name"));
  }

  /** Binds the meters of {@code cache} to {@code registry} and returns the cache. */
  public static TieredCache monitor(MeterRegistry registry, TieredCache cache, String name, String... tags) {
    new TieredCacheMetrics(cache, name, Tags.of(tags)).bindTo(registry);
    return cache;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "cache.gets", "l1", CacheStats::l1Hits, "result", "hit", "the number of times a lookup was answered");
    counter(registry, "cache.gets", "l1", CacheStats::l1Misses, "result", "miss", "the number of times a lookup was not answered");
    counter(registry, "cache.gets", "l2", CacheStats::l2Hits, "result", "hit", "the number of times a lookup was answered");
    counter(registry, "cache.gets", "l2", CacheStats::l2Misses, "result", "miss", "the number of times a lookup was not answered");
    counter(registry, "cache.puts", "l1", CacheStats::loads, null, null, "values loaded and put in the cache");
    counter(registry, "cache.evictions", "l1", CacheStats::evictions, null, null, "entries removed by the size or weight bound");
    counter(registry, "cache.load", "l1", CacheStats::loads, "result", "success", "loader calls that returned a value");
    counter(registry, "cache.load", "l1", CacheStats::loadFailures, "result", "failure", "loader calls that failed");
    counter(registry, "cache.errors", "l2", CacheStats::l2Errors, null, null, "Redis commands that failed or timed out");
    counter(registry, "cache.decode.failures", "l2", CacheStats::decodeFailures, null, null, "values in Redis that did not decode");
    counter(registry, "cache.stale", "l2", CacheStats::staleRejected, null, null, "values in Redis older than an invalidation");
    counter(registry, "cache.messages.rejected", "l2", CacheStats::malformedMessages, null, null,
        "malformed, unsigned or forged messages on the invalidation channels");
    Gauge.builder("cache.invalidations.pending", cache, c -> c.stats().pendingInvalidations())
        .tags(tags)
        .tag("tier", "l2")
        .description("invalidations waiting to reach Redis")
        .register(registry);
    Gauge.builder("cache.size", cache, c -> c.stats().l1Size())
        .tags(tags)
        .tag("tier", "l1")
        .description("the number of entries in L1")
        .register(registry);
  }

  private void counter(
      MeterRegistry registry, String name, String tier, ToLongFunction<CacheStats> value, String tagKey, String tagValue,
      String description) {
    FunctionCounter.Builder<TieredCache> builder =
        FunctionCounter.builder(name, cache, c -> value.applyAsLong(c.stats()))
            .tags(tags)
            .tag("tier", tier)
            .description(description);
    if (tagKey != null) {
      builder.tag(tagKey, tagValue);
    }
    builder.register(registry);
  }
}
