package io.cachegen.benchmarks;

import io.cachegen.runtime.TieredCache;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The peer that {@link StalledPeer} runs in a child JVM: a {@link TieredCache} on the same Redis that
 * reads the keys of {@link WriteLatency.Keys#named} into its L1, says {@code ready true} (or
 * {@code ready false} if a second read of them was not all L1 hits), then does it again for every
 * {@code hold} line on its standard input, and exits when that input ends.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.cachegen.benchmarks.PeerCache redis://127.0.0.1:6379 sp:}
 */
public final class PeerCache {
  private PeerCache() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err); // stdout carries the replies only
    List<String> keys = WriteLatency.Keys.named(args[1]).all();
    try (TieredCache cache = TieredCache.builder().redisUri(args[0]).build()) {
      out.println("ready " + WriteLatency.hold(cache, keys));
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("hold")) {
          out.println("ready " + WriteLatency.hold(cache, keys));
        }
      }
    }
  }
}
