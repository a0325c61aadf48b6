package io.cachegen.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Readers and writers on several {@link CacheInstance}s, every read and write checked by a
 * {@link FreshnessChecker}, until {@link #stop()}. Reader {@code i} and writer {@code i} use instance
 * {@code i % n}. Every exception that reaches a caller is kept: Redis faults must never cause one.
 */
final class Workload implements AutoCloseable {
  private final List<CacheInstance> instances;
  private final List<String> keys;
  private final List<String> targets;
  private final FreshnessChecker checker;
  private final long writeGapNanos;
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> exceptions = new ConcurrentLinkedQueue<>();
  private final AtomicLong exceptionCount = new AtomicLong();
  private volatile boolean stopped;

  /**
   * @param keys the keys readers read, uniformly
   * @param targets what writers write ({@link Catalog#update}), uniformly
   * @param writeGap the mean pause between two writes of one writer
   */
  Workload(List<CacheInstance> instances, List<String> keys, List<String> targets, FreshnessChecker checker,
      Duration writeGap) {
    this.instances = List.copyOf(instances);
    this.keys = List.copyOf(keys);
    this.targets = List.copyOf(targets);
    this.checker = checker;
    this.writeGapNanos = writeGap.toNanos();
  }

  /** Starts the threads. */
  Workload start(int readers, int writers) {
    for (int i = 0; i < readers; i++) {
      CacheInstance on = instances.get(i % instances.size());
      threads.add(daemon("reader-" + i + "-" + on.name(), () -> read(on)));
    }
    for (int i = 0; i < writers; i++) {
      CacheInstance on = instances.get(i % instances.size());
      threads.add(daemon("writer-" + i + "-" + on.name(), () -> write(on)));
    }
    threads.forEach(Thread::start);
    return this;
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private void read(CacheInstance on) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long n = 0;
    while (!stopped) {
      String key = keys.get(random.nextInt(keys.size()));
      try {
        checker.read(on, key);
      } catch (Throwable t) {
        caught(on, "read " + key, t);
      }
      if ((++n & 63) == 0) {
        Thread.yield();
      }
    }
  }

  private void write(CacheInstance on) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (!stopped) {
      String target = targets.get(random.nextInt(targets.size()));
      try {
        checker.write(on, target);
      } catch (Throwable t) {
        caught(on, "write " + target, t);
      }
      if (writeGapNanos > 0) {
        LockSupport.parkNanos(random.nextLong(2 * writeGapNanos + 1));
      }
    }
  }

  private void caught(CacheInstance on, String what, Throwable t) {
    if (exceptionCount.incrementAndGet() <= 20) {
      java.io.StringWriter trace = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(trace));
      exceptions.add(on.name() + " " + what + ": " + trace);
    }
  }

  /** Runs for {@code duration}, then stops. */
  void runFor(Duration duration) {
    LockSupport.parkNanos(duration.toNanos());
    stop();
  }

  /** Stops the threads and waits for them. */
  void stop() {
    stopped = true;
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(70));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How many exceptions reached callers. */
  long exceptionCount() {
    return exceptionCount.get();
  }

  /** The first exceptions that reached callers, with their stack traces. */
  List<String> exceptions() {
    return List.copyOf(exceptions);
  }

  @Override
  public void close() {
    stop();
  }
}
