package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.L2.Failure;
import io.cachegen.runtime.L2.Listener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection states of a {@link LettuceL2}: connecting (with back-off), checking what Redis grants
 * ({@link L2AccessCheck}) before reporting {@code connected()}, going down on an outage and recovering,
 * refusing for good (a missing permission, failed authentication or TLS), and closing. It owns the
 * subscription ({@link L2Subscription}), started once the check passes, and tells the commands whether
 * they may be sent.
 */
final class L2Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(LettuceL2.class);
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final Failure CLOSED = new Failure(Failure.Kind.DISCONNECTED, "L2 is closed");
  static final Failure NOT_CONNECTED = new Failure(Failure.Kind.DISCONNECTED, "not connected to Redis yet");

  private enum State {
    NEW,
    /** Not connected, or connected and not yet checked. */
    DOWN,
    CONNECTED,
    REFUSED,
    CLOSED
  }

  private final String description;
  private final byte[] invalidationChannel;
  private final byte[] heartbeatChannel;
  private final byte[] probeKey;
  private final byte[] tokenProbeKey;
  private final L2Scheduler scheduler;
  private final Object lock = new Object();
  private final L2Backoff backoff = new L2Backoff();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  private RedisConnector connector;

  // guarded by lock
  private State state = State.NEW;
  private Listener listener;
  private L2Subscription subscription;
  private boolean checking;
  private boolean recoveryScheduled;
  private long outages;
  private String refusal;
  private volatile boolean connected;
  private volatile boolean closed;

  L2Lifecycle(
      String description, byte[] invalidationChannel, byte[] heartbeatChannel, byte[] probeKey, byte[] tokenProbeKey,
      L2Scheduler scheduler) {
    this.description = description;
    this.invalidationChannel = invalidationChannel;
    this.heartbeatChannel = heartbeatChannel;
    this.probeKey = probeKey;
    this.tokenProbeKey = tokenProbeKey;
    this.scheduler = scheduler;
  }

  /** What the connector reports to this lifecycle. */
  RedisConnector.Events events() {
    return new ConnectorEvents();
  }

  /** The connector, made with {@link #events()}; once, before {@link #start}. */
  void bind(RedisConnector connector) {
    this.connector = requireNonNull(connector, "connector");
  }

  void start(Listener listener) {
    requireNonNull(listener, "listener");
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("start may be called once, on a new L2");
      }
      this.listener = listener;
      this.subscription = new L2Subscription(
          connector, invalidationChannel, heartbeatChannel, listener, this::refuse, scheduler, description);
      state = State.DOWN;
    }
    log.debug("Connecting to Redis at {}", description);
    scheduler.schedule(this::connect, 0);
  }

  private void connect() {
    CompletableFuture<Void> connecting;
    try {
      connecting = connector.connect();
    } catch (RuntimeException e) {
      connecting = CompletableFuture.failedFuture(e);
    }
    connecting.whenComplete((ignored, error) -> {
      if (closed) {
        return;
      }
      if (error == null) {
        log.debug("Connected to Redis at {}; checking permissions", description);
        recover();
        return;
      }
      String refused = RedisFailures.refusalOf(error);
      if (refused != null) {
        refuse(refused + " (" + description + ")");
        return;
      }
      long delay;
      synchronized (lock) {
        delay = backoff.next();
      }
      warn("Redis at {} is unreachable ({}); serving without L2 and retrying", description, RedisFailures.message(error));
      scheduler.schedule(this::connect, delay);
    });
  }

  /** Runs the access check (and on a cluster pings every master); reports {@code connected()} when it passes. */
  private void recover() {
    long epoch;
    synchronized (lock) {
      recoveryScheduled = false;
      if (state != State.DOWN || checking) {
        return;
      }
      checking = true;
      epoch = outages;
    }
    CompletableFuture<L2AccessCheck.Verdict> check;
    try {
      check = L2AccessCheck.run(connector, probeKey, tokenProbeKey, invalidationChannel, heartbeatChannel)
          .thenCompose(verdict -> !verdict.granted() || connector.ordered() ? CompletableFuture.completedFuture(verdict)
              : connector.ping().handle((n, e) -> e == null ? verdict
                  : new L2AccessCheck.Verdict(null, RedisFailures.of(e))));
    } catch (RuntimeException e) {
      check = CompletableFuture.completedFuture(new L2AccessCheck.Verdict(null, RedisFailures.of(e)));
    }
    check.whenComplete((verdict, error) -> {
      if (verdict != null && verdict.refusal() != null) {
        synchronized (lock) {
          checking = false;
        }
        refuse(verdict.refusal() + " (" + description + ")");
        return;
      }
      boolean startSubscription = false;
      synchronized (lock) {
        checking = false;
        if (state != State.DOWN) {
          return;
        }
        if (error == null && verdict.granted() && epoch == outages) {
          state = State.CONNECTED;
          connected = true;
          backoff.reset();
          log.info("Connected to Redis at {}", description);
          listener.connected();
          startSubscription = true;
        } else {
          Failure why = error != null ? RedisFailures.of(error) : verdict.outage();
          if (why != null) {
            log.debug("Redis at {} is not usable yet ({}); checking again", description, why.message());
          }
          scheduleRecovery(backoff.next());
        }
      }
      if (startSubscription) {
        subscription.start();
      }
    });
  }

  // guarded by lock
  private void scheduleRecovery(long delay) {
    if (!recoveryScheduled && state == State.DOWN) {
      recoveryScheduled = true;
      scheduler.schedule(this::recover, delay);
    }
  }

  private void down(String why) {
    synchronized (lock) {
      outages++;
      if (state == State.CONNECTED) {
        state = State.DOWN;
        connected = false;
        backoff.reset();
        log.warn("{}; serving without L2 until it is back", why);
        listener.outage(why);
      }
      scheduleRecovery(backoff.next());
    }
  }

  private void up() {
    synchronized (lock) {
      if (state == State.DOWN && !recoveryScheduled) {
        recoveryScheduled = true;
        scheduler.schedule(this::recover, 0);
      }
    }
  }

  /** Reports a refusal (once), closes the connections, and fails every later call with it. */
  private void refuse(String why) {
    synchronized (lock) {
      if (state == State.REFUSED || state == State.CLOSED) {
        return;
      }
      state = State.REFUSED;
      connected = false;
      refusal = why;
      // The listener (the cache) says it once, at ERROR, with what it does about it.
      log.debug("Redis refuses this cache, which goes on without L2 until it is rebuilt: {}", why);
      listener.refused(why);
    }
    subscription.stop();
    connector.closeAsync();
  }

  private final class ConnectorEvents implements RedisConnector.Events {
    @Override
    public void down(String why) {
      L2Lifecycle.this.down(why);
    }

    @Override
    public void up() {
      L2Lifecycle.this.up();
    }

    @Override
    public void topologyChanged() {
      L2Subscription s = subscription;
      if (s != null && !closed) {
        s.topologyChanged();
      }
    }
  }

  /** Why a command may not be sent now, or {@code null} if it may (Lettuce still rejects it while down). */
  Failure whyNot() {
    synchronized (lock) {
      return switch (state) {
        case CLOSED -> CLOSED;
        case REFUSED -> new Failure(Failure.Kind.REFUSED, "Redis refuses this cache: " + refusal);
        case NEW -> NOT_CONNECTED;
        default -> null;
      };
    }
  }

  /** A command was refused for lack of permission: refuse the cache, once, off the caller's thread. */
  void refuseLater(String why) {
    scheduler.schedule(() -> refuse(why), 0);
  }

  /** Ends the subscription and makes it again (Redis has none of ours although the connection looks up). */
  void resubscribe(String why) {
    L2Subscription s;
    synchronized (lock) {
      s = subscription;
    }
    if (s != null && !closed) {
      s.restart(why);
    }
  }

  boolean isConnected() {
    return connected && !closed;
  }

  boolean isClosed() {
    return closed;
  }

  /** Moves to closed and stops the subscription; false if it was closed already. */
  boolean close() {
    L2Subscription s;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return false;
      }
      state = State.CLOSED;
      closed = true;
      connected = false;
      s = subscription;
    }
    if (s != null) {
      s.stop();
    }
    return true;
  }

  /** Logs at WARN at most every 30 s, at DEBUG otherwise. */
  private void warn(String format, Object... args) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
  }
}
