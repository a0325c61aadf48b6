package io.cachegen.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded waits for topologies: poll a probe until it yields a value, and on timeout fail with the last
 * reason it gave and a diagnosis of every node, never hang.
 */
final class Await {
  private static final long POLL_MILLIS = 100;

  private Await() {}

  /** What a probe returns when it is done; it throws {@link NotYet} (or any exception) when it is not. */
  @FunctionalInterface
  interface Probe<T> {
    T poll();
  }

  /** The condition does not hold yet; the message says why. */
  static final class NotYet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotYet(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Polls {@code probe} every 100 ms until it returns, and returns what it returned.
   *
   * @throws IllegalStateException after {@code timeout}, naming {@code what}, the probe's last reason and the
   *     diagnosis
   */
  static <T> T until(String what, Duration timeout, Probe<T> probe, Supplier<String> diagnosis) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String reason = "never probed";
    while (true) {
      try {
        return probe.poll();
      } catch (RuntimeException e) {
        reason = e instanceof NotYet ? e.getMessage() : e.toString();
      }
      if (System.nanoTime() - deadline > 0) {
        String diagnosed;
        try {
          diagnosed = diagnosis.get();
        } catch (RuntimeException e) {
          diagnosed = "(no diagnosis: " + e + ")";
        }
        throw new IllegalStateException(
            what + " did not happen within " + timeout.toMillis() + " ms; last: " + reason + "\n" + diagnosed);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what + "; last: " + reason, e);
      }
    }
  }
}
