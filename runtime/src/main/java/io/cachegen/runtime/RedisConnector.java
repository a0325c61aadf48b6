package io.cachegen.runtime;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of {@link LettuceL2} for one topology: the command connection, how to publish, and
 * where to subscribe. {@link StandaloneConnector} serves one server and a Sentinel set (Lettuce finds
 * the master); {@link ClusterConnector} serves Redis Cluster (sharded pub/sub, topology refresh).
 */
interface RedisConnector extends AutoCloseable {

  /** Connection events, in order per connection. */
  interface Events {
    /** The command connection dropped, or the set of masters changed: Redis may have lost writes. */
    void down(String why);

    /** A command connection came up (again): worth checking whether commands work now. */
    void up();

    /** The topology changed: the channels may be served by another node now. */
    void topologyChanged();
  }

  /** A pub/sub connection and the node it is connected to. */
  record PubSub(StatefulRedisPubSubConnection<byte[], byte[]> connection, String node) {}

  /** Connects the command connection once; completes exceptionally if this attempt failed. */
  CompletableFuture<Void> connect();

  /** The command API, or {@code null} before {@link #connect()} succeeded. */
  RedisClusterAsyncCommands<byte[], byte[]> commands();

  /** Whether the commands of one call run in the order they were sent (one connection to one server). */
  boolean ordered();

  /** Whether the channels use sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}). */
  boolean sharded();

  /** {@code PUBLISH} (or {@code SPUBLISH}) on the command connection. */
  CompletableFuture<Long> publish(byte[] channel, byte[] message);

  /**
   * {@code PING}: the server, or every master of a cluster (over the connections that commands routed by
   * slot use, which this connects: Lettuce rejects a command sent while a node connection is still being
   * made); completes with the number of servers that answered.
   */
  CompletableFuture<Long> ping();

  /** Connects a pub/sub connection to the server that serves {@code channel}. */
  CompletableFuture<PubSub> connectPubSub(byte[] channel);

  /** Whether {@code node} (from {@link PubSub#node()}) still serves {@code channel}. */
  boolean serves(String node, byte[] channel);

  /** Closes the connections and the clients; completes when they are closed. Never throws. */
  CompletableFuture<Void> closeAsync();

  /** Closes the connections and the clients, waiting at most 3 seconds. Never throws. */
  @Override
  default void close() {
    try {
      closeAsync().get(3, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // closing is best effort: the connections are closed or closing
    }
  }

  /** The codec: keys and values as bytes (keys are encoded as UTF-8 by {@link LettuceL2}). */
  ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;

  /**
   * Client options shared by the connectors: commands are rejected at once while disconnected, time out
   * after {@code commandTimeout}, and connecting gives up after {@code connectTimeout} (TLS handshake
   * included).
   */
  static <B extends ClientOptions.Builder> B configure(
      B builder, boolean autoReconnect, Duration connectTimeout, Duration commandTimeout, SslOptions ssl) {
    builder
        .autoReconnect(autoReconnect)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout));
    if (ssl != null) {
      builder.sslOptions(ssl);
    }
    return builder;
  }
}
