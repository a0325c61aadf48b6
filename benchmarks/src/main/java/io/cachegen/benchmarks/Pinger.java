package io.cachegen.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Another client of the same Redis: a plain Lettuce connection sending {@code PING} after {@code PING},
 * so that its latency shows what a harness's work costs everyone else, and what one round trip costs at
 * all. Either in the caller's thread for a while ({@link #loop}) or in the background between
 * {@link #start()} and {@link Recording#stop()}.
 */
final class Pinger implements AutoCloseable {
  private static final int MAX_SAMPLES = 4_000_000;
  private static final int WARM_UP = 200;

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  Pinger(String uri) {
    client = RedisClient.create(uri);
    connection = client.connect();
    redis = connection.sync();
  }

  /** {@code PING}s one after the other for {@code duration}, after a few unrecorded ones. */
  Latencies loop(Duration duration) {
    for (int i = 0; i < WARM_UP; i++) {
      redis.ping();
    }
    long[] nanos = new long[MAX_SAMPLES];
    int n = 0;
    long end = System.nanoTime() + duration.toNanos();
    while (n < nanos.length) {
      long t = System.nanoTime();
      if (t >= end) {
        break;
      }
      redis.ping();
      nanos[n++] = System.nanoTime() - t;
    }
    return Latencies.of(nanos, n);
  }

  /** Starts {@code PING}ing in a thread of its own; returns once a few warm-up {@code PING}s are done. */
  Recording start() throws InterruptedException {
    Recording r = new Recording();
    r.thread.start();
    r.warmedUp.await();
    return r;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  /** {@code PING}s in the background: when each was sent and how long it took. */
  final class Recording {
    private final long[] sent = new long[MAX_SAMPLES];
    private final long[] took = new long[MAX_SAMPLES];
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch warmedUp = new CountDownLatch(1);
    private final Thread thread = new Thread(this::run, "pinger");
    private volatile int count;

    private void run() {
      for (int i = 0; i < WARM_UP; i++) {
        redis.ping();
      }
      warmedUp.countDown();
      int n = 0;
      while (running.get() && n < sent.length) {
        long t = System.nanoTime();
        redis.ping();
        sent[n] = t;
        took[n] = System.nanoTime() - t;
        n++;
        count = n;
      }
    }

    /** Stops the thread; returns every {@code PING}'s latency. */
    Latencies stop() throws InterruptedException {
      running.set(false);
      thread.join();
      return Latencies.of(took, count);
    }

    /**
     * After {@link #stop()}: the latencies of the {@code PING}s that were in flight at some moment of one
     * of {@code windows} (each {@code {start, end}} in {@link System#nanoTime()}, in time order).
     */
    Latencies during(List<long[]> windows) {
      int n = count;
      long[] picked = new long[n];
      int k = 0;
      int w = 0;
      for (int i = 0; i < n && w < windows.size(); i++) {
        long start = sent[i];
        long end = start + took[i];
        while (w < windows.size() && windows.get(w)[1] < start) {
          w++;
        }
        if (w < windows.size() && windows.get(w)[0] <= end) {
          picked[k++] = took[i];
        }
      }
      return Latencies.of(Arrays.copyOf(picked, k));
    }
  }
}
