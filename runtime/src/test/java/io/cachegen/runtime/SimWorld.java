package io.cachegen.runtime;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The simulation's world: one clock, one event queue, one seeded random source, all in one thread. Every
 * actor (the simulated Redis, each instance's connections and timers, the loaders, the workload and the
 * faults) schedules events here, so a seed replays the same run event for event. The last events are kept
 * as a trace to print when an invariant breaks.
 */
final class SimWorld {
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final Deque<String> trace = new ArrayDeque<>();
  private final int traceLength;
  final SplittableRandom random;
  final long seed;
  private long now = TimeUnit.SECONDS.toNanos(1);
  private long seq;

  SimWorld(long seed, int traceLength) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.traceLength = traceLength;
  }

  long now() {
    return now;
  }

  Ticker ticker() {
    return () -> now;
  }

  void at(long time, Runnable task) {
    queue.add(new Event(Math.max(time, now), seq++, task));
  }

  void after(long delayNanos, Runnable task) {
    at(now + Math.max(0, delayNanos), task);
  }

  /** Runs events until the clock passes {@code time} or nothing is left. */
  void runUntil(long time) {
    while (!queue.isEmpty() && queue.peek().time <= time) {
      Event e = queue.poll();
      now = e.time;
      e.task.run();
    }
    now = Math.max(now, time);
  }

  /** A random duration between {@code min} and {@code max} milliseconds, in nanoseconds. */
  long millis(double min, double max) {
    return (long) (TimeUnit.MILLISECONDS.toNanos(1) * (min + random.nextDouble() * (max - min)));
  }

  static long ms(double millis) {
    return (long) (millis * 1_000_000);
  }

  void log(String line) {
    if (trace.size() == traceLength) {
      trace.removeFirst();
    }
    trace.addLast(String.format("%10.3f ms  %s", now / 1e6, line));
  }

  String trace() {
    return String.join("\n", trace);
  }

  private record Event(long time, long seq, Runnable task) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
