package io.cachegen.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * A miss and load: every call asks for a key never asked before; the loader builds the value at once
 * (no simulated latency), so what is measured is the cache's own miss path: L1 miss, L2 {@code GET}
 * miss where there is an L2, the load, and the stores. Redis is flushed after each iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MissLoadBenchmark {

  @Param({
    Contenders.CAFFEINE, Contenders.CACHEGEN, Contenders.SPRING_CAFFEINE, Contenders.JETCACHE_BOTH,
    Contenders.LETTUCE_JACKSON, Contenders.CACHEGEN_L2, Contenders.SPRING_REDIS, Contenders.JETCACHE_REMOTE
  })
  public String contender;

  private final AtomicLong threads = new AtomicLong();
  private Contenders.Handle handle;
  private ItemService service;
  private String uri;

  @Setup(Level.Trial)
  public void setUp() {
    uri = BenchEnv.redisUri();
    BenchEnv.flushAll(uri);
    handle = Contenders.open(contender, Origin.fast(), uri, 10_000);
    service = handle.service;
  }

  @TearDown(Level.Iteration)
  public void flush() {
    BenchEnv.settle(uri);
    BenchEnv.flushAll(uri);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    handle.close();
  }

  /** Each thread has its own range of fresh keys. */
  @State(Scope.Thread)
  public static class Cursor {
    long next;

    @Setup(Level.Trial)
    public void setUp(MissLoadBenchmark b) {
      next = b.threads.getAndIncrement() << 40;
    }
  }

  @Benchmark
  public Item missAndLoad(Cursor cursor) {
    return service.item(cursor.next++);
  }
}
