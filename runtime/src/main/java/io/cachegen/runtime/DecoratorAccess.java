package io.cachegen.runtime;

import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.CachedMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** What generated decorators call on a {@link TieredCache}: the hit path without allocation, the rest through {@link Reads}. */
final class DecoratorAccess extends CacheAccess {
  private final CacheCore core;
  private final ConcurrentHashMap<CachedMethod<?>, Spec<?>> specs = new ConcurrentHashMap<>();

  DecoratorAccess(CacheCore core) {
    this.core = core;
  }

  @Override
  public <T> T peek(CachedMethod<T> method, String key) {
    return method.l1() ? core.reads.peek(method, key) : null;
  }

  @Override
  public <T, X extends Exception> T get(CachedMethod<T> method, String key, Loader<? extends T, X> loader) throws X {
    return core.reads.get(spec(method), key, loader);
  }

  @Override
  public <T> CompletableFuture<T> getAsync(
      CachedMethod<T> method, String key, Supplier<? extends CompletionStage<? extends T>> loader) {
    return core.reads.getAsync(spec(method), key, loader);
  }

  @Override
  public void invalidate(String key) {
    core.writes.invalidate(List.of(key), List.of());
  }

  @Override
  public void invalidateGroup(String group) {
    core.writes.invalidate(List.of(), List.of(group));
  }

  @Override
  public void invalidate(List<String> keys, List<String> groups) {
    core.writes.invalidate(keys, groups);
  }

  @SuppressWarnings("unchecked")
  private <T> Spec<T> spec(CachedMethod<T> method) {
    Spec<?> spec = specs.get(method);
    if (spec == null) {
      spec = specs.computeIfAbsent(method, m -> Spec.of(method));
    }
    return (Spec<T>) spec;
  }

  @Override
  public String toString() {
    return "CacheAccess{" + core.l2Description() + "}";
  }
}
