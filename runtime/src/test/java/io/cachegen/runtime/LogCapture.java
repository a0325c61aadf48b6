package io.cachegen.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what this JVM writes to {@code System.err} and {@code System.out} while open (slf4j-simple, the
 * tests' logger, writes to {@code System.err} and looks the stream up on every line), and still passes it on
 * to the original streams. For tests that count log lines or search them for a secret.
 */
final class LogCapture implements AutoCloseable {
  private final PrintStream originalErr = System.err;
  private final PrintStream originalOut = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private LogCapture() {
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  static LogCapture start() {
    return new LogCapture();
  }

  /** Everything captured so far. */
  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** The captured lines. */
  List<String> lines() {
    return Arrays.asList(text().split("\n"));
  }

  /** The captured lines that contain every one of {@code parts}. */
  List<String> lines(String... parts) {
    return lines().stream().filter(line -> Arrays.stream(parts).allMatch(line::contains)).toList();
  }

  /** Lines slf4j-simple wrote at {@code level} ({@code "WARN"}, {@code "ERROR"}) that contain {@code part}. */
  List<String> logged(String level, String part) {
    return lines().stream().filter(line -> line.contains(" " + level + " ") && line.contains(part)).toList();
  }

  /** The original {@code System.out}, for figures that should reach the test's report. */
  PrintStream out() {
    return originalOut;
  }

  @Override
  public void close() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  private final class Tee extends OutputStream {
    private final PrintStream next;

    Tee(PrintStream next) {
      this.next = next;
    }

    @Override
    public void write(int b) {
      synchronized (captured) {
        captured.write(b);
      }
      next.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (captured) {
        captured.write(b, off, len);
      }
      next.write(b, off, len);
    }

    @Override
    public void flush() {
      next.flush();
    }
  }
}
