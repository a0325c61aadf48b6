package io.cachegen.runtime;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database behind the cache in the fault tests: a linearizable version number per key, which every
 * write bumps before it invalidates (as a generated {@code @Invalidates} method runs the delegate first)
 * and every loader reads. A read that returns version {@code v} of a key returned a value at least as old
 * as the write that made {@code v + 1}.
 */
interface VersionedDb extends AutoCloseable {

  /** The current version of {@code key}; 0 before its first write. */
  long version(String key);

  /** Makes a new version of {@code key} and returns it. */
  long bump(String key);

  @Override
  default void close() {}

  /** A database in this JVM, shared by the instances of one JVM. */
  static VersionedDb inMemory() {
    ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();
    return new VersionedDb() {
      @Override
      public long version(String key) {
        AtomicLong v = versions.get(key);
        return v == null ? 0 : v.get();
      }

      @Override
      public long bump(String key) {
        return versions.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      }
    };
  }

  /**
   * A database in a {@code redis-server} of its own (never the cache's), shared with peer JVMs: key
   * {@code db:<key>} holds the version ({@code GET}, {@code INCR}). One multiplexed connection.
   */
  static VersionedDb redis(String uri) {
    RedisClient client = RedisClient.create(uri);
    StatefulRedisConnection<String, String> connection = client.connect();
    RedisCommands<String, String> commands = connection.sync();
    return new VersionedDb() {
      @Override
      public long version(String key) {
        String v = commands.get("db:" + key);
        return v == null ? 0 : Long.parseLong(v);
      }

      @Override
      public long bump(String key) {
        return commands.incr("db:" + key);
      }

      @Override
      public void close() {
        connection.close();
        client.shutdown();
      }
    };
  }
}
