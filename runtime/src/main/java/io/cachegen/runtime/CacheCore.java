package io.cachegen.runtime;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state one {@link TieredCache} shares between its parts, and the small operations they all use.
 * The freshness protocol ({@code docs/freshness-protocol.md}) is split by job: {@link Reads} (L1 hits,
 * L2 reads, leases, fills), {@link Writes} (invalidations, {@code set}, replays), {@link Subscriber}
 * (what the channels deliver), {@link Connectivity} (breaker, recovery, heartbeats, health). None of them
 * does I/O except through {@link L2}, so the simulation runs the same classes against a simulated Redis.
 *
 * <p>Concurrency: L1, the group states, the fences and the flights are concurrent structures; a fence
 * stripe's lock orders an invalidation of a key against a fill of it. Callbacks of {@link L2} run on its
 * I/O threads and never block.
 */
final class CacheCore {
  static final Logger log = LoggerFactory.getLogger(TieredCache.class);

  final Settings settings;
  final String instanceId;
  final StatsCounter stats;
  final ValueCodec codec;
  final Ticker ticker;
  final Executor executor;
  final Timers timers;
  final LongSupplier random;
  final L1 l1;
  final Groups groups;
  final Fences fences = new Fences();
  final Trust trust;
  final Flights flights;
  final Pending pending;
  final BusCodec bus;
  final ThrottledLog throttled;
  /** L2, or {@code null} for an L1-only cache. */
  final L2 l2;
  final Connectivity connectivity;
  final Reads reads;
  final Writes writes;
  final Subscriber subscriber;
  /** How long a known group token is trusted before it is fetched again (half the token TTL). */
  final long tokenMaxAgeNanos;

  CacheCore(
      Settings settings,
      String instanceId,
      ValueCodec codec,
      Ticker ticker,
      Executor executor,
      Executor maintenance,
      Timers timers,
      LongSupplier random,
      byte[] busSecret,
      L2 l2) {
    this.settings = settings;
    this.instanceId = instanceId;
    this.stats = new StatsCounter();
    this.codec = codec;
    this.ticker = ticker;
    this.executor = executor;
    this.timers = timers;
    this.random = random;
    this.l1 = new L1(settings.l1MaximumSize(), settings.l1MaximumWeight(), maintenance, stats.evictions);
    this.groups = new Groups(settings.maxGroups(), ticker, maintenance == null ? Runnable::run : maintenance);
    long now = ticker.read();
    this.trust = l2 == null ? Trust.always(now) : Trust.earned(settings.stalenessBound().toNanos(), now);
    this.flights = new Flights(fences, trust);
    this.pending = new Pending(settings.maxPending(), settings.maxPendingBytes());
    this.bus = new BusCodec(busSecret);
    this.throttled = new ThrottledLog(log, ThrottledLog.DEFAULT_INTERVAL_NANOS);
    this.l2 = l2;
    this.tokenMaxAgeNanos = TimeUnit.MILLISECONDS.toNanos(settings.tokenTtlMillis() / 2);
    this.connectivity = new Connectivity(this);
    this.reads = new Reads(this);
    this.writes = new Writes(this);
    this.subscriber = new Subscriber(this);
  }

  /** Connects L2 in the background and starts the heartbeats. */
  void start() {
    if (l2 != null) {
      l2.start(subscriber);
      connectivity.start();
    }
  }

  /** A fresh random token: never 0 (no token key) nor {@link GroupState#UNKNOWN}. */
  long newToken() {
    long t;
    do {
      t = random.getAsLong();
    } while (t == 0 || t == GroupState.UNKNOWN);
    return t;
  }

  byte[] newLease() {
    return Envelope.lease(random.getAsLong(), random.getAsLong());
  }

  /** Starts a lookup of {@code key}: its groups' current states and its fence stamp, before any read. */
  Lookup begin(Spec<?> spec, String key, boolean withLease) {
    int[] boundaries = Groups.boundaries(key, spec.prefix());
    long stamp = fences.stamp(key);
    GroupState[] states = groups.resolve(key, boundaries);
    return new Lookup(key, spec, boundaries, states, stamp, withLease && l2 != null ? newLease() : null, ticker.read());
  }

  /** Takes the states and the stamp again, after an invalidation overtook the lookup. */
  void refresh(Lookup look) {
    look.stamp = fences.stamp(look.key);
    look.states = groups.resolve(look.key, look.boundaries);
  }

  /** Which of a lookup's group tokens an L2 read fetches: the unknown ones, or all while untrusted. */
  int[] tokensToFetch(Lookup look, long now) {
    boolean all = !trust.isTrusted(now);
    int[] which = new int[look.states.length];
    int n = 0;
    for (int i = 0; i < look.states.length; i++) {
      if (all || look.states[i].token(now, tokenMaxAgeNanos) == GroupState.UNKNOWN) {
        which[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(which, n);
  }

  /** The Redis keys of the tokens {@code which} names. */
  List<String> tokenKeys(Lookup look, int[] which) {
    List<String> keys = new ArrayList<>(which.length);
    for (int i : which) {
      keys.add(settings.tokenKey(look.states[i].group));
    }
    return keys;
  }

  /**
   * Records the tokens an L2 read fetched for the states {@code which} names. A state's token never
   * changes: a token that differs from it (or a first one) replaces the state, killing it, so that no
   * L1 entry loaded under an older token survives a change this instance did not hear of. A state that
   * died since the lookup began is left in it: the lookup is older than an invalidation, and must not
   * pass for a current one by picking up the state that replaced it.
   */
  void learnTokens(Lookup look, int[] which, long[] tokens, long now) {
    for (int j = 0; j < which.length && j < tokens.length; j++) {
      int i = which[j];
      GroupState s = look.states[i];
      if (!s.live()) {
        continue; // invalidated since the lookup began: it stays outdated, and restarts or gives up
      }
      if (s.token == tokens[j]) {
        s.confirm(now);
      } else {
        look.states[i] = groups.replace(s, tokens[j]);
      }
    }
  }

  /**
   * Puts a value in L1 unless an invalidation of the key or a group overtook its lookup. While this
   * instance cannot show that it heard every invalidation, the entry lives at most the staleness bound
   * from when its lookup began (the value is no older than that).
   */
  void fillL1(Lookup look, Object value, TypeRef<?> type, long ttlNanos, int weight) {
    if (!look.current(fences)) {
      return;
    }
    long now = ticker.read();
    long deadline = now + Math.min(ttlNanos, settings.l1Ttl().toNanos());
    boolean deaf = !trust.isTrusted(now);
    if (deaf) {
      // The value is as old as the lookup: it read L2 or the loader after look.started, no earlier.
      deadline = Math.min(deadline, look.started + trust.boundNanos());
      if (deadline - now <= 0) {
        return;
      }
    }
    L1Entry entry = new L1Entry(value, type, deadline, deaf, look.states.clone(), weight);
    // Under the stripe's lock, as every invalidation bumps the fence and removes the key: an old value is
    // either put before the removal (and removed by it) or not put at all, never visible for a moment after.
    synchronized (fences.lock(look.key)) {
      if (!look.current(fences)) {
        return;
      }
      l1.put(look.key, entry);
    }
    if (!look.current(fences)) {
      l1.remove(look.key, entry); // a group died meanwhile: the entry would never be served
    }
  }

  /**
   * Waits for an L2 future from a caller's thread, at most the command timeout and a second: L2 futures
   * complete by themselves within the command timeout, so this bound only guards against a bug.
   */
  <T> T await(CompletableFuture<T> future, T onTimeout) {
    try {
      return future.get(settings.commandTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return onTimeout;
    } catch (ExecutionException | TimeoutException e) {
      return onTimeout;
    }
  }

  /** Where L2 is, for messages: "L1 only" without one. */
  String l2Description() {
    return l2 == null ? "L1 only" : l2.describe();
  }
}
