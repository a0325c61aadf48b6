package io.cachegen.runtime;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Redis server, or the master of a Sentinel set: one {@link RedisClient} for the command connection
 * (Lettuce reconnects it, and through the sentinels finds the current master on every reconnect), and
 * one for pub/sub connections, which {@link L2Subscription} reconnects itself. Everything a call sends
 * goes over the one command connection, so Redis runs it in the order sent.
 */
final class StandaloneConnector implements RedisConnector {
  private final RedisURI uri;
  private final String description;
  private final Events events;
  private final RedisClient commandClient;
  private final RedisClient pubSubClient;
  private volatile StatefulRedisConnection<byte[], byte[]> connection;
  private volatile boolean closed;
  private CompletableFuture<Void> closing;

  StandaloneConnector(
      ClientResources resources,
      RedisURI uri,
      String description,
      Duration connectTimeout,
      Duration commandTimeout,
      SslOptions ssl,
      Events events) {
    this.uri = uri;
    this.description = description;
    this.events = events;
    this.commandClient = RedisClient.create(resources);
    this.commandClient.setOptions(
        RedisConnector.configure(ClientOptions.builder(), true, connectTimeout, commandTimeout, ssl).build());
    this.pubSubClient = RedisClient.create(resources);
    this.pubSubClient.setOptions(
        RedisConnector.configure(ClientOptions.builder(), false, connectTimeout, commandTimeout, ssl).build());
  }

  @Override
  public CompletableFuture<Void> connect() {
    return commandClient.connectAsync(CODEC, uri).toCompletableFuture().thenAccept(c -> {
      if (closed) {
        c.closeAsync();
        throw new IllegalStateException("closed");
      }
      c.addListener(new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
          if (!closed) {
            events.up();
          }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
          // A connection closed on purpose is closed; one that dropped is not, and reconnects.
          if (!closed && !handler.isClosed()) {
            events.down("lost the connection to " + description);
          }
        }
      });
      connection = c;
    });
  }

  @Override
  public RedisClusterAsyncCommands<byte[], byte[]> commands() {
    StatefulRedisConnection<byte[], byte[]> c = connection;
    return c == null ? null : c.async();
  }

  @Override
  public boolean ordered() {
    return true;
  }

  @Override
  public boolean sharded() {
    return false;
  }

  @Override
  public CompletableFuture<Long> publish(byte[] channel, byte[] message) {
    return commands().publish(channel, message).toCompletableFuture();
  }

  @Override
  public CompletableFuture<Long> ping() {
    return commands().ping().toCompletableFuture().thenApply(pong -> 1L);
  }

  @Override
  public CompletableFuture<PubSub> connectPubSub(byte[] channel) {
    return pubSubClient.connectPubSubAsync(CODEC, uri).toCompletableFuture()
        .thenApply(c -> new PubSub(c, description));
  }

  @Override
  public boolean serves(String node, byte[] channel) {
    return true;
  }

  @Override
  public synchronized CompletableFuture<Void> closeAsync() {
    if (closing == null) {
      closed = true;
      // Shutting a client down closes its connections.
      closing = CompletableFuture.allOf(
          commandClient.shutdownAsync(0, 2, TimeUnit.SECONDS), pubSubClient.shutdownAsync(0, 2, TimeUnit.SECONDS));
    }
    return closing;
  }
}
