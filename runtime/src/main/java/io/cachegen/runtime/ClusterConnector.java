package io.cachegen.runtime;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * Redis Cluster: a {@link RedisClusterClient} with periodic and adaptive topology refresh for commands
 * (each goes to its slot's master), and sharded pub/sub for the channels, whose names share a hash tag
 * and so one slot: {@code SPUBLISH} goes through the cluster connection, which routes it by the
 * channel's slot; {@code SSUBSCRIBE} goes over a pub/sub connection of a plain {@link RedisClient} to the
 * master that owns that slot (Lettuce's cluster pub/sub connection would send it to its default node).
 *
 * <p>Outages: a node connection that drops, and a change of the set of masters in the topology view (a
 * failover, a master added or removed), are reported as {@link Events#down}; every topology change is
 * reported as {@link Events#topologyChanged} so that the subscription can follow the channels' slot.
 */
final class ClusterConnector implements RedisConnector {
  /** How often the topology is read even when nothing suggests it changed. */
  static final Duration REFRESH_PERIOD = Duration.ofSeconds(1);

  private final RedisUris.Target target;
  private final Duration commandTimeout;
  private final String description;
  private final Events events;
  private final RedisClusterClient client;
  private final RedisClient pubSubClient;
  private final Disposable topologyEvents;
  private volatile StatefulRedisClusterConnection<byte[], byte[]> connection;
  private volatile Set<String> masters = Set.of();
  private volatile boolean closed;
  private CompletableFuture<Void> closing;

  ClusterConnector(
      ClientResources resources,
      RedisUris.Target target,
      String description,
      Duration connectTimeout,
      Duration commandTimeout,
      SslOptions ssl,
      Events events) {
    this.target = target;
    this.commandTimeout = commandTimeout;
    this.description = description;
    this.events = events;
    this.client = RedisClusterClient.create(resources, target.seedUris(commandTimeout));
    ClusterClientOptions.Builder options = ClusterClientOptions.builder()
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(REFRESH_PERIOD)
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
            .refreshTriggersReconnectAttempts(2)
            .build());
    this.client.setOptions(RedisConnector.configure(options, true, connectTimeout, commandTimeout, ssl).build());
    // Every node connection of this client: one that drops (and is still open, so not closed on purpose) is an outage.
    this.client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
        if (!closed && connection != null) {
          events.up();
        }
      }

      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        if (!closed && connection != null && !handler.isClosed()) {
          events.down("lost a connection to a node of " + description);
        }
      }
    });
    this.pubSubClient = RedisClient.create(resources);
    this.pubSubClient.setOptions(
        RedisConnector.configure(ClientOptions.builder(), false, connectTimeout, commandTimeout, ssl).build());
    this.topologyEvents = resources.eventBus().get()
        .filter(ClusterTopologyChangedEvent.class::isInstance)
        .subscribe(event -> checkTopology(), error -> { });
  }

  @Override
  public CompletableFuture<Void> connect() {
    // Lettuce 7 connects a cluster client only once it has a topology view.
    return client.refreshPartitionsAsync().toCompletableFuture()
        .thenCompose(ignored -> client.connectAsync(CODEC))
        .thenAccept(c -> {
      if (closed) {
        c.closeAsync();
        throw new IllegalStateException("closed");
      }
      masters = mastersOf(client.getPartitions());
      connection = c;
    });
  }

  /** Called for every topology change any cluster client of the JVM sees; compares this client's view. */
  private void checkTopology() {
    if (closed || connection == null) {
      return;
    }
    Set<String> now = mastersOf(client.getPartitions());
    Set<String> before = masters;
    if (!now.equals(before)) {
      masters = now;
      events.down("the masters of " + description + " changed from " + before + " to " + now);
    }
    events.topologyChanged();
  }

  /** The masters that serve slots and are not known to have failed, by node id and address. */
  private static Set<String> mastersOf(Partitions partitions) {
    Set<String> masters = new TreeSet<>();
    for (RedisClusterNode node : partitions) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)
          && !node.is(RedisClusterNode.NodeFlag.NOADDR) && !node.getSlots().isEmpty()) {
        masters.add(nodeName(node));
      }
    }
    return Set.copyOf(masters);
  }

  private static String nodeName(RedisClusterNode node) {
    return node.getNodeId() + "@" + node.getUri().getHost() + ":" + node.getUri().getPort();
  }

  @Override
  public RedisClusterAsyncCommands<byte[], byte[]> commands() {
    StatefulRedisClusterConnection<byte[], byte[]> c = connection;
    return c == null ? null : c.async();
  }

  @Override
  public boolean ordered() {
    return false;
  }

  @Override
  public boolean sharded() {
    return true;
  }

  @Override
  public CompletableFuture<Long> publish(byte[] channel, byte[] message) {
    return connection.async().spublish(channel, message).toCompletableFuture();
  }

  @Override
  public CompletableFuture<Long> ping() {
    StatefulRedisClusterConnection<byte[], byte[]> c = connection;
    List<CompletableFuture<String>> pings = new ArrayList<>();
    for (RedisClusterNode node : c.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
        // By address: the connection that commands routed by slot use (connected here if it was not yet).
        pings.add(c.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
            .thenCompose(nodeConnection -> nodeConnection.async().ping().toCompletableFuture()));
      }
    }
    if (pings.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException("no master in the topology of " + description));
    }
    return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).thenApply(ignored -> (long) pings.size());
  }

  @Override
  public CompletableFuture<PubSub> connectPubSub(byte[] channel) {
    int slot = SlotHash.getSlot(channel);
    return client.refreshPartitionsAsync().toCompletableFuture()
        .handle((ignored, error) -> client.getPartitions().getPartitionBySlot(slot))
        .thenCompose(owner -> {
          if (owner == null) {
            return CompletableFuture.failedFuture(
                new IllegalStateException("no master of " + description + " serves slot " + slot));
          }
          String host = owner.getUri().getHost();
          int port = owner.getUri().getPort();
          return pubSubClient.connectPubSubAsync(CODEC, target.nodeUri(host, port, commandTimeout))
              .toCompletableFuture()
              .thenApply(c -> new PubSub(c, nodeName(owner)));
        });
  }

  @Override
  public boolean serves(String node, byte[] channel) {
    RedisClusterNode owner = client.getPartitions().getPartitionBySlot(SlotHash.getSlot(channel));
    return owner != null && nodeName(owner).equals(node);
  }

  @Override
  public synchronized CompletableFuture<Void> closeAsync() {
    if (closing == null) {
      closed = true;
    topologyEvents.dispose();
      // Shutting a client down closes its connections.
      closing = CompletableFuture.allOf(
          client.shutdownAsync(0, 2, TimeUnit.SECONDS), pubSubClient.shutdownAsync(0, 2, TimeUnit.SECONDS));
    }
    return closing;
  }
}
