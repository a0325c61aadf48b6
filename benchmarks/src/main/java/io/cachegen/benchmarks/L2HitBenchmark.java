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
 * An L2 hit: no L1 (or L1 turned off), 1,024 keys written to Redis before measuring, then read
 * round-robin: one round trip to Redis and one decode per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class L2HitBenchmark {
  static final int KEYS = 1024;

  @Param({Contenders.LETTUCE_JACKSON, Contenders.CACHEGEN_L2, Contenders.SPRING_REDIS, Contenders.JETCACHE_REMOTE})
  public String contender;

  private Contenders.Handle handle;
  private ItemService service;
  private Origin origin;

  @Setup(Level.Trial)
  public void setUp() {
    String uri = BenchEnv.redisUri();
    BenchEnv.flushAll(uri);
    origin = Origin.fast();
    handle = Contenders.open(contender, origin, uri, 10_000);
    service = handle.service;
    for (int i = 0; i < KEYS; i++) {
      service.item(i);
    }
    BenchEnv.settle(uri);
    long before = origin.loads();
    for (int i = 0; i < KEYS; i++) {
      service.item(i);
    }
    if (origin.loads() != before) {
      throw new IllegalStateException(contender + ": " + (origin.loads() - before) + " of " + KEYS + " keys missed L2 after loading");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long loads = origin.loads();
    handle.close();
    if (loads > KEYS) {
      System.err.println("WARNING " + contender + ": " + (loads - KEYS) + " loads during measurement: not all L2 hits");
    }
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
