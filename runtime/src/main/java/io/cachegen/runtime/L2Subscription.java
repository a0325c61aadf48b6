package io.cachegen.runtime;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription of one {@link LettuceL2} to its two channels (invalidations, and its own heartbeats),
 * on a pub/sub connection of its own that this class reconnects (Lettuce's automatic reconnection would
 * go back to the same address, while on a cluster the channels' slot may have moved).
 *
 * <p>Each attempt connects to the server that serves the channels ({@link RedisConnector#connectPubSub}),
 * subscribes to both ({@code SUBSCRIBE}, or {@code SSUBSCRIBE} on a cluster) and reports
 * {@link L2.Listener#subscribed()} once Redis confirmed both. A dropped connection, an unsubscription by
 * Redis (a sharded channel's slot moved) or a topology change that moves the channels' slot elsewhere
 * ends the attempt: {@link L2.Listener#subscriptionLost} (if it was subscribed), and a new attempt after
 * a delay that doubles from 1 ms up to {@link SharedClientResources#MAX_RECONNECT_DELAY}. Messages of an
 * ended attempt are dropped. A {@code NOPERM} on {@code SUBSCRIBE} is a refusal, reported once.
 *
 * <p>An empty message is a permission probe ({@link L2AccessCheck}) and is not passed on.
 */
final class L2Subscription {
  private static final Logger log = LoggerFactory.getLogger(L2Subscription.class);

  private final RedisConnector connector;
  private final byte[] invalidationChannel;
  private final byte[] heartbeatChannel;
  private final L2.Listener listener;
  private final Consumer<String> refuse;
  private final L2Scheduler scheduler;
  private final String description;
  private final Object lock = new Object();
  private final L2Backoff backoff = new L2Backoff();

  // guarded by lock
  private long attempt;
  private Attempt current;
  private boolean subscribed;
  private boolean stopped;

  L2Subscription(
      RedisConnector connector,
      byte[] invalidationChannel,
      byte[] heartbeatChannel,
      L2.Listener listener,
      Consumer<String> refuse,
      L2Scheduler scheduler,
      String description) {
    this.connector = connector;
    this.invalidationChannel = invalidationChannel;
    this.heartbeatChannel = heartbeatChannel;
    this.listener = listener;
    this.refuse = refuse;
    this.scheduler = scheduler;
    this.description = description;
  }

  /** Starts subscribing (once). */
  void start() {
    synchronized (lock) {
      if (stopped || current != null) {
        return;
      }
      begin();
    }
  }

  /** Stops for good and reports nothing more; the connector's shutdown closes the connection. */
  void stop() {
    synchronized (lock) {
      stopped = true;
      current = null;
    }
  }

  /** Whether both channels are subscribed now. */
  boolean isSubscribed() {
    synchronized (lock) {
      return subscribed;
    }
  }

  /** Redis has no subscription of ours although the connection looks up: end it and subscribe again. */
  void restart(String why) {
    synchronized (lock) {
      Attempt a = current;
      if (a != null) {
        end(a, why);
      }
    }
  }

  /** The topology changed: if the channels are served elsewhere now, subscribe there. */
  void topologyChanged() {
    synchronized (lock) {
      Attempt a = current;
      if (a != null && a.node != null && !connector.serves(a.node, invalidationChannel)) {
        end(a, "the channels' slot moved away from " + a.node);
      }
    }
  }

  // guarded by lock
  private void begin() {
    Attempt a = new Attempt(++attempt);
    current = a;
    CompletableFuture<RedisConnector.PubSub> connecting;
    try {
      connecting = connector.connectPubSub(invalidationChannel);
    } catch (RuntimeException e) {
      connecting = CompletableFuture.failedFuture(e);
    }
    connecting.whenComplete((pubSub, error) -> {
      if (error != null) {
        failed(a, error);
      } else {
        connected(a, pubSub);
      }
    });
  }

  private void connected(Attempt a, RedisConnector.PubSub pubSub) {
    StatefulRedisPubSubConnection<byte[], byte[]> c = pubSub.connection();
    synchronized (lock) {
      if (current != a) {
        c.closeAsync();
        return;
      }
      a.connection = c;
      a.node = pubSub.node();
    }
    c.addListener(new Messages(a));
    c.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        synchronized (lock) {
          end(a, "the subscription connection to " + a.node + " dropped");
        }
      }
    });
    CompletableFuture<Void> subscribing;
    try {
      subscribing = (connector.sharded()
          ? c.async().ssubscribe(invalidationChannel, heartbeatChannel)
          : c.async().subscribe(invalidationChannel, heartbeatChannel)).toCompletableFuture();
    } catch (RuntimeException e) {
      subscribing = CompletableFuture.failedFuture(e);
    }
    subscribing.whenComplete((ignored, error) -> {
      if (error != null) {
        failed(a, error);
      }
    });
    if (!c.isOpen()) {
      synchronized (lock) {
        end(a, "the subscription connection to " + a.node + " closed");
      }
    }
  }

  private void failed(Attempt a, Throwable error) {
    L2.Failure failure = RedisFailures.of(error);
    String refusal = RedisFailures.isNoPermission(failure)
        ? "subscribing to the channels " + channels() + " was refused: " + failure.message()
            + " (the user needs +" + (connector.sharded() ? "ssubscribe" : "subscribe") + " and &"
            + new String(invalidationChannel, java.nio.charset.StandardCharsets.UTF_8) + " &"
            + new String(heartbeatChannel, java.nio.charset.StandardCharsets.UTF_8) + ")"
        : RedisFailures.refusalOf(error);
    if (refusal != null) {
      refuse.accept(refusal);
      return;
    }
    synchronized (lock) {
      if (current == a) {
        log.debug("Subscribing to {} at {} failed ({}); retrying", channels(), description, failure.message());
        end(a, "subscribing failed: " + failure.message());
      }
    }
  }

  /** Ends attempt {@code a} if it is the current one, and schedules the next. Guarded by lock. */
  private void end(Attempt a, String why) {
    if (current != a || stopped) {
      return;
    }
    current = null;
    a.close();
    if (subscribed) {
      subscribed = false;
      log.info("Lost the subscription to {} at {}: {}; L1 may have missed invalidations", channels(), description, why);
      listener.subscriptionLost(why);
    }
    long delay = backoff.next();
    scheduler.schedule(() -> {
      synchronized (lock) {
        if (!stopped && current == null) {
          begin();
        }
      }
    }, delay);
  }

  private String channels() {
    return new String(invalidationChannel, java.nio.charset.StandardCharsets.UTF_8) + " and "
        + new String(heartbeatChannel, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** One connection attempt. */
  private static final class Attempt {
    final long number;
    volatile StatefulRedisPubSubConnection<byte[], byte[]> connection;
    volatile String node;
    boolean invalidationsConfirmed;
    boolean heartbeatsConfirmed;

    Attempt(long number) {
      this.number = number;
    }

    void close() {
      StatefulRedisPubSubConnection<byte[], byte[]> c = connection;
      if (c != null) {
        try {
          c.closeAsync();
        } catch (RuntimeException e) {
          // already closed
        }
      }
    }

    @Override
    public String toString() {
      return "attempt " + number;
    }
  }

  /** What one attempt's connection delivers. */
  private final class Messages extends RedisPubSubAdapter<byte[], byte[]> {
    private final Attempt attempt;

    Messages(Attempt attempt) {
      this.attempt = attempt;
    }

    @Override
    public void message(byte[] channel, byte[] message) {
      deliver(channel, message);
    }

    @Override
    public void smessage(byte[] channel, byte[] message) {
      deliver(channel, message);
    }

    @Override
    public void subscribed(byte[] channel, long count) {
      confirmed(channel);
    }

    @Override
    public void ssubscribed(byte[] channel, long count) {
      confirmed(channel);
    }

    @Override
    public void unsubscribed(byte[] channel, long count) {
      unsubscribedByRedis(channel);
    }

    @Override
    public void sunsubscribed(byte[] channel, long count) {
      unsubscribedByRedis(channel);
    }

    private void deliver(byte[] channel, byte[] message) {
      if (message == null || message.length == 0) {
        return; // a permission probe
      }
      synchronized (lock) {
        if (current != attempt || stopped) {
          return;
        }
        // Delivered under the lock so that no message of an ended attempt follows subscriptionLost.
        if (Arrays.equals(channel, invalidationChannel)) {
          listener.invalidation(message);
        } else if (Arrays.equals(channel, heartbeatChannel)) {
          listener.heartbeat(message);
        }
      }
    }

    private void confirmed(byte[] channel) {
      synchronized (lock) {
        if (current != attempt || stopped) {
          return;
        }
        if (Arrays.equals(channel, invalidationChannel)) {
          attempt.invalidationsConfirmed = true;
        } else if (Arrays.equals(channel, heartbeatChannel)) {
          attempt.heartbeatsConfirmed = true;
        }
        if (attempt.invalidationsConfirmed && attempt.heartbeatsConfirmed && !subscribed) {
          subscribed = true;
          backoff.reset();
          log.debug("Subscribed to {} at {}", channels(), attempt.node);
          listener.subscribed();
        }
      }
    }

    private void unsubscribedByRedis(byte[] channel) {
      synchronized (lock) {
        end(attempt, "Redis unsubscribed " + new String(channel, java.nio.charset.StandardCharsets.UTF_8)
            + " (its slot moved, or the server changed role)");
      }
    }
  }
}
