package io.cachegen.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link L2} over a {@link SimRedis}: a command connection and a subscription connection, each ordered
 * in each direction with random latency, with command timeouts, drops and reconnection, as Lettuce
 * behaves (commands fail at once while disconnected), and with the moment a calling thread takes to reach
 * the socket (so that commands of one instance may reach the wire in another order than their calls, as
 * with several threads). Every callback to the protocol runs through the
 * owning instance's {@link SimInstance#post}, so a stalled instance processes nothing until it resumes.
 * With {@code clusterOrdering} a write's message is published only after its other replies came back,
 * as on a cluster.
 */
final class SimL2 implements L2 {
  private final SimWorld world;
  private final SimRedis redis;
  private final Host owner;
  private final String invalidationChannel;
  private final String heartbeatChannel;
  private final long commandTimeoutNanos;
  private final boolean clusterOrdering;
  final Conn commands = new Conn(false);
  final Conn subscription = new Conn(true);
  private Listener listener;
  private boolean closed;

  /** Where the connections' callbacks run: an instance (stall-aware), or directly. */
  interface Host {
    void post(Runnable task);

    boolean crashed();
  }

  SimL2(SimWorld world, SimRedis redis, Host owner, Settings settings, String instanceId, boolean clusterOrdering) {
    this.world = world;
    this.redis = redis;
    this.owner = owner;
    this.invalidationChannel = settings.invalidationChannel();
    this.heartbeatChannel = settings.heartbeatChannel(instanceId);
    this.commandTimeoutNanos = settings.commandTimeout().toNanos();
    this.clusterOrdering = clusterOrdering;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    world.after(world.millis(0.1, 1), commands::open);
    world.after(world.millis(0.1, 1), subscription::open);
  }

  private static String check(String key) {
    if (!io.cachegen.runtime.internal.KeyParts.isWellFormed(key)) {
      throw new IllegalArgumentException("a key or channel that is not well-formed UTF-16");
    }
    return key;
  }

  @Override
  public CompletableFuture<ReadReply> read(ReadRequest r) {
    check(r.key());
    r.tokenKeys().forEach(SimL2::check);
    CompletableFuture<ReadReply> result = new CompletableFuture<>();
    call(commands, () -> {
      Object[] out = new Object[1 + r.tokenKeys().size()];
      out[0] = redis.read(r.key(), r.maxValueBytes(), r.lease(), r.leaseMillis(), r.deadDigest());
      for (int i = 0; i < r.tokenKeys().size(); i++) {
        out[i + 1] = redis.token(r.tokenKeys().get(i), true);
      }
      return out;
    }, out -> {
      long[] tokens = new long[r.tokenKeys().size()];
      for (Object o : out) {
        if (o instanceof SimRedis.Refusal refusal) {
          result.complete(ReadReply.failed(new Failure(Failure.Kind.REFUSED, refusal.message())));
          return;
        }
      }
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = (Long) out[i + 1];
      }
      SimRedis.Read read = (SimRedis.Read) out[0];
      result.complete(new ReadReply(read.kind(), read.value(), read.pttlMillis(), read.removed(), tokens, null));
    }, failure -> result.complete(ReadReply.failed(failure)));
    return result;
  }

  @Override
  public CompletableFuture<Result> fill(String key, byte[] lease, byte[] envelope, long ttlMillis) {
    check(key);
    return single(() -> redis.fill(key, lease, envelope, ttlMillis));
  }

  @Override
  public CompletableFuture<Result> release(String key, byte[] lease) {
    check(key);
    return single(() -> redis.release(key, lease));
  }

  @Override
  public CompletableFuture<WriteReply> write(WriteRequest w) {
    w.deletes().forEach(SimL2::check);
    w.tokens().forEach(t -> check(t.tokenKey()));
    if (w.value() != null) {
      check(w.value().key());
    }
    CompletableFuture<WriteReply> result = new CompletableFuture<>();
    CompletableFuture<Result> published = new CompletableFuture<>();
    boolean inline = !clusterOrdering && w.message() != null;
    call(commands, () -> {
      List<Object> out = new ArrayList<>();
      for (String key : w.deletes()) {
        out.add(redis.del(key));
      }
      for (TokenSet t : w.tokens()) {
        out.add(redis.setToken(t.tokenKey(), t.token(), t.ttlMillis()));
      }
      if (w.value() != null) {
        out.add(redis.setValue(w.value().key(), w.value().envelope(), w.value().ttlMillis()));
      }
      if (inline) {
        out.add(redis.publish(invalidationChannel, w.message()));
      }
      return out.toArray();
    }, out -> {
      Failure[] deletes = new Failure[w.deletes().size()];
      Failure[] tokens = new Failure[w.tokens().size()];
      int i = 0;
      for (int d = 0; d < deletes.length; d++) {
        deletes[d] = refusal(out[i++]);
      }
      for (int t = 0; t < tokens.length; t++) {
        tokens[t] = refusal(out[i++]);
      }
      Failure value = w.value() == null ? null : refusal(out[i++]);
      if (inline) {
        Failure f = refusal(out[i]);
        published.complete(f == null ? Result.ok((Long) out[i]) : Result.failed(f));
      } else if (w.message() == null) {
        published.complete(Result.ok(0));
      } else {
        single(() -> redis.publish(invalidationChannel, w.message())).thenAccept(published::complete);
      }
      result.complete(new WriteReply(deletes, tokens, value, published));
    }, failure -> {
      Failure[] deletes = new Failure[w.deletes().size()];
      Failure[] tokens = new Failure[w.tokens().size()];
      java.util.Arrays.fill(deletes, failure);
      java.util.Arrays.fill(tokens, failure);
      published.complete(w.message() == null ? Result.ok(0) : Result.failed(failure));
      result.complete(new WriteReply(deletes, tokens, w.value() == null ? null : failure, published));
    });
    return result;
  }

  @Override
  public CompletableFuture<Result> heartbeat(byte[] payload) {
    return single(() -> redis.publish(heartbeatChannel, payload));
  }

  @Override
  public void resubscribe() {
    subscription.drop("resubscribing");
  }

  @Override
  public CompletableFuture<Result> ping() {
    return single(() -> 1L);
  }

  @Override
  public boolean isConnected() {
    return commands.up;
  }

  @Override
  public String describe() {
    return "sim";
  }

  @Override
  public void close() {
    closed = true;
    commands.drop("closed");
    subscription.drop("closed");
  }

  private long sendJitter() {
    return world.random.nextInt(4) == 0 ? world.millis(0, 0.2) : 0;
  }

  private static Failure refusal(Object reply) {
    return reply instanceof SimRedis.Refusal r ? new Failure(Failure.Kind.REFUSED, r.message()) : null;
  }

  private CompletableFuture<Result> single(Supplier<Object> command) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    call(commands, () -> new Object[] {command.get()}, out -> {
      Failure f = refusal(out[0]);
      result.complete(f != null ? Result.failed(f) : Result.ok(out[0] instanceof Long n ? n : 1));
    }, failure -> result.complete(Result.failed(failure)));
    return result;
  }

  /**
   * Sends a pipeline on {@code conn}: it runs at the server when it arrives (or when a hang ends); the
   * replies come back in order; a timeout or a drop fails it first.
   */
  private void call(Conn conn, Supplier<Object[]> atServer, Consumer<Object[]> onReply, Consumer<Failure> onFailure) {
    if (!conn.up) {
      onFailure.accept(new Failure(Failure.Kind.DISCONNECTED, "not connected"));
      return;
    }
    Call call = new Call(conn, onReply, onFailure);
    conn.inFlight.add(call);
    int generation = conn.generation;
    // The calling thread reaches the socket a moment later, as threads do: a command issued later by
    // another thread of the same instance may be sent first (the order on the wire is fixed only then).
    world.after(sendJitter(), () -> {
      if (conn.generation != generation || !conn.up) {
        return; // dropped meanwhile: the drop failed the call
      }
      world.at(conn.toServer(), () -> redis.arrive(conn, () -> {
        if (conn.generation != generation) {
          return;
        }
        Object[] out = atServer.get();
        world.at(conn.toClient(), () -> owner.post(() -> call.reply(out)));
      }));
    });
    world.after(commandTimeoutNanos, () -> owner.post(() -> call.fail(new Failure(Failure.Kind.TIMEOUT, "command timed out"))));
  }

  private final class Call {
    private final Conn conn;
    private final Consumer<Object[]> onReply;
    private final Consumer<Failure> onFailure;
    private boolean done;

    Call(Conn conn, Consumer<Object[]> onReply, Consumer<Failure> onFailure) {
      this.conn = conn;
      this.onReply = onReply;
      this.onFailure = onFailure;
    }

    void reply(Object[] out) {
      if (!done) {
        done = true;
        conn.inFlight.remove(this);
        onReply.accept(out);
      }
    }

    void fail(Failure failure) {
      if (!done) {
        done = true;
        conn.inFlight.remove(this);
        onFailure.accept(failure);
      }
    }
  }

  /** One connection: up or not, its generation, its in-flight calls, its latency. */
  final class Conn {
    final boolean isSubscription;
    final java.util.Set<Call> inFlight = new java.util.LinkedHashSet<>();
    boolean up;
    int generation;
    long extraLatency;
    private long lastToServer;
    private long lastToClient;

    Conn(boolean isSubscription) {
      this.isSubscription = isSubscription;
    }

    void open() {
      if (closed || up || owner.crashed()) {
        return;
      }
      if (!redis.connect(this)) {
        world.after(world.millis(50, 500), this::open);
        return;
      }
      up = true;
      generation++;
      int g = generation;
      if (isSubscription) {
        world.at(toServer(), () -> redis.arrive(this, () -> {
          redis.subscribe(this, invalidationChannel);
          redis.subscribe(this, heartbeatChannel);
          world.at(toClient(), () -> owner.post(() -> {
            if (up && generation == g) {
              listener.subscribed();
            }
          }));
        }));
      } else {
        owner.post(() -> {
          if (up && generation == g) {
            listener.connected();
          }
        });
      }
    }

    /** The connection drops: calls in flight fail, the listener hears of it, and it reconnects later. */
    void drop(String why) {
      if (!up) {
        return;
      }
      up = false;
      generation++;
      redis.disconnected(this);
      List<Call> failed = new ArrayList<>(inFlight);
      inFlight.clear();
      owner.post(() -> {
        for (Call c : failed) {
          c.fail(new Failure(Failure.Kind.DISCONNECTED, why));
        }
        if (isSubscription) {
          listener.subscriptionLost(why);
        } else {
          listener.outage(why);
        }
      });
      if (!closed) {
        world.after(world.millis(20, 300), this::open);
      }
    }

    /** A message the server wrote to this subscription connection. */
    void deliver(String channel, byte[] payload) {
      int g = generation;
      world.at(toClient(), () -> owner.post(() -> {
        if (!up || generation != g) {
          return;
        }
        if (channel.equals(heartbeatChannel)) {
          listener.heartbeat(payload);
        } else {
          listener.invalidation(payload);
        }
      }));
    }

    long toServer() {
      lastToServer = Math.max(lastToServer + 1, world.now() + latency());
      return lastToServer;
    }

    long toClient() {
      lastToClient = Math.max(lastToClient + 1, world.now() + latency());
      return lastToClient;
    }

    private long latency() {
      return world.millis(0.02, 0.3) + extraLatency;
    }
  }
}
