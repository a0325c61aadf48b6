package io.cachegen.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A stampede: {@code callers} threads ask for one cold key at the same moment while the load takes
 * {@link #LOAD_MILLIS} ms; counts how many times each contender ran the loader. A plain harness, not JMH.
 */
final class Stampede {
  static final int LOAD_MILLIS = 50;

  /** Loader calls per stampede for one contender. */
  record Result(String contender, int rounds, int callers, double meanLoads, long maxLoads, long minLoads, boolean allCorrect) {}

  static final List<String> CONTENDERS =
      List.of(
          Contenders.CAFFEINE, Contenders.CACHEGEN, Contenders.CACHEGEN_L2,
          Contenders.SPRING_CAFFEINE, Contenders.SPRING_CAFFEINE_SYNC, Contenders.SPRING_REDIS, Contenders.SPRING_REDIS_SYNC,
          Contenders.JETCACHE_BOTH, Contenders.JETCACHE_BOTH_PROTECT, Contenders.JETCACHE_REMOTE,
          Contenders.LETTUCE_JACKSON);

  private Stampede() {}

  static Map<String, Result> run(String uri, List<String> contenders, int rounds, int callers) throws Exception {
    Map<String, Result> results = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      for (String name : contenders) {
        BenchEnv.flushAll(uri);
        Origin origin = Origin.slow(LOAD_MILLIS);
        try (Contenders.Handle handle = Contenders.open(name, origin, uri, 10_000)) {
          handle.service.item(-1); // warm the path once (connections, proxies)
          long total = 0;
          long max = 0;
          long min = Long.MAX_VALUE;
          boolean correct = true;
          for (int r = 0; r < rounds; r++) {
            long key = 1_000_000L + r;
            Item expected = Item.of(key);
            CyclicBarrier start = new CyclicBarrier(callers);
            long before = origin.loads();
            List<Future<Item>> calls = new ArrayList<>(callers);
            for (int c = 0; c < callers; c++) {
              calls.add(pool.submit(() -> {
                start.await();
                return handle.service.item(key);
              }));
            }
            for (Future<Item> call : calls) {
              correct &= expected.equals(call.get());
            }
            long loads = origin.loads() - before;
            total += loads;
            max = Math.max(max, loads);
            min = Math.min(min, loads);
          }
          results.put(name, new Result(name, rounds, callers, (double) total / rounds, max, min, correct));
          System.out.printf("stampede %-22s %.2f loads per stampede (min %d, max %d)%n", name, (double) total / rounds, min, max);
        } catch (RuntimeException e) {
          System.err.println("stampede " + name + " failed: " + e);
          e.printStackTrace();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }
}
