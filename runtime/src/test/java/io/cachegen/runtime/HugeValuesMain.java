package io.cachegen.runtime;

import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.CachedMethod;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;

/**
 * The child JVM of {@link TieredCacheHugeValuesTest}, run with a small heap. Prints {@code RESULT} lines the
 * test checks and {@code FIGURE} lines for the README; exits 0 when every call returned without throwing.
 *
 * <ul>
 *   <li>{@code planted <port> <keys>}: reads keys {@code huge:0..n-1}, which the test planted in Redis (each
 *       about 50 MB), with {@code getJson}, {@code cacheAside}, a decorator's call, {@code get} and
 *       {@code exists}; then checks that the cache still works;
 *   <li>{@code weights <port> <keys> <valueBytes>}: loads that many values of that size through
 *       {@code cacheAside} under {@code l1MaximumWeight(32 MiB)} on one instance, closes it, then reads them
 *       all from Redis on another.
 * </ul>
 */
public final class HugeValuesMain {
  static final TypeRef<String> TEXT = TypeRef.of(String.class);
  static final Duration TTL = Duration.ofMinutes(5);
  static final CachedMethod<String> FIND = CachedMethod.of("HugeValues.find", "huge:", TEXT, TTL);

  private HugeValuesMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    int keys = Integer.parseInt(args[2]);
    boolean ok = switch (args[0]) {
      case "planted" -> planted(port, keys);
      case "weights" -> weights(port, keys, Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    };
    System.out.flush();
    System.exit(ok ? 0 : 1);
  }

  private static boolean planted(int port, int keys) {
    boolean ok = true;
    try (TieredCache cache = TieredCache.builder().redisUri("redis://127.0.0.1:" + port).build()) {
      CacheAccess decorator = CacheAccess.of(cache);
      for (int i = 0; i < keys; i++) {
        String key = "huge:" + i;
        String how = switch (i % 5) {
          case 0 -> "getJson";
          case 1 -> "cacheAside";
          case 2 -> "decorator";
          case 3 -> "get";
          default -> "exists";
        };
        try {
          Object result = switch (how) {
            case "getJson" -> cache.getJson(key, TEXT);
            case "cacheAside" -> cache.cacheAside(key, TTL, TEXT, () -> "small " + key);
            case "decorator" -> decorator.get(FIND, key, () -> "small " + key);
            case "get" -> cache.get(key);
            default -> cache.exists(key);
          };
          System.out.println("RESULT read " + key + " by " + how + ": " + describe(result));
        } catch (Throwable t) {
          ok = false;
          System.out.println("RESULT read " + key + " by " + how + " threw " + t);
        }
      }
      CacheStats stats = cache.stats();
      System.out.println("RESULT stats decodeFailures=" + stats.decodeFailures() + " l2Hits=" + stats.l2Hits()
          + " loads=" + stats.loads() + " l2Errors=" + stats.l2Errors());
      System.out.println("FIGURE: heap after " + keys + " reads of ~50 MB values planted in Redis: " + heap());
      // Still healthy: a value goes through both tiers.
      cache.setJson("after:1", "still works", TTL);
      System.out.println("RESULT after " + cache.getJson("after:1", TEXT) + " health=" + cache.health().state());
    }
    return ok;
  }

  private static boolean weights(int port, int keys, int valueBytes) {
    boolean ok = true;
    TieredCache.Builder builder = TieredCache.builder().redisUri("redis://127.0.0.1:" + port)
        .l1MaximumWeight(32L << 20).maxValueBytes(valueBytes + 1024);
    try (TieredCache loading = builder.build()) {
      for (int i = 0; i < keys; i++) {
        String key = "big:" + i;
        try {
          String value = loading.cacheAside(key, TTL, TEXT, () -> "x".repeat(valueBytes));
          if (value.length() != valueBytes) {
            ok = false;
          }
        } catch (Throwable t) {
          ok = false;
          System.out.println("RESULT load " + key + " threw " + t);
        }
      }
      CacheStats loaded = loading.stats();
      System.out.println("RESULT loading loads=" + loaded.loads() + " evictions=" + loaded.evictions() + " l1Size="
          + loaded.l1Size());
      System.out.println("FIGURE: L1 of " + keys + " loaded values of " + (valueBytes >> 20) + " MB under "
          + "l1MaximumWeight(32 MiB): " + loaded.l1Size() + " entries kept, " + loaded.evictions() + " evicted; heap "
          + heap());
    }
    try (TieredCache reading = builder.build()) {
      for (int i = 0; i < keys; i++) {
        String key = "big:" + i;
        try {
          String value = reading.cacheAside(key, TTL, TEXT, () -> "x".repeat(valueBytes));
          if (value.length() != valueBytes) {
            ok = false;
          }
        } catch (Throwable t) {
          ok = false;
          System.out.println("RESULT read " + key + " threw " + t);
        }
      }
      CacheStats read = reading.stats();
      System.out.println("RESULT reading l2Hits=" + read.l2Hits() + " loads=" + read.loads() + " evictions="
          + read.evictions() + " l1Size=" + read.l1Size());
      System.out.println("FIGURE: another instance reading them from Redis: " + read.l2Hits() + " L2 hits, "
          + read.l1Size() + " entries kept, " + read.evictions() + " evicted; heap " + heap());
    }
    return ok;
  }

  private static String describe(Object result) {
    if (result == null) {
      return "null";
    }
    if (result instanceof byte[] bytes) {
      return bytes.length + " bytes";
    }
    if (result instanceof String s) {
      return s.length() > 100 ? s.length() + " chars" : s;
    }
    return result.toString();
  }

  private static String heap() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return (heap.getUsed() >> 20) + " MB used of " + (heap.getMax() >> 20) + " MB";
  }
}
