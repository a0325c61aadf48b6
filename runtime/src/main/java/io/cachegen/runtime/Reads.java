package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.Flights.Flight;
import io.cachegen.runtime.L2.ReadReply;
import io.cachegen.runtime.internal.CachedMethod;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The read side of the protocol ({@code docs/freshness-protocol.md} §4.1, §4.2): L1 hits, loads shared in
 * this JVM, L2 reads, and fills. {@link ReadSteps} says what each L2 reply means; a blocking driver (for
 * {@code cacheAside}) and a non-blocking one (for futures and the simulation) run its steps here.
 */
final class Reads {
  /** What {@link TieredCache#exists} looks up: any type, nothing decoded. */
  static final Spec<Object> EXISTS = new Spec<>("exists", null, TypeRef.of(Object.class), 0, Duration.ofDays(1), false, true);

  private final CacheCore core;
  private final ReadSteps steps;
  /** The first method seen per declared prefix, to say once that two types share one prefix. */
  private final ConcurrentHashMap<String, Spec<?>> prefixes = new ConcurrentHashMap<>();

  Reads(CacheCore core) {
    this.core = core;
    this.steps = new ReadSteps(core);
  }

  // ---------------------------------------------------------------------------------------------
  // L1

  /** A served L1 hit for a generated method, or {@code null}. No allocation, no lambda, one clock read. */
  @SuppressWarnings("unchecked")
  <T> T peek(CachedMethod<T> method, String key) {
    L1Entry e = core.l1.get(key);
    if (e == null
        || e.value == null
        || e.fingerprint != method.type().fingerprint()
        || !e.servable(core.ticker.read(), core.trust.trustedUntil())) {
      return null;
    }
    core.stats.l1Hits.increment();
    return (T) e.value;
  }

  /** A served L1 hit of {@code type} for a hand-written call, or {@code null}; allocates nothing. */
  @SuppressWarnings("unchecked")
  <T> T peek(TypeRef<T> type, String key) {
    L1Entry e = core.l1.get(key);
    if (e == null
        || e.value == null
        || e.fingerprint != type.fingerprint()
        || !e.servable(core.ticker.read(), core.trust.trustedUntil())) {
      return null;
    }
    core.stats.l1Hits.increment();
    return (T) e.value;
  }

  /** The served L1 entry for {@code key} matching {@code spec}, dropping an expired or dead one; counts. */
  private L1Entry fromL1(Spec<?> spec, String key) {
    L1Entry e = core.l1.get(key);
    if (e != null) {
      boolean servable = e.servable(core.ticker.read(), core.trust.trustedUntil());
      if (servable && (spec == EXISTS || spec.isBytes() || e.fingerprint == spec.fingerprint())) {
        core.stats.l1Hits.increment();
        return e;
      }
      if (!servable) {
        core.l1.remove(key, e);
      }
    }
    core.stats.l1Misses.increment();
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Loads

  /** L1, else L2, else the loader (once per key in this JVM, and with a lease across instances). */
  @SuppressWarnings("unchecked")
  <T, X extends Exception> T get(Spec<T> spec, String key, Loader<? extends T, X> loader) throws X {
    requireNonNull(key, "key");
    requireNonNull(loader, "loader");
    if (spec.l1()) {
      L1Entry e = fromL1(spec, key);
      if (e != null) {
        return (T) e.value;
      }
    }
    Lookup look = begin(spec, key, true);
    Flight mine = new Flight(spec.fingerprint(), Thread.currentThread(), look.stamp, look.states, look.started);
    Flight running = core.flights.join(key, mine);
    if (running != null) {
      return running.await();
    }
    try {
      Resolution r = resolve(look);
      if (r.hit) {
        mine.result.complete(r.value);
        return (T) r.value;
      }
      T value;
      try {
        value = loader.load();
      } catch (Throwable t) {
        core.stats.loadFailures.increment();
        if (r.fill) {
          steps.release(look);
        }
        mine.result.completeExceptionally(t);
        throw t;
      }
      core.stats.loads.increment();
      store(look, value, r.fill);
      mine.result.complete(value);
      return value;
    } finally {
      core.flights.end(key, mine);
    }
  }

  /** The non-blocking form of {@link #get}: no thread waits for Redis, for another load or for the loader. */
  <T> CompletableFuture<T> getAsync(Spec<T> spec, String key, Supplier<? extends CompletionStage<? extends T>> loader) {
    requireNonNull(key, "key");
    requireNonNull(loader, "loader");
    if (spec.l1()) {
      L1Entry e = fromL1(spec, key);
      if (e != null) {
        @SuppressWarnings("unchecked")
        T value = (T) e.value;
        return CompletableFuture.completedFuture(value);
      }
    }
    Lookup look = begin(spec, key, true);
    Flight mine = new Flight(spec.fingerprint(), null, look.stamp, look.states, look.started);
    Flight running = core.flights.join(key, mine);
    if (running != null) {
      return forward(running.result);
    }
    resolveAsync(look, null, 0)
        .thenCompose(r -> {
          if (r.hit) {
            return CompletableFuture.completedFuture(r.value);
          }
          CompletionStage<? extends T> stage;
          try {
            stage = loader.get();
            if (stage == null) {
              throw new NullPointerException("the loader for key \"" + key + "\" returned null instead of a future");
            }
          } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
          }
          return stage.handle((value, error) -> {
            if (error != null) {
              if (r.fill) {
                steps.release(look);
              }
              throw new java.util.concurrent.CompletionException(Flights.unwrap(error));
            }
            core.stats.loads.increment();
            store(look, value, r.fill);
            return (Object) value;
          });
        })
        .whenComplete((value, error) -> {
          core.flights.end(key, mine);
          if (error != null) {
            core.stats.loadFailures.increment();
            mine.result.completeExceptionally(Flights.unwrap(error));
          } else {
            mine.result.complete(value);
          }
        });
    return forward(mine.result);
  }

  // ---------------------------------------------------------------------------------------------
  // Reads without a loader

  /** The value of {@code spec}'s type under {@code key} from L1 or L2, or {@code null}. */
  @SuppressWarnings("unchecked")
  <T> T read(Spec<T> spec, String key) {
    requireNonNull(key, "key");
    L1Entry e = fromL1(spec, key);
    if (e != null) {
      return (T) e.value;
    }
    Resolution r = resolve(begin(spec, key, false));
    return r.hit ? (T) r.value : null;
  }

  /** The bytes under {@code key} (a typed value encoded), or {@code null}. */
  byte[] readBytes(String key) {
    Spec<byte[]> spec = Spec.of(TypeRef.of(byte[].class), core.settings.l1Ttl());
    L1Entry e = fromL1(spec, key);
    if (e != null) {
      return e.value instanceof byte[] bytes ? bytes.clone() : encodeForBytes(e);
    }
    Resolution r = resolve(begin(spec, key, false));
    return r.hit ? ((byte[]) r.value).clone() : null;
  }

  boolean exists(String key) {
    requireNonNull(key, "key");
    if (fromL1(EXISTS, key) != null) {
      return true;
    }
    return resolve(begin(EXISTS, key, false)).hit;
  }

  private byte[] encodeForBytes(L1Entry e) {
    if (e.value == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    TypeRef<Object> type = (TypeRef<Object>) e.type;
    return core.codec.encode(e.value, type);
  }

  // ---------------------------------------------------------------------------------------------
  // The protocol steps

  private Lookup begin(Spec<?> spec, String key, boolean withLease) {
    if (spec.prefix() != null) {
      checkPrefix(spec);
    }
    return core.begin(spec, key, withLease);
  }

  /** Whether this lookup may use L2: L2 is usable and no invalidation of the key or its groups is pending. */
  private boolean canUseL2(Lookup look) {
    return core.connectivity.readable() && (core.pending.isEmpty() || !core.pending.covers(look.key, look.states));
  }

  private L2.ReadRequest request(Lookup look, byte[] deadDigest, int[] which) {
    return new L2.ReadRequest(
        look.key,
        core.settings.maxValueBytes() + Envelope.overhead(look.boundaries.length),
        look.lease,
        core.settings.leaseTime().toMillis(),
        deadDigest,
        core.tokenKeys(look, which));
  }

  /** The blocking driver: runs {@link #step} until it resolves, sleeping between polls. */
  private Resolution resolve(Lookup look) {
    byte[] digest = null;
    for (int attempt = 0; ; attempt++) {
      if (!canUseL2(look)) {
        return Resolution.LOAD_ALONE;
      }
      int[] which = core.tokensToFetch(look, core.ticker.read());
      ReadReply reply = core.await(core.l2.read(request(look, digest, which)), TIMED_OUT);
      ReadSteps.Step step = steps.step(look, which, reply, attempt);
      switch (step.kind()) {
        case HIT:
          return Resolution.hit(step.value());
        case LOAD:
          return step.fill() ? Resolution.LOAD_AND_FILL : Resolution.LOAD_ALONE;
        case RETRY:
          digest = step.digest();
          break;
        case RESTART:
          core.refresh(look);
          digest = null;
          break;
        case POLL:
          LockSupport.parkNanos(step.delayNanos());
          digest = null;
          break;
        default:
          throw new AssertionError(step.kind());
      }
    }
  }

  /** The non-blocking driver: the same steps, polls on the cache's timers. */
  private CompletableFuture<Resolution> resolveAsync(Lookup look, byte[] digest, int attempt) {
    if (!canUseL2(look)) {
      return CompletableFuture.completedFuture(Resolution.LOAD_ALONE);
    }
    int[] which = core.tokensToFetch(look, core.ticker.read());
    return core.l2.read(request(look, digest, which)).thenComposeAsync(reply -> {
      ReadSteps.Step step = steps.step(look, which, reply, attempt);
      switch (step.kind()) {
        case HIT:
          return CompletableFuture.completedFuture(Resolution.hit(step.value()));
        case LOAD:
          return CompletableFuture.completedFuture(step.fill() ? Resolution.LOAD_AND_FILL : Resolution.LOAD_ALONE);
        case RETRY:
          return resolveAsync(look, step.digest(), attempt + 1);
        case RESTART:
          core.refresh(look);
          return resolveAsync(look, null, attempt + 1);
        case POLL: {
          CompletableFuture<Resolution> later = new CompletableFuture<>();
          core.timers.schedule(
              () -> resolveAsync(look, null, attempt + 1).whenComplete((r, e) -> {
                if (e != null) {
                  later.completeExceptionally(e);
                } else {
                  later.complete(r);
                }
              }),
              step.delayNanos());
          return later;
        }
        default:
          throw new AssertionError(step.kind());
      }
    }, core.executor);
  }

  /**
   * Puts a loaded value in L1 and, if the lookup holds the lease, writes it to L2 without waiting:
   * {@code FILL} stores it only while the lease is still there, so an invalidation since the lease was
   * taken makes Redis refuse it (G2).
   */
  void store(Lookup look, Object value, boolean holdsLease) {
    Spec<?> spec = look.spec;
    if (value == null && !spec.cacheNulls()) {
      if (holdsLease) {
        steps.release(look);
      }
      return;
    }
    byte[] payload = encode(spec, value, look.key);
    int weight = payload == null ? 0 : payload.length + 64;
    if (spec.l1()) {
      core.fillL1(look, value, spec.type(), spec.ttl().toNanos(), weight);
    }
    if (!holdsLease) {
      return;
    }
    if (payload == null || payload.length > core.settings.maxValueBytes() || !look.current(core.fences)) {
      steps.release(look);
      return;
    }
    byte[] envelope = Envelope.value(spec.fingerprint(), value == null, look.boundaries, look.stamps, payload);
    long ttl = Math.min(spec.ttl().toMillis(), core.settings.maxTtl().toMillis());
    core.l2.fill(look.key, look.lease, envelope, Math.max(1, ttl)).thenAccept(r -> {
      if (!r.succeeded()) {
        core.connectivity.failed(r.failure());
      }
    });
  }

  /** The payload of {@code value}; {@code null} if the codec cannot encode it (logged). */
  byte[] encode(Spec<?> spec, Object value, String key) {
    if (value == null) {
      return new byte[0];
    }
    if (spec.isBytes()) {
      return (byte[]) value;
    }
    try {
      @SuppressWarnings("unchecked")
      TypeRef<Object> type = (TypeRef<Object>) spec.type();
      return core.codec.encode(value, type);
    } catch (RuntimeException e) {
      core.throttled.warn("encode:" + spec.name(),
          "Cannot encode a {} for \"{}\" ({}); it is kept in L1 only", spec.type(), key, e);
      return null;
    }
  }

  /** Whether a {@code @Cached} method of this cache declared {@code prefix} (among those it has read). */
  boolean knowsPrefix(String prefix) {
    return prefixes.containsKey(prefix);
  }

  /** Says once (at ERROR) that one declared prefix serves two types in this JVM. */
  private void checkPrefix(Spec<?> spec) {
    Spec<?> first = prefixes.putIfAbsent(spec.prefix(), spec);
    if (first != null && first.fingerprint() != spec.fingerprint()) {
      steps.reportOnce("prefix:" + spec.prefix() + ":" + spec.name(),
          "The prefix \"{}\" is used by {} (values of {}) and by {} (values of {}): their keys can collide. "
              + "Each method's values are misses for the other, never converted; give them different prefixes.",
          spec.prefix(), first.name(), first.type(), spec.name(), spec.type());
    }
  }

  private static <T> CompletableFuture<T> forward(CompletableFuture<Object> shared) {
    CompletableFuture<T> result = new CompletableFuture<>();
    shared.whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(Flights.unwrap(error));
      } else {
        @SuppressWarnings("unchecked")
        T t = (T) value;
        result.complete(t);
      }
    });
    return result;
  }

  private static final ReadReply TIMED_OUT =
      ReadReply.failed(new L2.Failure(L2.Failure.Kind.TIMEOUT, "no reply in time"));

  /** How a lookup ends: a hit, or a load (filling L2 if it holds the lease). */
  record Resolution(boolean hit, Object value, boolean fill) {
    static final Resolution LOAD_ALONE = new Resolution(false, null, false);
    static final Resolution LOAD_AND_FILL = new Resolution(false, null, true);

    static Resolution hit(Object value) {
      return new Resolution(true, value, false);
    }
  }
}
