package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy.VarExpiration;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The in-process tier: a bounded Caffeine cache (W-TinyLFU eviction) with a default time to live and
 * a per-entry expiry, so that no entry outlives the TTL it was stored with.
 *
 * <p>An entry stored with {@link #set(Object, Object, Duration)} expires after the shorter of the
 * cache's TTL and the given TTL; {@link #set(Object, Object)} uses the cache's TTL. Time comes from
 * an injectable {@link Ticker}, so expiry can be tested without sleeping.
 *
 * <pre>{@code
 * L1Cache<String, Movie> movies = L1Cache.<String, Movie>builder().maximumSize(10_000).ttl(Duration.ofMinutes(5)).build();
 * movies.set("movie:42", movie, Duration.ofSeconds(30)); // expires after 30 s
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class L1Cache<K, V> implements AutoCloseable {

  /** The default bound on the number of entries: 10,000, as in the original design. */
  public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

  /** The default time to live: 5 minutes, as in the original design. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final Cache<K, V> cache;
  private final VarExpiration<K, V> expiration;
  private final long ttlNanos;

  private L1Cache(Builder<K, V> builder) {
    this.ttlNanos = builder.ttl.toNanos();
    Caffeine<Object, Object> caffeine =
        Caffeine.newBuilder()
            .maximumSize(builder.maximumSize)
            .ticker(builder.ticker)
            .expireAfter(new DefaultTtl<>(ttlNanos));
    if (builder.executor != null) {
      caffeine.executor(builder.executor);
    }
    BiConsumer<? super K, RemovalCause> listener = builder.evictionListener;
    Caffeine<K, V> typed =
        caffeine.<K, V>evictionListener((key, value, cause) -> {
          if (listener != null) {
            listener.accept(key, cause);
          }
        });
    this.cache = typed.build();
    this.expiration = cache.policy().expireVariably().orElseThrow();
  }

  /** A builder with the defaults {@link #DEFAULT_MAXIMUM_SIZE} and {@link #DEFAULT_TTL}. */
  public static <K, V> Builder<K, V> builder() {
    return new Builder<>();
  }

  /** Returns the value stored under {@code key}, or {@code null} if there is none or it has expired. */
  public V get(K key) {
    return cache.getIfPresent(key);
  }

  /** Stores {@code value} for the cache's TTL. */
  public void set(K key, V value) {
    cache.put(key, value);
  }

  /**
   * Stores {@code value} until the shorter of the cache's TTL and {@code ttl} has passed.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  public void set(K key, V value, Duration ttl) {
    long nanos = ttl.toNanos();
    if (nanos <= 0) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    expiration.put(key, value, Duration.ofNanos(Math.min(nanos, ttlNanos)));
  }

  /** Removes the entry for {@code key}, if any. */
  public void delete(K key) {
    cache.invalidate(key);
  }

  /** Removes {@code key} only while it is still mapped to {@code value}; true if it was removed. */
  boolean delete(K key, V value) {
    return cache.asMap().remove(key, value);
  }

  /** Removes every entry. */
  public void clear() {
    cache.invalidateAll();
  }

  /** Whether an unexpired entry exists for {@code key}. */
  public boolean has(K key) {
    return cache.getIfPresent(key) != null;
  }

  /** The number of entries, possibly including some that have expired but are not yet cleaned up. */
  public long size() {
    return cache.estimatedSize();
  }

  /** Runs pending maintenance: expired entries are removed and eviction listeners are called. */
  void cleanUp() {
    cache.cleanUp();
  }

  /** The key set, for prefix removal; a weakly consistent view. */
  Iterable<K> keys() {
    return cache.asMap().keySet();
  }

  /** Removes every entry; the cache may still be used afterwards (Caffeine holds no threads). */
  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** The expiry used for entries stored without an explicit TTL. */
  private static final class DefaultTtl<K, V> implements Expiry<K, V> {
    private final long ttlNanos;

    DefaultTtl(long ttlNanos) {
      this.ttlNanos = ttlNanos;
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
      return ttlNanos;
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
      return ttlNanos;
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /**
   * Builds an {@link L1Cache}. Fails fast on invalid values.
   *
   * @param <K> key type
   * @param <V> value type
   */
  public static final class Builder<K, V> {
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Duration ttl = DEFAULT_TTL;
    private Ticker ticker = Ticker.systemTicker();
    private Executor executor;
    private BiConsumer<? super K, RemovalCause> evictionListener;

    private Builder() {}

    /** The bound on the number of entries; W-TinyLFU chooses what to evict. Must not be negative. */
    public Builder<K, V> maximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException("maximumSize must not be negative but was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /** The longest any entry lives. Must be positive. */
    public Builder<K, V> ttl(Duration ttl) {
      requireNonNull(ttl, "ttl");
      if (ttl.isZero() || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must be positive but was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** The time source; tests pass a fake one. */
    public Builder<K, V> ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Where Caffeine runs maintenance and listeners; tests pass {@code Runnable::run}. */
    public Builder<K, V> executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /** Called for every entry removed by size eviction or expiry (not by delete or clear). */
    public Builder<K, V> evictionListener(BiConsumer<? super K, RemovalCause> listener) {
      this.evictionListener = requireNonNull(listener, "listener");
      return this;
    }

    /** Builds the cache. */
    public L1Cache<K, V> build() {
      return new L1Cache<>(this);
    }
  }
}
