package io.cachegen.runtime;

import java.time.Duration;

/**
 * Figures the fault tests measure for the README, printed one a line as {@code FIGURE: <name> = <value>}
 * (under Maven, in {@code target/surefire-reports/<test class>-output.txt}). Printed, never asserted
 * beyond the behaviour each test states: speed is for the benchmarks.
 */
final class Figures {
  private Figures() {}

  static void print(String name, String value) {
    System.out.println("FIGURE: " + name + " = " + value);
    System.out.flush();
  }

  static void print(String name, Duration value) {
    print(name, FreshnessChecker.Report.ms(value));
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
