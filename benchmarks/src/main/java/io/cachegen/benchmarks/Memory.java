package io.cachegen.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap per L1 entry: used heap after {@link #ENTRIES} entries minus before, after settling the heap
 * with {@code System.gc()}. Every entry holds the same value instance, so what is measured is what the
 * cache spends per entry (key, node, wrappers, expiry), not the value. L1-only configurations.
 */
final class Memory {
  static final int ENTRIES = 100_000;
  static final List<String> CONTENDERS =
      List.of(Contenders.CAFFEINE, Contenders.CACHEGEN_L1, Contenders.SPRING_CAFFEINE, Contenders.JETCACHE_LOCAL);

  private Memory() {}

  static Map<String, Double> run(List<String> contenders) {
    Map<String, Double> perEntry = new LinkedHashMap<>();
    for (String name : contenders) {
      // Twice: the first pass loads classes and warms up; the second is reported.
      double bytes = 0;
      for (int pass = 0; pass < 2; pass++) {
        Origin origin = Origin.sameInstance();
        Contenders.Handle handle = Contenders.open(name, origin, null, ENTRIES * 2L);
        handle.service.item(-1);
        long before = settledUsedHeap();
        for (int i = 0; i < ENTRIES; i++) {
          handle.service.item(i);
        }
        long after = settledUsedHeap();
        Reference.reachabilityFence(handle);
        Reference.reachabilityFence(origin);
        handle.close();
        bytes = (double) (after - before) / ENTRIES;
      }
      perEntry.put(name, bytes);
      System.out.printf("memory %-18s %.1f bytes per entry%n", name, bytes);
    }
    return perEntry;
  }

  private static long settledUsedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - last) < 64 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
