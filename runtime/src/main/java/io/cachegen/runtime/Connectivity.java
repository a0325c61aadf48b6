package io.cachegen.runtime;

import io.cachegen.runtime.L2.Failure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether L2 may be used, and what to do when it may not ({@code docs/freshness-protocol.md} §5, §8):
 *
 * <ul>
 *   <li><b>breaker</b>: a command that times out, or a heartbeat unanswered for the staleness bound, opens
 *       it; no request waits for Redis until a background {@code PING} (every 250 ms) is answered;
 *   <li><b>gate</b>: after an outage (the breaker opened, the command connection dropped, the masters
 *       changed), L2 is not read again until the pending invalidations are replayed and a new era has
 *       begun; heartbeats pause meanwhile, so L1 is trusted again only after that;
 *   <li><b>refused</b>: Redis refuses the cache for good (a missing permission, failed authentication or
 *       TLS): L1 only;
 *   <li>the periodic tasks: heartbeats every quarter of the staleness bound, replays of pending
 *       invalidations every 250 ms.
 * </ul>
 */
final class Connectivity {
  private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final long REPLAY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final CacheCore core;
  private final long heartbeatNanos;
  private final AtomicBoolean breakerOpen = new AtomicBoolean();
  private final AtomicBoolean recovering = new AtomicBoolean();
  private final AtomicBoolean replaying = new AtomicBoolean();
  /** Counts outages, so that a recovery that overlapped a new outage does not open the gate. */
  private final AtomicLong outages = new AtomicLong();
  private volatile boolean gated;
  private volatile boolean subscribed;
  private volatile String refused;
  private volatile String lastOutage = "";
  private volatile boolean closed;
  /**
   * Counted down once connected, subscribed and a first heartbeat came back (or refused): what
   * {@code build()} waits for.
   */
  private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(3);
  private final AtomicBoolean connectedOnce = new AtomicBoolean();
  private final AtomicBoolean subscribedOnce = new AtomicBoolean();
  private final AtomicBoolean heardOnce = new AtomicBoolean();

  Connectivity(CacheCore core) {
    this.core = core;
    this.heartbeatNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), core.settings.stalenessBound().toNanos() / 4);
  }

  void start() {
    core.timers.schedule(this::heartbeat, heartbeatNanos);
    core.timers.schedule(this::maintain, REPLAY_NANOS);
  }

  /** Whether a request may read L2 now: connected, answering, not refused, and no recovery owed. */
  boolean readable() {
    return writable() && !gated;
  }

  /** Whether a request may send commands to L2 now. */
  boolean writable() {
    L2 l2 = core.l2;
    return l2 != null && refused == null && !breakerOpen.get() && !closed && l2.isConnected();
  }

  boolean subscribed() {
    return subscribed;
  }

  void subscribed(boolean subscribed) {
    this.subscribed = subscribed;
    if (subscribed && subscribedOnce.compareAndSet(false, true)) {
      ready.countDown();
    }
    if (subscribed) {
      core.timers.schedule(this::sendHeartbeat, 0); // earn trust now, not a heartbeat interval later
    }
  }

  /** A heartbeat came back and counted. */
  void heard() {
    if (heardOnce.compareAndSet(false, true)) {
      ready.countDown();
    }
  }

  /** A command failed: a refusal is counted; a timeout opens the breaker; any outage closes the gate. */
  void failed(Failure failure) {
    if (failure == null || closed) {
      return;
    }
    if (refused != null) {
      return;
    }
    core.stats.l2Errors.increment();
    switch (failure.kind()) {
      case TIMEOUT -> {
        if (breakerOpen.compareAndSet(false, true)) {
          core.throttled.warn("breaker", "Redis at {} did not answer in time ({}); requests skip L2 until it answers",
              core.l2.describe(), failure.message());
          core.timers.schedule(this::probe, PROBE_NANOS);
        }
        outage("a command timed out");
      }
      case DISCONNECTED -> outage(failure.message());
      case REFUSED -> {
        if (RedisFailures.isNoPermission(failure)) {
          refused("Redis refused a command for lack of permission: " + failure.message());
        } else {
          core.throttled.warn("refused", "Redis at {} refused a command: {}", core.l2.describe(), failure.message());
        }
      }
    }
  }

  /** Redis may have lost or missed writes: no L2 read until recovery. */
  void outage(String why) {
    if (closed) {
      return;
    }
    outages.incrementAndGet();
    lastOutage = why;
    if (!gated) {
      gated = true;
      core.throttled.warn("outage", "Redis at {}: {}; serving from L1 and the loader until it is back",
          core.l2.describe(), why);
    }
  }

  /** The command connection is up again: recover if an outage is owed. */
  void connected() {
    if (connectedOnce.compareAndSet(false, true)) {
      ready.countDown();
    }
    if (gated) {
      recover();
    }
  }

  /**
   * Waits until L2 is first connected, subscribed and heard (a heartbeat came back), at most
   * {@code timeout}; the cache works meanwhile either way. (The first subscription drops what lookups in
   * flight learned before it, and until a heartbeat comes back L1 entries live at most the staleness
   * bound, so reads that start after this fill at once and for their full time.)
   */
  void awaitFirstConnection(java.time.Duration timeout) {
    try {
      ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Redis refuses the cache for good: L1 only, said once. {@code build()} stops waiting for a connection
   * that will not come.
   */
  void refused(String why) {
    if (refused == null) {
      refused = why;
      CacheCore.log.error("Redis at {} refuses this cache: {}. The cache is L1 only until it is rebuilt.",
          core.l2.describe(), why);
    }
    while (ready.getCount() > 0) {
      ready.countDown();
    }
  }

  /** Whether Redis refused the cache for good: nothing is sent to it, nothing is kept for it. */
  boolean isRefused() {
    return refused != null;
  }

  private void probe() {
    if (closed || !breakerOpen.get()) {
      return;
    }
    core.l2.ping().thenAccept(r -> {
      if (r.succeeded()) {
        breakerOpen.set(false);
        CacheCore.log.info("Redis at {} answers again", core.l2.describe());
        recover();
      } else {
        core.timers.schedule(this::probe, PROBE_NANOS);
      }
    });
  }

  /** Replays everything pending, then starts a new era, then opens the gate: unless a new outage came. */
  private void recover() {
    if (closed || !gated || !writable() || !recovering.compareAndSet(false, true)) {
      return;
    }
    long seen = outages.get();
    drain().thenCompose(empty -> empty ? core.writes.newEra() : CompletableFuture.completedFuture(false))
        .whenComplete((ok, error) -> {
          recovering.set(false);
          if (error == null && ok && outages.get() == seen) {
            gated = false;
            CacheCore.log.info("Redis at {} is back: pending invalidations applied, new era begun; L2 in use again",
                core.l2.describe());
          }
        });
  }

  /** Replays batches until the queue is empty or a batch fails. */
  private CompletableFuture<Boolean> drain() {
    if (core.pending.isEmpty()) {
      return CompletableFuture.completedFuture(true);
    }
    return core.writes.replay().thenCompose(empty -> {
      if (empty) {
        return CompletableFuture.completedFuture(true);
      }
      return core.pending.isEmpty() || closed || !writable() ? CompletableFuture.completedFuture(core.pending.isEmpty()) : drain();
    });
  }

  /** Every 250 ms: replay pending invalidations, or recover, when Redis can take them. */
  private void maintain() {
    if (closed) {
      return;
    }
    try {
      if (gated) {
        recover();
      } else if (!core.pending.isEmpty() && writable() && replaying.compareAndSet(false, true)) {
        drain().whenComplete((empty, error) -> replaying.set(false));
      }
    } finally {
      core.timers.schedule(this::maintain, REPLAY_NANOS);
    }
  }

  private void heartbeat() {
    if (closed) {
      return;
    }
    try {
      sendHeartbeat();
    } finally {
      core.timers.schedule(this::heartbeat, heartbeatNanos);
    }
  }

  private void sendHeartbeat() {
    if (closed || !subscribed || gated || !writable()) {
      return;
    }
    String text = core.trust.nextHeartbeat(core.ticker.read());
    CompletableFuture<L2.Result> sent = core.l2.heartbeat(core.bus.heartbeat(text));
    sent.thenAccept(r -> {
      if (!r.succeeded()) {
        failed(r.failure());
      } else if (r.value() == 0 && subscribed) {
        core.subscriber.subscriptionLost("Redis has no subscriber on this instance's heartbeat channel");
        core.l2.resubscribe();
      }
    });
    // A hung Redis is found within the staleness bound, not the (longer) command timeout: once the
    // breaker is open, no request waits for Redis.
    core.timers.schedule(() -> {
      if (!sent.isDone()) {
        failed(new Failure(Failure.Kind.TIMEOUT, "no answer to a heartbeat within " + core.settings.stalenessBound()));
      }
    }, core.settings.stalenessBound().toNanos());
  }


  /** What L2 is doing now. */
  CacheHealth health() {
    L2 l2 = core.l2;
    long pending = core.pending.size();
    if (l2 == null) {
      return new CacheHealth(L2State.DISABLED, "no L2 configured", 0);
    }
    String where = l2.describe();
    if (refused != null) {
      return new CacheHealth(L2State.REFUSED, where + ": " + refused, pending);
    }
    if (!l2.isConnected()) {
      return new CacheHealth(L2State.CONNECTING, where + ": not connected", pending);
    }
    if (breakerOpen.get()) {
      return new CacheHealth(L2State.BREAKER_OPEN, where + ": did not answer in time", pending);
    }
    if (gated) {
      return new CacheHealth(L2State.RECOVERING,
          where + ": answering again after an outage (" + lastOutage + "); replaying invalidations and starting a "
              + "new era before L2 is read again", pending);
    }
    if (!subscribed || !core.trust.isTrusted(core.ticker.read())) {
      return new CacheHealth(L2State.DEGRADED,
          where + ": cannot show that every invalidation was heard; L1 entries live at most the staleness bound", pending);
    }
    return new CacheHealth(L2State.UP, where, pending);
  }

  void close() {
    closed = true;
  }
}
