package io.cachegen.runtime;

import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.CachedMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** What generated decorators call on a {@link TieredCache}. */
final class DecoratorAccess extends CacheAccess {
  private final TieredCache cache;
  private final ConcurrentHashMap<CachedMethod<?>, CacheSpec<?>> specs = new ConcurrentHashMap<>();

  DecoratorAccess(TieredCache cache) {
    this.cache = cache;
  }

  @Override
  public <T> T peek(CachedMethod<T> method, String key) {
    return method.l1() ? cache.peek(key, method.type()) : null;
  }

  @Override
  public <T, X extends Exception> T get(CachedMethod<T> method, String key, Loader<? extends T, X> loader) throws X {
    return cache.cacheAside(key, spec(method), loader);
  }

  @Override
  public <T> CompletableFuture<T> getAsync(
      CachedMethod<T> method, String key, Supplier<? extends CompletionStage<? extends T>> loader) {
    return cache.cacheAsideAsync(key, spec(method), loader);
  }

  @Override
  public void invalidate(String key) {
    cache.delete(key);
  }

  @Override
  public void invalidateGroup(String group) {
    cache.invalidatePrefix(group);
  }

  @Override
  public void invalidate(List<String> keys, List<String> groups) {
    cache.invalidate(keys, groups);
  }

  @SuppressWarnings("unchecked")
  private <T> CacheSpec<T> spec(CachedMethod<T> method) {
    return (CacheSpec<T>) specs.computeIfAbsent(method, m -> {
      CacheSpec<T> spec = CacheSpec.of(method.type(), method.ttl()).withL1(method.l1()).withCacheNulls(method.cacheNulls());
      return spec.named(method.name());
    });
  }
}
