package io.cachegen.samples.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** A one-line progress bar redrawn in place with a carriage return. */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final DoubleSupplier fraction;
  private final LongSupplier requests;
  private final long startedAt = System.nanoTime();
  private final ScheduledExecutorService timer;

  ProgressBar(PrintStream out, boolean enabled, String label, DoubleSupplier fraction, LongSupplier requests) {
    this.out = out;
    this.label = label;
    this.fraction = fraction;
    this.requests = requests;
    if (enabled) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "demo-progress");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleAtFixedRate(this::draw, 0, 200, TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  private synchronized void draw() {
    double f = fraction.getAsDouble();
    int filled = (int) Math.round(f * WIDTH);
    long n = requests.getAsLong();
    double seconds = (System.nanoTime() - startedAt) / 1e9;
    out.print(
        String.format(
            Locale.ROOT,
            "\r  %-13s [%s%s] %3d%%  %,11d requests  %,9.0f req/s ",
            label,
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            Math.round(f * 100),
            n,
            seconds > 0 ? n / seconds : 0));
    out.flush();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      draw();
      out.println();
    }
  }
}
