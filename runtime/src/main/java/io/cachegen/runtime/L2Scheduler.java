package io.cachegen.runtime;

import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LettuceL2}'s delayed tasks (reconnection, recovery checks) on Lettuce's event executors, so
 * that L2 owns no thread. A task scheduled after the executors shut down is dropped: L2 is closing.
 */
final class L2Scheduler {
  private static final Logger log = LoggerFactory.getLogger(L2Scheduler.class);
  private final EventExecutorGroup executors;
  private volatile boolean closed;

  L2Scheduler(EventExecutorGroup executors) {
    this.executors = executors;
  }

  /** Runs {@code task} after {@code delayMillis}, unless closed by then; a task that throws is logged. */
  void schedule(Runnable task, long delayMillis) {
    if (closed) {
      return;
    }
    try {
      executors.schedule(() -> {
        if (!closed) {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("An L2 background task failed", e);
          }
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  /** Drops every task not yet run. */
  void close() {
    closed = true;
  }
}
