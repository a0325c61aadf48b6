package io.cachegen.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.cachegen.testing.RedisCluster;
import io.cachegen.testing.RedisSentinelSet;
import io.cachegen.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link RedisControl} over real {@code redis-server} processes: one server, a Sentinel set or a cluster.
 * Keys are read and written through a plain Lettuce connection of its own (an administrator's, not the
 * L2's) to the master that serves them, opened per call; faults hit every master.
 */
final class ServersControl implements RedisControl, AutoCloseable {
  private final Function<String, RedisServer> masterOf;
  private final Supplier<List<RedisServer>> masters;
  private final Supplier<List<RedisServer>> nodes;
  private final Runnable failOver;
  private final RedisClient admin = RedisClient.create();
  private List<RedisServer> killed = List.of();
  private List<RedisServer> paused = List.of();

  private ServersControl(
      Function<String, RedisServer> masterOf,
      Supplier<List<RedisServer>> masters,
      Supplier<List<RedisServer>> nodes,
      Runnable failOver) {
    this.masterOf = masterOf;
    this.masters = masters;
    this.nodes = nodes;
    this.failOver = failOver;
  }

  static ServersControl of(RedisServer server) {
    return new ServersControl(key -> server, () -> List.of(server), () -> List.of(server), null);
  }

  static ServersControl of(RedisSentinelSet set) {
    return new ServersControl(key -> set.master(), () -> List.of(set.master()), set::dataNodes,
        set::killMasterAndAwaitFailover);
  }

  /** Fails over the master of the channels' slot, so that the subscription has to move too. */
  static ServersControl of(RedisCluster cluster) {
    return new ServersControl(cluster::masterOf, cluster::masters, cluster::nodes,
        () -> cluster.killAndAwaitFailover(cluster.masterOf(L2ContractTest.INVALIDATIONS)));
  }

  <T> T call(String key, Function<RedisCommands<byte[], byte[]>, T> command) {
    RedisServer server = masterOf.apply(key);
    try (StatefulRedisConnection<byte[], byte[]> c =
        admin.connect(ByteArrayCodec.INSTANCE, RedisURI.create(server.host(), server.port()))) {
      return command.apply(c.sync());
    }
  }

  @Override
  public void flushAll() {
    for (RedisServer master : masters.get()) {
      master.command("FLUSHALL");
    }
  }

  @Override
  public void set(String key, byte[] value, long pxMillis) {
    call(key, c -> pxMillis > 0 ? c.set(key.getBytes(UTF_8), value, SetArgs.Builder.px(pxMillis))
        : c.set(key.getBytes(UTF_8), value));
  }

  @Override
  public byte[] get(String key) {
    return call(key, c -> c.get(key.getBytes(UTF_8)));
  }

  @Override
  public long pttl(String key) {
    return call(key, c -> c.pttl(key.getBytes(UTF_8)));
  }

  @Override
  public void makeList(String key) {
    call(key, c -> c.rpush(key.getBytes(UTF_8), "x".getBytes(UTF_8)));
  }

  @Override
  public void outOfMemory(boolean on) {
    for (RedisServer master : masters.get()) {
      if (on) {
        master.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        master.command("CONFIG", "SET", "maxmemory", "1");
      } else {
        master.command("CONFIG", "SET", "maxmemory", "0");
      }
    }
  }

  @Override
  public void killSubscriptions() {
    for (RedisServer node : nodes.get()) {
      if (node.isRunning()) {
        node.command("CLIENT", "KILL", "TYPE", "pubsub");
      }
    }
  }

  @Override
  public void flushScripts() {
    for (RedisServer node : nodes.get()) {
      if (node.isRunning()) {
        node.command("SCRIPT", "FLUSH");
      }
    }
  }

  @Override
  public synchronized void kill() {
    killed = List.copyOf(masters.get());
    killed.forEach(RedisServer::kill);
  }

  @Override
  public synchronized void restart() {
    killed.forEach(RedisServer::restart);
    killed = List.of();
  }

  @Override
  public synchronized void pause() {
    paused = List.copyOf(masters.get());
    paused.forEach(RedisServer::pause);
  }

  @Override
  public synchronized void resume() {
    paused.forEach(RedisServer::resume);
    paused = List.of();
  }

  @Override
  public boolean canFailOver() {
    return failOver != null;
  }

  @Override
  public void failOver() {
    failOver.run();
  }

  @Override
  public void close() {
    admin.shutdown();
  }
}
