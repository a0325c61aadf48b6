package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.KeyParts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The two-tier cache: L1 in process (Caffeine, W-TinyLFU), L2 shared (Redis through Lettuce: standalone,
 * Sentinel or Cluster).
 *
 * <pre>{@code
 * try (TieredCache cache = TieredCache.builder().redisUri("redis://localhost:6379").build()) {
 *   Movie movie = cache.cacheAside("movie:42", Duration.ofMinutes(5), TypeRef.of(Movie.class), () -> db.findMovie(42));
 * }
 * }</pre>
 *
 * <h2>Reads</h2>
 * L1 hit: returned at once. L1 miss: one Redis round trip; a value of the exact type whose group stamps
 * are current is decoded strictly, kept in L1 for at most its remaining Redis TTL and returned. L2 miss:
 * the loader runs once per key in this JVM while concurrent callers wait, and with a lease across
 * instances, so many instances missing one cold key load it once; the value goes to L1 and, without
 * making the caller wait, to Redis, which stores it only if no invalidation came since the lease.
 *
 * <h2>Writes</h2>
 * {@link #set}, {@link #delete}, {@link #invalidatePrefix} and {@link #invalidate} act on this instance
 * at once, then send one pipelined round trip: deletes, new group tokens (a prefix costs one key,
 * whatever its size), and a message that makes every other instance drop the keys from its L1. A write
 * never waits for another instance. Once it returns, reads through this instance never return an older
 * value, and other instances stop within the staleness bound (1 s by default; about a millisecond when
 * nothing fails). The protocol, and what each fault does to it, is in {@code docs/freshness-protocol.md}.
 *
 * <h2>Failures</h2>
 * Redis is an accelerator, never a dependency: if it is unreachable, hung, refusing writes or holding
 * garbage, calls fall back to L1 and the loader, and no exception caused by Redis reaches the caller.
 * A circuit breaker keeps requests from waiting on a hung Redis; invalidations that cannot reach Redis
 * wait in a bounded queue and are applied first when it is back. Problems are counted in
 * {@link #stats()}, shown by {@link #health()}, and logged without flooding.
 *
 * <p>Values in L1 are shared between callers: cache immutable values (records are ideal). Thread-safe.
 */
public final class TieredCache implements AutoCloseable {
  static {
    CacheAccess.installOpener(cache -> cache.access);
  }

  /** The default namespace of the cache's own keys and channels in Redis. */
  public static final String DEFAULT_NAMESPACE = "cachegen";
  /** The default bound on L1 entries: 10,000, as in the original design. */
  public static final long DEFAULT_L1_MAXIMUM_SIZE = 10_000;
  /** The default bound on L1 bytes (the encoded size of its values): 64 MiB. */
  public static final long DEFAULT_L1_MAXIMUM_WEIGHT = 64L << 20;
  /** The default longest life of an L1 entry: 5 minutes, as in the original design. */
  public static final Duration DEFAULT_L1_TTL = Duration.ofMinutes(5);
  /** The default staleness bound: 1 second. */
  public static final Duration DEFAULT_STALENESS_BOUND = Duration.ofSeconds(1);
  /** The default lease time: 2 seconds. */
  public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(2);
  /** The default longest life of a value in Redis: 1 day. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
  /** The default limit on the encoded size of a value in Redis: 1 MiB. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

  private final CacheCore core;
  private final CacheAccess access;

  private TieredCache(Builder b) {
    Settings settings = new Settings(
        b.l1MaximumSize,
        b.l1MaximumWeight,
        b.l1Ttl,
        b.stalenessBound,
        b.leaseTime,
        b.maxTtl,
        b.maxValueBytes,
        b.commandTimeout,
        b.namespace,
        Pending.DEFAULT_MAX_ENTRIES,
        Pending.DEFAULT_MAX_BYTES,
        Math.max(4096, 2 * b.l1MaximumSize));
    String instanceId = b.instanceId != null ? b.instanceId : UUID.randomUUID().toString().substring(0, 13);
    L2 l2 = b.l2 != null ? b.l2.apply(new L2Target(settings, instanceId, b))
        : b.redisUri == null ? null : new LettuceL2(new LettuceSettings(
            b.redisUri, b.connectTimeout, b.commandTimeout, b.namespace, instanceId, b.tls()));
    Timers timers = b.timers != null ? b.timers : l2 == null ? NO_TIMERS : Timers.daemon("cachegen-" + instanceId);
    this.core = new CacheCore(
        settings,
        instanceId,
        b.codec == null ? new JacksonValueCodec() : b.codec,
        b.ticker,
        b.executor,
        b.l1Executor,
        timers,
        b.random,
        b.channelSecret,
        l2);
    this.access = new DecoratorAccess(core);
    core.start();
    if (l2 != null && b.l2 == null) {
      core.connectivity.awaitFirstConnection(b.connectTimeout);
    }
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
    return core.reads.readBytes(requireKey(key));
  }

  /**
   * Stores {@code value} under {@code key} for {@code ttl} in both tiers, and tells the other instances
   * to drop their L1 copies.
   */
  public void set(String key, byte[] value, Duration ttl) {
    requireKey(key);
    requireNonNull(value, "value");
    requirePositive(ttl);
    byte[] copy = value.clone();
    core.writes.set(key, copy, TypeRef.of(byte[].class), copy, ttl);
  }

  /** Removes {@code key} from L1, L2 and the L1 of every other instance. */
  public void delete(String key) {
    core.writes.invalidate(List.of(requireKey(key)), List.of());
  }

  /** Whether {@code key} holds a current value in L1 or L2. */
  public boolean exists(String key) {
    return core.reads.exists(requireKey(key));
  }

  /**
   * Removes every key that starts with {@code prefix} from L1, L2 and the L1 of every other instance, at
   * a cost independent of how many keys that is: one token in Redis, one flag in L1. The prefix must end
   * at a group boundary: be empty (everything), end with {@code ':'}, or be the prefix a {@code @Cached}
   * method declared. Keys stored through this class's own methods have boundaries only after each
   * {@code ':'}.
   */
  public void invalidatePrefix(String prefix) {
    checkBoundary(requireKey(prefix));
    core.writes.invalidate(List.of(), List.of(prefix));
  }

  /**
   * Removes every key in {@code keys} and every key starting with a prefix in {@code prefixes} (see
   * {@link #invalidatePrefix}), from L1, L2 and the L1 of every other instance, as one invalidation: one
   * round trip, one message. This is what a method with several {@code @Invalidates} calls.
   */
  public void invalidate(List<String> keys, List<String> prefixes) {
    requireNonNull(keys, "keys").forEach(TieredCache::requireKey);
    requireNonNull(prefixes, "prefixes").forEach(p -> checkBoundary(requireKey(p)));
    core.writes.invalidate(List.copyOf(keys), List.copyOf(prefixes));
  }

  // ---------------------------------------------------------------------------------------------
  // Typed operations

  /**
   * The value under {@code key} decoded as {@code type}, from L1 or else L2; {@code null} on a miss, if
   * the stored value is of another type, or if it does not decode.
   */
  public <T> T getJson(String key, TypeRef<T> type) {
    requireNonNull(type, "type");
    return core.reads.read(Spec.of(type, core.settings.l1Ttl()), requireKey(key));
  }

  /**
   * Stores {@code value} under {@code key} for {@code ttl}, as its runtime class. Use the
   * {@link #setJson(String, Object, TypeRef, Duration) typed overload} for generic values.
   *
   * @throws CacheException if the codec cannot encode the value
   */
  public void setJson(String key, Object value, Duration ttl) {
    requireNonNull(value, "value");
    setJson(key, value, TypeRef.ofType(value.getClass()), ttl);
  }

  /**
   * Stores {@code value} under {@code key} for {@code ttl} in both tiers, as {@code type}, and tells the
   * other instances to drop their L1 copies.
   *
   * @throws CacheException if the codec cannot encode the value
   */
  public <T> void setJson(String key, T value, TypeRef<? super T> type, Duration ttl) {
    requireKey(key);
    requireNonNull(value, "value");
    requireNonNull(type, "type");
    requirePositive(ttl);
    byte[] payload;
    try {
      @SuppressWarnings("unchecked")
      TypeRef<Object> t = (TypeRef<Object>) type;
      payload = core.codec.encode(value, t);
    } catch (RuntimeException e) {
      throw new CacheException("cannot encode a value of " + type + " for key \"" + key + "\"", e);
    }
    core.writes.set(key, value, type, payload, ttl);
  }

  /**
   * The value under {@code key}: from L1, else from L2, else from the loader, which runs once per key in
   * this JVM at a time (concurrent callers wait for its result or its exception) and with a lease across
   * instances. The loaded value is cached for {@code ttl} in L1 and L2; {@code null} is not cached. An
   * exception from the loader reaches the caller unchanged and nothing is cached. {@link TypeRef#of}
   * returns one instance per class, so passing it per call costs nothing.
   */
  public <T, X extends Exception> T cacheAside(String key, Duration ttl, TypeRef<T> type, Loader<? extends T, X> loader)
      throws X {
    requireNonNull(type, "type");
    T hit = core.reads.peek(type, requireKey(key));
    if (hit != null) {
      return hit;
    }
    requirePositive(ttl);
    return core.reads.get(Spec.of(type, ttl), key, loader);
  }

  /**
   * The non-blocking form of {@link #cacheAside}: no thread waits for Redis, another load, or the loader.
   * A failed future is never cached, and its exception reaches every caller unwrapped. Work after a Redis
   * reply runs on the builder's {@link Builder#executor executor}.
   */
  public <T> CompletableFuture<T> cacheAsideAsync(
      String key, Duration ttl, TypeRef<T> type, Supplier<? extends CompletionStage<? extends T>> loader) {
    requireNonNull(type, "type");
    requirePositive(ttl);
    return core.reads.getAsync(Spec.of(type, ttl), requireKey(key), loader);
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection

  /** A snapshot of the counters. */
  public CacheStats stats() {
    return core.stats.snapshot(core.l1.size(), core.pending.size());
  }

  /** What L2 is doing: for health endpoints and logs. */
  public CacheHealth health() {
    return core.connectivity.health();
  }

  /** Whether an L2 is configured and in use right now. */
  public boolean isL2Available() {
    return health().l2InUse();
  }

  /** Whether an L2 is configured at all (it may be unreachable right now). */
  public boolean hasL2() {
    return core.l2 != null;
  }

  /**
   * Closes the Redis connections and drops L1. Calls in flight complete (from L1 or the loader); the
   * cache must not be used afterwards.
   */
  @Override
  public void close() {
    core.connectivity.close();
    core.timers.close();
    if (core.l2 != null) {
      core.l2.close();
    }
    core.l1.clear();
  }

  @Override
  public String toString() {
    return "TieredCache{l2=" + (core.l2 == null ? "none" : core.l2.describe()) + ", " + health().state() + "}";
  }

  // ---------------------------------------------------------------------------------------------

  /** The internals, for tests in this package. */
  CacheCore core() {
    return core;
  }

  /**
   * Says once per prefix (at WARN) when a prefix does not end at a group boundary this cache knows of: it
   * then removes only the keys of a {@code @Cached} method declared with exactly that prefix.
   */
  private void checkBoundary(String prefix) {
    if (!prefix.isEmpty() && !prefix.endsWith(":") && !core.reads.knowsPrefix(prefix)) {
      core.throttled.warnOnce("boundary:" + prefix,
          "invalidatePrefix(\"{}\") removes only the keys of a @Cached method declared with exactly that prefix: "
              + "a prefix must be empty, end with ':', or be a method's declared prefix to remove every key "
              + "starting with it (keys are grouped at each ':'); no method of this cache has declared it so far",
          prefix);
    }
  }

  private static String requireKey(String key) {
    requireNonNull(key, "key");
    return key;
  }

  private static void requirePositive(Duration ttl) {
    requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
  }

  private static final Timers NO_TIMERS = new Timers() {
    @Override
    public void schedule(Runnable task, long delayNanos) {}

    @Override
    public void close() {}
  };

  /** What an {@link L2} implementation is built from. */
  record L2Target(Settings settings, String instanceId, Builder builder) {
    String uri() {
      return builder.redisUri;
    }

    Duration connectTimeout() {
      return builder.connectTimeout;
    }

    Duration commandTimeout() {
      return builder.commandTimeout;
    }
  }

  /**
   * Builds a {@link TieredCache}. Every setting has a default (those of the original design where it has
   * one); invalid values fail at once with a message naming the setting.
   */
  public static final class Builder {
    private String redisUri;
    private long l1MaximumSize = DEFAULT_L1_MAXIMUM_SIZE;
    private long l1MaximumWeight = DEFAULT_L1_MAXIMUM_WEIGHT;
    private Duration l1Ttl = DEFAULT_L1_TTL;
    private Duration connectTimeout = CacheConfig.DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = CacheConfig.DEFAULT_COMMAND_TIMEOUT;
    private Duration stalenessBound = DEFAULT_STALENESS_BOUND;
    private Duration leaseTime = DEFAULT_LEASE_TIME;
    private Duration maxTtl = DEFAULT_MAX_TTL;
    private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
    private String namespace = DEFAULT_NAMESPACE;
    private byte[] channelSecret;
    private java.nio.file.Path trustPem;
    private java.nio.file.Path trustStore;
    private char[] trustStorePassword;
    private java.nio.file.Path clientCertificate;
    private java.nio.file.Path clientKey;
    private ValueCodec codec;
    private Ticker ticker = Ticker.systemTicker();
    private Executor executor = ForkJoinPool.commonPool();
    private Executor l1Executor;
    // for tests and the simulation
    private Function<L2Target, L2> l2;
    private Timers timers;
    private LongSupplier random = () -> ThreadLocalRandom.current().nextLong();
    private String instanceId;

    private Builder() {}

    /**
     * Where L2 is: {@code redis://[user:password@]host:port[/db]}, {@code rediss://…} for TLS,
     * {@code redis-sentinel://…} for Sentinel, {@code redis-cluster://host:port,host:port} (or
     * {@code rediss-cluster://}) for Redis Cluster. {@code null} means L1 only.
     *
     * @throws IllegalArgumentException if the URI cannot be parsed (the message never shows a password)
     */
    public Builder redisUri(String redisUri) {
      if (redisUri != null) {
        RedisUris.parse(redisUri);
      }
      this.redisUri = redisUri;
      return this;
    }

    /**
     * Applies a configuration: its URL if {@code cache.enabled} is true (else L1 only), its L1 bounds and
     * its timeouts.
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

    /**
     * The bound on the bytes L1 holds, counting each value by its encoded size (and each entry at least
     * {@code l1MaximumWeight / l1MaximumSize}); default 64 MiB.
     */
    public Builder l1MaximumWeight(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("l1MaximumWeight must be positive but was " + bytes);
      }
      this.l1MaximumWeight = bytes;
      return this;
    }

    /** The longest an L1 entry lives; default 5 minutes. Entries with a shorter TTL expire sooner. */
    public Builder l1Ttl(Duration ttl) {
      this.l1Ttl = positive("l1Ttl", ttl);
      return this;
    }

    /** How long connecting to Redis may take before {@link #build()} returns anyway; default 5 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long one Redis command may take before the caller falls back; default 3 seconds. */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive("commandTimeout", timeout);
      return this;
    }

    /**
     * How long another instance may serve a value older than a write, under any single fault; default
     * 1 second. Each instance proves every quarter of it that it hears invalidations; one that cannot
     * keeps L1 entries at most this long.
     */
    public Builder stalenessBound(Duration bound) {
      Duration d = positive("stalenessBound", bound);
      if (d.toMillis() < 40) {
        throw new IllegalArgumentException("stalenessBound must be at least 40ms but was " + d);
      }
      this.stalenessBound = d;
      return this;
    }

    /**
     * How long a load holds its lease in Redis, and how long callers on other instances wait for it
     * before loading themselves; default 2 seconds. A load that takes longer is not stored in Redis.
     */
    public Builder leaseTime(Duration leaseTime) {
      this.leaseTime = positive("leaseTime", leaseTime);
      return this;
    }

    /** The longest a value lives in Redis: longer TTLs are cut to it; default 1 day. */
    public Builder maxTtl(Duration maxTtl) {
      Duration d = positive("maxTtl", maxTtl);
      if (d.getSeconds() < 1) {
        throw new IllegalArgumentException("maxTtl must be at least 1s but was " + d);
      }
      this.maxTtl = d;
      return this;
    }

    /**
     * Values whose encoding is larger are not written to Redis (they stay in L1), and are removed
     * unread when found there; default 1 MiB.
     */
    public Builder maxValueBytes(int maxValueBytes) {
      if (maxValueBytes <= 0) {
        throw new IllegalArgumentException("maxValueBytes must be positive but was " + maxValueBytes);
      }
      this.maxValueBytes = maxValueBytes;
      return this;
    }

    /**
     * The prefix of the cache's own keys ({@code <namespace>:gen:…}) and channels
     * ({@code {<namespace>}:invalidations}); default {@value #DEFAULT_NAMESPACE}. Instances share
     * invalidations only within one namespace.
     */
    public Builder namespace(String namespace) {
      requireNonNull(namespace, "namespace");
      if (namespace.isBlank() || namespace.contains("{") || namespace.contains("}") || !KeyParts.isWellFormed(namespace)) {
        throw new IllegalArgumentException("namespace must be non-blank text without braces but was \"" + namespace + "\"");
      }
      this.namespace = namespace;
      return this;
    }

    /**
     * A secret shared by every instance: messages on the channels are signed with it (HMAC-SHA256), and
     * unsigned or wrongly signed ones are ignored. Without it (the default), anyone allowed to publish on
     * the channel can make instances drop L1 entries (never serve wrong ones).
     */
    public Builder channelSecret(String secret) {
      requireNonNull(secret, "secret");
      if (secret.length() < 16) {
        throw new IllegalArgumentException("channelSecret must be at least 16 characters");
      }
      this.channelSecret = secret.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * For {@code rediss://} URIs: trust the CA certificates in this PEM file (what Redis's
     * {@code tls-ca-cert-file} holds) instead of the JVM's. The server's certificate chain and host name are
     * verified ({@code ?verifyPeer=CA} in the URI skips the host name). A certificate that does not verify
     * is one clear error and an L1-only cache ({@link L2State#REFUSED}), never a hang.
     */
    public Builder tlsTrustPem(java.nio.file.Path caCertificates) {
      this.trustPem = requireNonNull(caCertificates, "caCertificates");
      this.trustStore = null;
      return this;
    }

    /** For {@code rediss://} URIs: trust the certificates of this PKCS#12 or JKS trust store. */
    public Builder tlsTrustStore(java.nio.file.Path trustStore, char[] password) {
      this.trustStore = requireNonNull(trustStore, "trustStore");
      this.trustStorePassword = password == null ? null : password.clone();
      this.trustPem = null;
      return this;
    }

    /**
     * For {@code rediss://} URIs: present this client certificate chain and its unencrypted PKCS#8 key
     * (PEM files), as Redis requires by default ({@code tls-auth-clients yes}).
     */
    public Builder tlsClientCertificate(java.nio.file.Path certificateChain, java.nio.file.Path privateKey) {
      this.clientCertificate = requireNonNull(certificateChain, "certificateChain");
      this.clientKey = requireNonNull(privateKey, "privateKey");
      return this;
    }

    private RedisTls tls() {
      RedisTls tls = trustPem != null ? RedisTls.trustPem(trustPem)
          : trustStore != null ? RedisTls.trustStore(trustStore, trustStorePassword)
          : clientCertificate != null ? RedisTls.jvmTrust() : null;
      return tls != null && clientCertificate != null ? tls.withClientCertificate(clientCertificate, clientKey) : tls;
    }

    /** The codec for values in L2; default {@link JacksonValueCodec}. */
    public Builder codec(ValueCodec codec) {
      this.codec = requireNonNull(codec, "codec");
      return this;
    }

    /** The time source of expiry and of the staleness bound; tests pass a fake one. */
    public Builder ticker(Ticker ticker) {
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Where {@link #cacheAsideAsync} continues after a Redis reply, so that decoding and loaders never run
     * on a Redis I/O thread; default the common fork-join pool.
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

    Builder l2(Function<L2Target, L2> l2) {
      this.l2 = l2;
      return this;
    }

    Builder timers(Timers timers) {
      this.timers = timers;
      return this;
    }

    Builder random(LongSupplier random) {
      this.random = random;
      return this;
    }

    Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    /**
     * Builds the cache. With a Redis URI it connects, waiting at most the connect timeout; if Redis is
     * unreachable the cache is built anyway, serves from L1 and the loader, and keeps connecting in the
     * background.
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
