package io.cachegen.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An L1 hit: 1,024 keys loaded before measuring, then read round-robin. Two-tier contenders
 * ({@code cachegen}, {@code jetcache-both}) are connected to Redis but never reach it on a hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L1HitBenchmark {
  static final int KEYS = 1024;

  @Param({Contenders.CAFFEINE, Contenders.CACHEGEN, Contenders.SPRING_CAFFEINE, Contenders.JETCACHE_BOTH})
  public String contender;

  private Contenders.Handle handle;
  private ItemService service;

  @Setup(Level.Trial)
  public void setUp() {
    String uri = BenchEnv.redisUri();
    BenchEnv.flushAll(uri);
    handle = Contenders.open(contender, Origin.fast(), uri, 10_000);
    service = handle.service;
    for (int i = 0; i < KEYS; i++) {
      service.item(i);
    }
    BenchEnv.settle(uri);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    handle.close();
  }

  /** Each thread walks the keys on its own. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  public Item hit(Cursor cursor) {
    return service.item(cursor.next++ & (KEYS - 1));
  }
}
