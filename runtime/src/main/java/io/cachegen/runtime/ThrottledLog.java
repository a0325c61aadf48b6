package io.cachegen.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs each kind of trouble at WARN at most once per interval (30 s by default), saying how many similar
 * messages were suppressed meanwhile, and at DEBUG otherwise: an outage or a flood of bad messages never
 * floods the log. Throwables are shown as one line.
 */
final class ThrottledLog {
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Logger log;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  ThrottledLog(Logger log, long intervalNanos) {
    this.log = log;
    this.intervalNanos = intervalNanos;
  }

  /** Logs at WARN under {@code kind} unless one was logged less than the interval ago. */
  void warn(String kind, String format, Object... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Throwable t) {
        args[i] = describe(t);
      }
    }
    Window w = windows.computeIfAbsent(kind, k -> new Window());
    long now = System.nanoTime();
    long last = w.last.get();
    if ((last == 0 || now - last >= intervalNanos) && w.last.compareAndSet(last, now == 0 ? 1 : now)) {
      long suppressed = w.suppressed.getAndSet(0);
      log.warn(suppressed > 0 ? format + " [" + suppressed + " similar messages suppressed]" : format, args);
    } else {
      w.suppressed.incrementAndGet();
      if (log.isDebugEnabled()) {
        log.debug(format, args);
      }
    }
  }

  /** Logs at WARN the first time {@code kind} is seen (of at most 1,000 kinds), at DEBUG afterwards. */
  void warnOnce(String kind, String format, Object... args) {
    if (windows.size() < 1000 && windows.putIfAbsent(kind, new Window()) == null) {
      log.warn(format, args);
    } else if (log.isDebugEnabled()) {
      log.debug(format, args);
    }
  }

  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static final class Window {
    final AtomicLong last = new AtomicLong();
    final AtomicLong suppressed = new AtomicLong();
  }
}
