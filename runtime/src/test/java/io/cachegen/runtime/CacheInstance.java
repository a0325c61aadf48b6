package io.cachegen.runtime;

import java.util.Map;

/**
 * One instance of an application using the cache, as the fault tests drive it: in this JVM
 * ({@link #local}) or in a child JVM ({@link PeerJvm}). Reads and writes go through a {@link Catalog}.
 */
interface CacheInstance extends AutoCloseable {

  /** A name for reports ({@code "A"}, {@code "B"}). */
  String name();

  /** Reads {@code key} through the cache (L1, L2 or the loader). */
  Catalog.Val read(String key);

  /** Writes {@code target} (database, then invalidation); returns the versions it made. */
  Map<String, Long> update(String target);

  /** The cache's counters. */
  CacheStats stats();

  /** What the cache's L2 is doing. */
  L2State state();

  @Override
  void close();

  /** An instance in this JVM. */
  static Local local(String name, TieredCache cache, Catalog catalog) {
    return new Local(name, cache, catalog);
  }

  /** An instance in this JVM: a {@link TieredCache} and a {@link Catalog} over it. */
  record Local(String name, TieredCache cache, Catalog catalog) implements CacheInstance {
    @Override
    public Catalog.Val read(String key) {
      return catalog.read(key);
    }

    @Override
    public Map<String, Long> update(String target) {
      return catalog.update(target);
    }

    @Override
    public CacheStats stats() {
      return cache.stats();
    }

    @Override
    public L2State state() {
      return cache.health().state();
    }

    @Override
    public void close() {
      cache.close();
    }

    @Override
    public String toString() {
      return name + " " + cache;
    }
  }
}
