package io.cachegen.benchmarks;

import io.cachegen.runtime.CacheHealth;
import io.cachegen.runtime.TieredCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a write costs the instance that makes it, as more instances hold the written keys: {@code n}
 * {@link TieredCache}s in this JVM, each built on its own (own connections, own subscription) on one
 * redis-server, every one holding every written key in L1; the first times its {@code delete}s and
 * {@code set}s. The protocol promises one round trip, whatever the number of instances (G4).
 */
final class WriteLatency {
  /** Timed writes of each kind. */
  static final int WRITES = 2_000;
  /** Untimed writes of each kind first, on keys of their own. */
  static final int WARM_UP = 500;
  static final Duration TTL = Duration.ofMinutes(10);

  private static final byte[] OLD = "v1".repeat(32).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEW = "v2".repeat(32).getBytes(StandardCharsets.US_ASCII);

  /**
   * The writer's latencies with {@code instances} instances.
   *
   * @param held whether every instance served every key from L1 just before the writes
   * @param writerAfter the writer's health after its writes (pending invalidations should be 0)
   */
  record Result(int instances, Latencies deletes, Latencies sets, boolean held, CacheHealth writerAfter) {}

  /** The keys of one run: deleted and set ones, warm-up and timed. */
  record Keys(List<String> warmDeletes, List<String> warmSets, List<String> deletes, List<String> sets) {
    static Keys named(String prefix) {
      return new Keys(
          names(prefix + "warm-del:", WARM_UP), names(prefix + "warm-set:", WARM_UP),
          names(prefix + "del:", WRITES), names(prefix + "set:", WRITES));
    }

    List<String> all() {
      List<String> all = new ArrayList<>(warmDeletes);
      all.addAll(warmSets);
      all.addAll(deletes);
      all.addAll(sets);
      return all;
    }

    private static List<String> names(String prefix, int n) {
      List<String> names = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        names.add(prefix + i);
      }
      return names;
    }
  }

  private WriteLatency() {}

  static Result run(String uri, int instances) {
    BenchEnv.flushAll(uri);
    Keys keys = Keys.named("wl:");
    List<TieredCache> caches = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        caches.add(TieredCache.builder().redisUri(uri).build());
      }
      TieredCache writer = caches.get(0);
      store(writer, keys.all());
      boolean held = true;
      for (TieredCache cache : caches) {
        held &= hold(cache, keys.all());
      }
      Result r = time(writer, keys, instances, held);
      System.out.printf("write latency, %d instance(s): delete %s; set %s%n", instances, r.deletes().summary(), r.sets().summary());
      return r;
    } finally {
      caches.forEach(TieredCache::close);
    }
  }

  /** Stores the old value of every key, through {@code writer}. */
  static void store(TieredCache writer, List<String> keys) {
    for (String key : keys) {
      writer.set(key, OLD, TTL);
    }
  }

  /**
   * Reads every key through {@code cache} (from L2, into L1), then once more; true if the second pass
   * was all L1 hits.
   */
  static boolean hold(TieredCache cache, List<String> keys) {
    for (String key : keys) {
      if (cache.get(key) == null) {
        throw new IllegalStateException("key " + key + " is not readable from Redis");
      }
    }
    long before = cache.stats().l1Hits();
    for (String key : keys) {
      cache.get(key);
    }
    return cache.stats().l1Hits() - before == keys.size();
  }

  /** The warm-up writes, then the timed ones: a delete and a set in turn, each key once. */
  static Result time(TieredCache writer, Keys keys, int instances, boolean held) {
    writeAll(writer, keys.warmDeletes(), keys.warmSets(), new long[WARM_UP], new long[WARM_UP]);
    long[] deletes = new long[WRITES];
    long[] sets = new long[WRITES];
    writeAll(writer, keys.deletes(), keys.sets(), deletes, sets);
    return new Result(instances, Latencies.of(deletes), Latencies.of(sets), held, writer.health());
  }

  private static void writeAll(TieredCache writer, List<String> toDelete, List<String> toSet, long[] deletes, long[] sets) {
    for (int i = 0; i < toDelete.size(); i++) {
      long t0 = System.nanoTime();
      writer.delete(toDelete.get(i));
      long t1 = System.nanoTime();
      writer.set(toSet.get(i), NEW, TTL);
      long t2 = System.nanoTime();
      deletes[i] = t1 - t0;
      sets[i] = t2 - t1;
    }
  }
}
