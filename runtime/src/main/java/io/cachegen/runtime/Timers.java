package io.cachegen.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the protocol's background tasks (heartbeats, breaker probes, replays, lease polls) after a delay.
 * The cache uses one daemon thread; the simulation runs them on its own clock.
 */
interface Timers extends AutoCloseable {

  /**
   * Runs {@code task} after {@code delayNanos}. Tasks must not block. Closing drops no task: those already
   * scheduled still run when due, and one scheduled after closing runs at once on the caller's thread.
   * Every task ends at once when the cache is closed, and a task a caller waits for (a lease poll of
   * {@code cacheAsideAsync}) must not be dropped, or the caller would wait forever.
   */
  void schedule(Runnable task, long delayNanos);

  @Override
  void close();

  /** One daemon thread per cache. */
  static Timers daemon(String name) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    return new Timers() {
      @Override
      public void schedule(Runnable task, long delayNanos) {
        try {
          executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
          task.run();
        }
      }

      @Override
      public void close() {
        executor.shutdown(); // the scheduled tasks still run when due, and end at once
      }
    };
  }
}
