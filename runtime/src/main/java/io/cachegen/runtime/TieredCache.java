package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cachegen.runtime.internal.CacheAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-tier cache: L1 in process (Caffeine, W-TinyLFU), L2 shared (Redis through Lettuce).
 *
 * <pre>{@code
 * try (TieredCache cache = TieredCache.builder().redisUri("redis://localhost:6379").build()) {
 *   Movie movie = cache.cacheAside("movie:42", Duration.ofMinutes(5), TypeRef.of(Movie.class), () -> db.findMovie(42));
 * }
 * }</pre>
 *
 * <h2>Reads</h2>
 * L1 hit: returned at once. L1 miss: Redis {@code GET}; an L2 hit is decoded with the exact type, put in
 * L1 for the rest of its Redis TTL (at most the L1 TTL) and returned. L2 miss: the loader runs once per
 * key in this JVM (concurrent callers wait for that one load), and the value is put in L1 and written to
 * Redis without making the caller wait.
 *
 * <h2>Writes and invalidation</h2>
 * {@link #set}, {@link #delete}, {@link #invalidatePrefix} and {@link #invalidate} change both tiers,
 * publish the change on an invalidation channel and return once every other instance on the same Redis
 * has acknowledged dropping those keys from its L1 (then the change is applied once more, so a value
 * another instance loaded before it cannot survive it). A value loaded before an invalidation is never
 * stored after it, in either tier. An instance whose channel connection drops clears its L1 when it
 * drops and when it comes back, since it may have missed invalidations.
 *
 * <h2>Failures</h2>
 * Redis is an accelerator, never a dependency: if it is unreachable when the cache is built or later,
 * {@link Builder#build()} still succeeds and every operation falls back to L1 and the loader while the
 * client reconnects in the background. No exception caused by Redis reaches the caller; failures are
 * counted in {@link #stats()} and logged without flooding. A value in Redis that does not decode is a
 * miss: counted, removed and logged once per value type.
 *
 * <p>Values in L1 are shared between callers: cache immutable values (records are ideal). Thread-safe.
 */
public final class TieredCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TieredCache.class);

  /** The default channel on which instances tell each other what they invalidated. */
  public static final String DEFAULT_INVALIDATION_CHANNEL = "cachegen:invalidations";

  /** The default limit on the encoded size of a value written to L2: 1 MiB. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

  static {
    CacheAccess.installOpener(cache -> cache.access);
  }

  private final L1Cache<String, L1Value> l1;
  private final CacheAccess access = new DecoratorAccess(this);
  private final RedisTier redis;
  private final ValueCodec codec;
  private final Executor executor;
  private final StatsCounter stats = new StatsCounter();
  private final Fences fences = new Fences();
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final Set<String> decodeFailuresLogged = ConcurrentHashMap.newKeySet();
  private final int maxValueBytes;
  private final Duration l1Ttl;

  private TieredCache(Builder builder) {
    this.codec = builder.codec == null ? new JacksonValueCodec() : builder.codec;
    this.l1Ttl = builder.l1Ttl;
    this.executor = builder.executor;
    this.maxValueBytes = builder.maxValueBytes;
    L1Cache.Builder<String, L1Value> l1Builder =
        L1Cache.<String, L1Value>builder()
            .maximumSize(builder.l1MaximumSize)
            .ttl(builder.l1Ttl)
            .ticker(builder.ticker)
            .evictionListener((key, cause) -> stats.evictions.increment());
    if (builder.l1Executor != null) {
      l1Builder.executor(builder.l1Executor);
    }
    this.l1 = l1Builder.build();
    this.redis =
        builder.redisUri == null
            ? null
            : new RedisTier(
                builder.redisUri,
                builder.connectTimeout,
                builder.commandTimeout,
                builder.invalidationChannel,
                UUID.randomUUID().toString(),
                new RemoteInvalidations(),
                stats);
  }

  /** An L1-only cache with the defaults: the embedded mode, with nothing to connect to. */
  public static TieredCache inMemory() {
    return builder().build();
  }

  /** A builder; without {@link Builder#redisUri} the cache is L1 only. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // Byte-level operations, as in the original design

  /**
   * The bytes stored under {@code key}, from L1 or else L2; {@code null} on a miss. A value stored
   * through the typed methods is returned encoded.
   */
  public byte[] get(String key) {
    requireNonNull(key, "key");
    L1Value v = l1.get(key);
    if (v != null) {
      stats.l1Hits.increment();
      return v.bytes != null ? v.bytes.clone() : codec.encode(v.value, v.type);
    }
    stats.l1Misses.increment();
    if (redis == null) {
      return null;
    }
    long stamp = fences.stamp(key);
    RedisTier.Entry entry = redis.await(redis.get(key, true));
    if (entry == null) {
      return null; // L2 unreachable: already counted as an error
    }
    if (entry == RedisTier.Entry.MISS) {
      stats.l2Misses.increment();
      return null;
    }
    stats.l2Hits.increment();
    fillL1(key, L1Value.ofBytes(entry.value()), entry.l1Ttl(l1Ttl), stamp);
    return entry.value().clone();
  }

  /**
   * Stores {@code value} under {@code key} for {@code ttl} in both tiers, and tells the other instances
   * to drop their L1 copies.
   */
  public void set(String key, byte[] value, Duration ttl) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    requirePositive(ttl);
    write(key, L1Value.ofBytes(value.clone()), value, ttl);
  }

  /**
   * Removes {@code key} from L1 and L2, and from the L1 of every other instance. Returns once Redis has
   * removed it and the other instances have confirmed (or could not be reached).
   */
  public void delete(String key) {
    requireNonNull(key, "key");
    invalidate(List.of(key), List.of());
  }

  /** Whether {@code key} holds a value in L1 or L2. */
  public boolean exists(String key) {
    requireNonNull(key, "key");
    if (l1.has(key)) {
      return true;
    }
    if (redis == null) {
      return false;
    }
    Boolean exists = redis.await(redis.exists(key));
    return exists != null && exists;
  }

  /**
   * Removes every key that starts with {@code prefix}, taken literally (glob characters are escaped),
   * from L1, from L2 ({@code SCAN MATCH} and {@code UNLINK} in batches, never {@code KEYS}) and from the
   * L1 of every other instance. Returns once L2 has been swept (or could not be reached).
   */
  public void invalidatePrefix(String prefix) {
    requireNonNull(prefix, "prefix");
    invalidate(List.of(), List.of(prefix));
  }

  /**
   * Removes every key in {@code keys} and every key starting with a prefix in {@code prefixes}, from L1,
   * L2 and the L1 of every other instance, as one invalidation: the commands are pipelined and the other
   * instances hear of it in one message. This is what a write method with several {@code @Invalidates}
   * calls. Returns once Redis and the other instances have confirmed (or could not be reached).
   */
  public void invalidate(List<String> keys, List<String> prefixes) {
    requireNonNull(keys, "keys");
    requireNonNull(prefixes, "prefixes");
    if (!prefixes.isEmpty()) {
      fences.bumpAll();
    }
    List<CompletableFuture<Long>> unlinks = new ArrayList<>(keys.size());
    for (String key : keys) {
      synchronized (fences.lock(requireNonNull(key, "key"))) {
        fences.bump(key);
        if (redis != null) {
          unlinks.add(redis.unlinkAsync(key));
        }
      }
      l1.delete(key);
    }
    removeL1Prefixes(prefixes);
    if (redis != null && !(keys.isEmpty() && prefixes.isEmpty())) {
      redis.finishInvalidation(keys, unlinks, prefixes);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Typed operations

  /**
   * The value under {@code key} decoded as {@code type}, from L1 or else L2; {@code null} on a miss or
   * if the stored value does not decode.
   */
  public <T> T getJson(String key, TypeRef<T> type) {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    CacheSpec<T> spec = CacheSpec.of(type, l1Ttl);
    L1Value v = l1.get(key);
    if (v != null) {
      Lookup<T> hit = fromL1(key, v, spec);
      if (hit != null) {
        stats.l1Hits.increment();
        return hit.value;
      }
    }
    stats.l1Misses.increment();
    Lookup<T> hit = readL2(key, spec, fences.stamp(key));
    return hit == null ? null : hit.value;
  }

  /**
   * Stores {@code value} under {@code key} for {@code ttl}, encoded by its runtime class. Use the
   * {@link #setJson(String, Object, TypeRef, Duration) typed overload} for generic values.
   *
   * @throws CacheException if the codec cannot encode the value
   */
  public void setJson(String key, Object value, Duration ttl) {
    requireNonNull(value, "value");
    setJson(key, value, TypeRef.ofType(value.getClass()), ttl);
  }

  /**
   * Stores {@code value} under {@code key} for {@code ttl} in both tiers, and tells the other instances
   * to drop their L1 copies.
   *
   * @throws CacheException if the codec cannot encode the value
   */
  public <T> void setJson(String key, T value, TypeRef<? super T> type, Duration ttl) {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requirePositive(ttl);
    byte[] bytes;
    try {
      bytes = codec.encode(value, type);
    } catch (RuntimeException e) {
      throw new CacheException("cannot encode a value of " + type + " for key \"" + key + "\"", e);
    }
    write(key, L1Value.ofObject(value, type), bytes, ttl);
  }

  /**
   * The value under {@code key}, or else the loader's, which is then cached for {@code ttl}.
   *
   * @see #cacheAside(String, CacheSpec, Loader)
   */
  public <T, X extends Exception> T cacheAside(
      String key, Duration ttl, TypeRef<T> type, Loader<? extends T, X> loader) throws X {
    return cacheAside(key, CacheSpec.of(type, ttl), loader);
  }

  /**
   * The value under {@code key}: from L1, else from L2, else from the loader, which runs once per key in
   * this JVM at a time while concurrent callers wait for its result (or its exception). The loaded
   * value is put in L1 and written to L2 without delaying the caller; {@code null} only if the spec
   * caches nulls. An exception from the loader reaches the caller unchanged and nothing is cached.
   */
  public <T, X extends Exception> T cacheAside(String key, CacheSpec<T> spec, Loader<? extends T, X> loader)
      throws X {
    if (spec.l1()) {
      L1Value v = l1.get(key);
      if (v != null && v.type == spec.type()) {
        stats.l1Hits.increment();
        @SuppressWarnings("unchecked")
        T value = (T) v.value;
        return value;
      }
      return cacheAsideSlow(key, spec, loader, v);
    }
    return cacheAsideSlow(key, spec, loader, null);
  }

  private <T, X extends Exception> T cacheAsideSlow(
      String key, CacheSpec<T> spec, Loader<? extends T, X> loader, L1Value l1Value) throws X {
    requireNonNull(key, "key");
    requireNonNull(loader, "loader");
    if (l1Value != null) {
      Lookup<T> hit = fromL1(key, l1Value, spec);
      if (hit != null) {
        stats.l1Hits.increment();
        return hit.value;
      }
    }
    if (spec.l1()) {
      stats.l1Misses.increment();
    }
    Flight flight = new Flight(spec.type(), Thread.currentThread(), fences.stamp(key));
    Flight running = join(key, flight);
    if (running != null) {
      if (running.type.equals(spec.type()) && running.owner != Thread.currentThread()) {
        return running.await();
      }
      // A different type under the same key, or a loader that reads its own key: load without sharing.
      return loader.load();
    }
    try {
      long stamp = flight.stamp;
      Lookup<T> hit = readL2(key, spec, stamp);
      if (hit != null) {
        flight.result.complete(hit.value);
        return hit.value;
      }
      T value;
      try {
        value = loader.load();
      } catch (Throwable t) {
        stats.loadFailures.increment();
        flight.result.completeExceptionally(t);
        throw t;
      }
      stats.loads.increment();
      store(key, spec, value, stamp);
      flight.result.complete(value);
      return value;
    } finally {
      flights.remove(key, flight);
    }
  }

  /**
   * The non-blocking form of {@link #cacheAside(String, CacheSpec, Loader)} for loaders that return a
   * future: no thread waits for Redis or for the load. Concurrent callers of one key share one load. A
   * failed future is never cached, and its exception reaches every caller unwrapped. Work after a Redis
   * reply runs on the builder's {@link Builder#executor executor}.
   */
  public <T> CompletableFuture<T> cacheAsideAsync(
      String key, CacheSpec<T> spec, Supplier<? extends CompletionStage<? extends T>> loader) {
    requireNonNull(key, "key");
    requireNonNull(loader, "loader");
    if (spec.l1()) {
      L1Value v = l1.get(key);
      if (v != null) {
        Lookup<T> hit = fromL1(key, v, spec);
        if (hit != null) {
          stats.l1Hits.increment();
          return CompletableFuture.completedFuture(hit.value);
        }
      }
      stats.l1Misses.increment();
    }
    Flight flight = new Flight(spec.type(), null, fences.stamp(key));
    Flight running = join(key, flight);
    if (running != null && running.type.equals(spec.type())) {
      return forward(running.result);
    }
    Flight mine = running == null ? flight : new Flight(spec.type(), null, flight.stamp); // another type: unshared
    long stamp = mine.stamp;
    CompletableFuture<RedisTier.Entry> l2 =
        redis == null ? CompletableFuture.completedFuture(null) : redis.get(key, spec.l1());
    if (!l2.isDone()) {
      l2 = l2.thenApplyAsync(entry -> entry, executor); // off the Redis I/O thread before decoding or loading
    }
    l2.thenCompose(entry -> {
          Lookup<T> hit = decodeL2(key, spec, entry, stamp);
          if (hit != null) {
            return CompletableFuture.completedFuture(hit.value);
          }
          CompletionStage<? extends T> stage = loader.get();
          if (stage == null) {
            throw new NullPointerException("the loader for key \"" + key + "\" returned null instead of a future");
          }
          return stage.thenApply(value -> {
                stats.loads.increment();
                store(key, spec, value, stamp);
                return value;
              });
        })
        .whenComplete((value, error) -> {
          flights.remove(key, mine);
          if (error != null) {
            stats.loadFailures.increment();
            mine.result.completeExceptionally(unwrap(error));
          } else {
            mine.result.complete(value);
          }
        });
    return forward(mine.result);
  }

  /** The L1 value for {@code key} if it holds a non-null {@code type}; null otherwise. Counts only hits. */
  <T> T peek(String key, TypeRef<T> type) {
    L1Value v = l1.get(key);
    if (v != null && v.value != null && (v.type == type || type.equals(v.type))) {
      stats.l1Hits.increment();
      @SuppressWarnings("unchecked")
      T value = (T) v.value;
      return value;
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection

  /** A snapshot of the counters. */
  public CacheStats stats() {
    return stats.snapshot(l1.size());
  }

  /** What L2 is doing: for health endpoints and logs. */
  public CacheHealth health() {
    if (redis == null) {
      return new CacheHealth(L2State.DISABLED, "no L2 configured", 0);
    }
    boolean up = redis.available();
    return new CacheHealth(up ? L2State.UP : L2State.CONNECTING, redis.toString(), redis.pendingInvalidations());
  }

  /** Whether an L2 is configured and currently connected. */
  public boolean isL2Available() {
    return redis != null && redis.available();
  }

  /** Whether an L2 is configured at all (it may be unreachable right now). */
  public boolean hasL2() {
    return redis != null;
  }

  /** Closes the Redis connections; L1 is dropped. The cache must not be used afterwards. */
  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
    l1.close();
  }

  @Override
  public String toString() {
    return "TieredCache{l2=" + (redis == null ? "none" : redis) + "}";
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  /**
   * Registers {@code flight} as the load of {@code key}, or returns the load already running for it. A
   * load that began before an invalidation of the key (its fence stamp is outdated) is not joined: its
   * value may predate the write that caused the invalidation, so {@code flight} replaces it and the
   * caller loads afresh.
   */
  private Flight join(String key, Flight flight) {
    while (true) {
      Flight running = flights.putIfAbsent(key, flight);
      if (running == null) {
        return null;
      }
      if (fences.unchanged(key, running.stamp)) {
        return running;
      }
      if (flights.replace(key, running, flight)) {
        return null;
      }
    }
  }

  private void write(String key, L1Value l1Value, byte[] bytes, Duration ttl) {
    RedisTier.Round round = null;
    synchronized (fences.lock(key)) {
      fences.bump(key);
      l1.set(key, l1Value, ttl);
      if (redis != null) {
        round = redis.beginSet(key, bytes, ttl.toMillis());
      }
    }
    if (round != null) {
      redis.complete(round);
    }
  }

  /** Looks {@code key} up in L2 and decodes it; fills L1 on a hit. Null on a miss or failure. */
  private <T> Lookup<T> readL2(String key, CacheSpec<T> spec, long stamp) {
    if (redis == null) {
      return null;
    }
    return decodeL2(key, spec, redis.await(redis.get(key, spec.l1())), stamp);
  }

  private <T> Lookup<T> decodeL2(String key, CacheSpec<T> spec, RedisTier.Entry entry, long stamp) {
    if (entry == null) {
      return null; // no L2, or L2 unreachable (counted as an error)
    }
    if (entry == RedisTier.Entry.MISS) {
      stats.l2Misses.increment();
      return null;
    }
    T value;
    try {
      value = codec.decode(entry.value(), spec.type());
    } catch (RuntimeException e) {
      decodeFailure(key, spec, e);
      return null;
    }
    if (value == null && !spec.cacheNulls()) {
      stats.l2Misses.increment();
      return null;
    }
    stats.l2Hits.increment();
    if (spec.l1()) {
      fillL1(key, L1Value.ofObject(value, spec.type()), entry.l1Ttl(min(l1Ttl, spec.ttl())), stamp);
    }
    return new Lookup<>(value);
  }

  private void decodeFailure(String key, CacheSpec<?> spec, RuntimeException e) {
    stats.decodeFailures.increment();
    stats.l2Misses.increment();
    if (decodeFailuresLogged.add(spec.name())) {
      log.warn(
          "Value under \"{}\" in Redis does not decode as {} ({}); treated as a miss and removed. "
              + "Further failures for {} are logged at DEBUG.",
          key, spec.type(), e.toString(), spec.name());
    } else {
      log.debug("Value under \"{}\" does not decode as {}", key, spec.type(), e);
    }
    // Remove the bad bytes so that the next reader does not pay for them again. The caller's own fill
    // follows on the same connection, so it lands after this UNLINK.
    redis.unlink(key);
  }

  /** Reads an L1 entry as {@code spec}'s type; a value stored with another type is converted through the codec. */
  private <T> Lookup<T> fromL1(String key, L1Value v, CacheSpec<T> spec) {
    if (v.type == spec.type() || spec.type().equals(v.type)) {
      @SuppressWarnings("unchecked")
      T value = (T) v.value;
      return new Lookup<>(value);
    }
    try {
      byte[] bytes = v.bytes != null ? v.bytes : codec.encode(v.value, v.type);
      T value = codec.decode(bytes, spec.type());
      return value == null && !spec.cacheNulls() ? null : new Lookup<>(value);
    } catch (RuntimeException e) {
      log.debug("L1 value under \"{}\" is not a {}; treated as a miss", key, spec.type(), e);
      return null;
    }
  }

  private <T> void store(String key, CacheSpec<T> spec, T value, long stamp) {
    if (value == null && !spec.cacheNulls()) {
      return;
    }
    if (spec.l1()) {
      fillL1(key, L1Value.ofObject(value, spec.type()), min(l1Ttl, spec.ttl()), stamp);
    }
    if (redis == null || !redis.available()) {
      return;
    }
    byte[] bytes;
    try {
      bytes = codec.encode(value, spec.type());
    } catch (RuntimeException e) {
      if (decodeFailuresLogged.add("encode:" + spec.name())) {
        log.warn("Cannot encode a {} for \"{}\"; it is cached in L1 only: {}", spec.type(), key, e.toString());
      }
      return;
    }
    if (bytes.length > maxValueBytes) {
      log.debug("Value for \"{}\" is {} bytes, over the {} byte limit; not written to Redis", key, bytes.length, maxValueBytes);
      return;
    }
    synchronized (fences.lock(key)) {
      if (fences.unchanged(key, stamp)) {
        redis.fill(key, bytes, spec.ttl().toMillis());
      }
    }
  }

  private void fillL1(String key, L1Value value, Duration ttl, long stamp) {
    if (ttl == null || !fences.unchanged(key, stamp)) {
      return;
    }
    l1.set(key, value, ttl);
    if (!fences.unchanged(key, stamp)) {
      l1.delete(key, value);
    }
  }

  private void removeL1Prefixes(List<String> prefixes) {
    if (prefixes.isEmpty()) {
      return;
    }
    List<String> doomed = new ArrayList<>();
    for (String key : l1.keys()) {
      for (String prefix : prefixes) {
        if (key.startsWith(prefix)) {
          doomed.add(key);
          break;
        }
      }
    }
    doomed.forEach(l1::delete);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void requirePositive(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
  }

  private static <T> CompletableFuture<T> forward(CompletableFuture<Object> shared) {
    CompletableFuture<T> result = new CompletableFuture<>();
    shared.whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(unwrap(error));
      } else {
        @SuppressWarnings("unchecked")
        T t = (T) value;
        result.complete(t);
      }
    });
    return result;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  private static <X extends Throwable> RuntimeException sneakyThrow(Throwable t) throws X {
    throw (X) t;
  }

  /** What L1 holds: a decoded value with its type, or bytes stored through the byte-level API. */
  static final class L1Value {
    final Object value;
    final TypeRef<?> type;
    final byte[] bytes;

    private L1Value(Object value, TypeRef<?> type, byte[] bytes) {
      this.value = value;
      this.type = type;
      this.bytes = bytes;
    }

    static L1Value ofObject(Object value, TypeRef<?> type) {
      return new L1Value(value, type, null);
    }

    static L1Value ofBytes(byte[] bytes) {
      return new L1Value(null, null, bytes);
    }
  }

  private static final class Lookup<T> {
    final T value;

    Lookup(T value) {
      this.value = value;
    }
  }

  /** One load in progress; callers of the same key wait for its result. */
  private static final class Flight {
    final TypeRef<?> type;
    final Thread owner;
    /** The key's fence stamp when the load began. */
    final long stamp;
    final CompletableFuture<Object> result = new CompletableFuture<>();

    Flight(TypeRef<?> type, Thread owner, long stamp) {
      this.type = type;
      this.owner = owner;
      this.stamp = stamp;
    }

    @SuppressWarnings("unchecked")
    <T> T await() {
      try {
        return (T) result.join();
      } catch (CompletionException e) {
        throw TieredCache.<RuntimeException>sneakyThrow(unwrap(e));
      }
    }
  }

  /** Applies what other instances invalidated to this instance's L1. */
  final class RemoteInvalidations implements RedisTier.Listener {
    @Override
    public void keysInvalidated(List<String> keys) {
      for (String key : keys) {
        synchronized (fences.lock(key)) {
          fences.bump(key);
        }
        l1.delete(key);
      }
    }

    @Override
    public void prefixesInvalidated(List<String> prefixes) {
      fences.bumpAll();
      removeL1Prefixes(prefixes);
    }

    @Override
    public void channelInterrupted() {
      fences.bumpAll();
      l1.clear();
    }
  }

  /**
   * Builds a {@link TieredCache}. Every setting has a default from the original design; invalid values
   * fail at once with a message naming the setting.
   */
  public static final class Builder {
    private String redisUri;
    private long l1MaximumSize = L1Cache.DEFAULT_MAXIMUM_SIZE;
    private Duration l1Ttl = L1Cache.DEFAULT_TTL;
    private Duration connectTimeout = CacheConfig.DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = CacheConfig.DEFAULT_COMMAND_TIMEOUT;
    private ValueCodec codec;
    private Ticker ticker = Ticker.systemTicker();
    private Executor executor = ForkJoinPool.commonPool();
    private Executor l1Executor;
    private String invalidationChannel = DEFAULT_INVALIDATION_CHANNEL;
    private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;

    private Builder() {}

    /**
     * Where L2 is: {@code redis://[user:password@]host:port[/db]}, {@code rediss://…} for TLS, or
     * {@code redis-sentinel://…}. {@code null} means L1 only.
     *
     * @throws IllegalArgumentException if the URI cannot be parsed
     */
    public Builder redisUri(String redisUri) {
      if (redisUri != null) {
        RedisTier.validate(redisUri);
      }
      this.redisUri = redisUri;
      return this;
    }

    /**
     * Applies a configuration: its URL if {@code cache.enabled} is true (else L1 only), its L1 bounds
     * and its timeouts.
     */
    public Builder config(CacheConfig config) {
      redisUri(config.effectiveRedisUri().orElse(null));
      l1MaximumSize(config.l1MaximumSize());
      l1Ttl(config.l1Ttl());
      connectTimeout(config.connectTimeout());
      commandTimeout(config.commandTimeout());
      return this;
    }

    /** The bound on L1 entries; default 10,000. 0 keeps nothing in L1. */
    public Builder l1MaximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException("l1MaximumSize must not be negative but was " + maximumSize);
      }
      this.l1MaximumSize = maximumSize;
      return this;
    }

    /** The longest an L1 entry lives; default 5 minutes. Entries with a shorter TTL expire sooner. */
    public Builder l1Ttl(Duration ttl) {
      this.l1Ttl = positive("l1Ttl", ttl);
      return this;
    }

    /** How long connecting to Redis may take; default 5 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long one Redis command may take before the caller falls back; default 3 seconds. */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive("commandTimeout", timeout);
      return this;
    }

    /** The codec for values in L2; default {@link JacksonValueCodec}. */
    public Builder codec(ValueCodec codec) {
      this.codec = requireNonNull(codec, "codec");
      return this;
    }

    /** The time source of L1 expiry; tests pass a fake one. */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Where {@link #cacheAsideAsync} continues after a Redis reply, so that decoding and loaders never
     * run on a Redis I/O thread; default the common fork-join pool.
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /** Where L1 maintenance runs; default Caffeine's. Tests pass {@code Runnable::run}. */
    public Builder l1Executor(Executor executor) {
      this.l1Executor = requireNonNull(executor, "executor");
      return this;
    }

    /** The Redis channel on which instances publish invalidations; default {@value #DEFAULT_INVALIDATION_CHANNEL}. */
    public Builder invalidationChannel(String channel) {
      requireNonNull(channel, "channel");
      if (channel.isBlank()) {
        throw new IllegalArgumentException("invalidationChannel must not be blank");
      }
      this.invalidationChannel = channel;
      return this;
    }

    /** Values whose encoded size exceeds this are kept in L1 only; default 1 MiB. */
    public Builder maxValueBytes(int maxValueBytes) {
      if (maxValueBytes <= 0) {
        throw new IllegalArgumentException("maxValueBytes must be positive but was " + maxValueBytes);
      }
      this.maxValueBytes = maxValueBytes;
      return this;
    }

    /**
     * Builds the cache. With a Redis URI it connects, waiting at most the connect timeout; if Redis is
     * unreachable the cache is built anyway, serves from L1, and keeps trying in the background.
     */
    public TieredCache build() {
      return new TieredCache(this);
    }

    private static Duration positive(String name, Duration d) {
      requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive but was " + d);
      }
      return d;
    }
  }
}
