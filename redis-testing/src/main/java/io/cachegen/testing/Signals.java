package io.cachegen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals for the faults the tests inject into processes they started ({@code STOP}, {@code CONT},
 * {@code KILL}): Java sends only {@code TERM} and {@code KILL} itself, so this runs {@code kill}.
 */
public final class Signals {
  private Signals() {}

  /**
   * Sends {@code signal} (a name without {@code SIG}, e.g. {@code STOP}) to {@code process}.
   *
   * @throws IllegalStateException if {@code kill} fails or does not finish within 10 s
   */
  public static void send(Process process, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
