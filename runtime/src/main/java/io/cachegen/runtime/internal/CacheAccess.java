package io.cachegen.runtime.internal;

import io.cachegen.runtime.Loader;
import io.cachegen.runtime.TieredCache;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a generated decorator calls: {@link #of(TieredCache)} gives the access to a cache, or a
 * pass-through that calls the loader every time when the decorator was given no cache. For generated
 * code: no compatibility promise.
 *
 * <p>A cached method first {@linkplain #peek peeks} (an L1 hit, with no allocation and no lambda), and
 * only on a miss calls {@link #get} with a loader:
 *
 * <pre>{@code
 * String key = MovieServiceCacheKeys.getMovie(id);
 * Movie cached = cache.peek(GET_MOVIE, key);
 * if (cached != null) {
 *   return cached;
 * }
 * return cache.get(GET_MOVIE, key, () -> delegate.getMovie(id));
 * }</pre>
 */
public abstract class CacheAccess {
  private static final AtomicReference<Function<TieredCache, CacheAccess>> OPENER = new AtomicReference<>();

  /** For subclasses in the runtime. */
  protected CacheAccess() {}

  /** The access to {@code cache}; a pass-through if {@code cache} is {@code null}. */
  public static CacheAccess of(TieredCache cache) {
    return cache == null ? PassThrough.INSTANCE : OPENER.get().apply(cache);
  }

  /**
   * Called once, by {@link TieredCache}'s static initializer, to say how to open a cache; a second call
   * fails.
   */
  public static void installOpener(Function<TieredCache, CacheAccess> opener) {
    if (!OPENER.compareAndSet(null, opener)) {
      throw new IllegalStateException("the cache opener is already installed");
    }
  }

  /**
   * The value L1 holds for {@code key} as {@code method}'s type, or {@code null}: a miss, a value of
   * another type, or a cached {@code null} (which {@link #get} returns).
   */
  public abstract <T> T peek(CachedMethod<T> method, String key);

  /**
   * The value for {@code key}: from L1, L2, or the loader, which runs once per key at a time; its
   * exception reaches the caller unchanged and nothing is cached.
   */
  public abstract <T, X extends Exception> T get(CachedMethod<T> method, String key, Loader<? extends T, X> loader)
      throws X;

  /** The non-blocking form of {@link #get}: a failed future is not cached. */
  public abstract <T> CompletableFuture<T> getAsync(
      CachedMethod<T> method, String key, Supplier<? extends CompletionStage<? extends T>> loader);

  /** Removes {@code key} from every tier and every instance. */
  public abstract void invalidate(String key);

  /**
   * Removes every key starting with {@code group} (a method's prefix, or a key followed by {@code ':'})
   * from every tier and every instance.
   */
  public abstract void invalidateGroup(String group);

  /** Removes {@code keys} and every key starting with one of {@code groups}, as one invalidation. */
  public abstract void invalidate(List<String> keys, List<String> groups);

  /** No cache: every call goes to the loader, invalidations do nothing. */
  private static final class PassThrough extends CacheAccess {
    static final PassThrough INSTANCE = new PassThrough();

    @Override
    public <T> T peek(CachedMethod<T> method, String key) {
      return null;
    }

    @Override
    public <T, X extends Exception> T get(CachedMethod<T> method, String key, Loader<? extends T, X> loader) throws X {
      return loader.load();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> getAsync(
        CachedMethod<T> method, String key, Supplier<? extends CompletionStage<? extends T>> loader) {
      CompletionStage<? extends T> stage = loader.get();
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException("the loader for key \"" + key + "\" returned null instead of a future"));
      }
      return (CompletableFuture<T>) stage.toCompletableFuture();
    }

    @Override
    public void invalidate(String key) {}

    @Override
    public void invalidateGroup(String group) {}

    @Override
    public void invalidate(List<String> keys, List<String> groups) {}

    @Override
    public String toString() {
      return "CacheAccess{pass-through}";
    }
  }
}
