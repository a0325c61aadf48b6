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
 * An L1 hit as L1 grows: {@code entries} keys loaded (L1 bound = entries, L1-only caches, values
 * sharing their text and lists so a million fit), then read at random, so larger tables also pay for
 * CPU cache misses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L1ScaleBenchmark {

  @Param({"10000", "100000", "1000000"})
  public int entries;

  @Param({Contenders.CAFFEINE, Contenders.CACHEGEN_L1, Contenders.SPRING_CAFFEINE})
  public String contender;

  private Contenders.Handle handle;
  private ItemService service;

  @Setup(Level.Trial)
  public void setUp() {
    handle = Contenders.open(contender, Origin.sharedValue(), null, entries);
    service = handle.service;
    for (int i = 0; i < entries; i++) {
      service.item(i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    handle.close();
  }

  /** A per-thread xorshift generator of key indexes. */
  @State(Scope.Thread)
  public static class Random {
    long x = System.nanoTime() | 1;
  }

  @Benchmark
  public Item hit(Random r) {
    long x = r.x;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    r.x = x;
    return service.item((x >>> 1) % entries);
  }
}
