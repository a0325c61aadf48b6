package io.cachegen.benchmarks;

import io.cachegen.runtime.TieredCache;
import io.cachegen.testing.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A write with a peer that does not answer: the writer and a {@link PeerCache} in a child JVM both hold
 * every written key in L1; the writer times its writes while the peer runs, and again while the peer is
 * stopped with {@code kill -STOP} (its connections stay open; Redis queues its messages). A write never
 * waits for another instance (G4), so the two should not differ.
 */
final class StalledPeer {
  private static final long STARTUP_SECONDS = 60;

  /**
   * @param running the writer's latencies with the peer JVM running
   * @param stopped the same with the peer JVM stopped
   * @param stoppedNanos how long the peer was stopped
   */
  record Result(WriteLatency.Result running, WriteLatency.Result stopped, long stoppedNanos) {}

  private StalledPeer() {}

  static Result run(String uri) throws Exception {
    BenchEnv.flushAll(uri);
    WriteLatency.Keys keys = WriteLatency.Keys.named("sp:");
    List<String> all = keys.all();
    try (TieredCache writer = TieredCache.builder().redisUri(uri).build()) {
      WriteLatency.store(writer, all);
      boolean writerHolds = WriteLatency.hold(writer, all);
      Process peer = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx256m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.log.io.cachegen.runtime.LettuceL2=warn",
              "-cp", System.getProperty("java.class.path"),
              PeerCache.class.getName(), uri, "sp:")
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      try {
        BufferedReader replies = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        Writer commands = new OutputStreamWriter(peer.getOutputStream(), StandardCharsets.UTF_8);
        boolean peerHolds = ready(replies, peer);
        WriteLatency.Result running = WriteLatency.time(writer, keys, 2, writerHolds && peerHolds);

        WriteLatency.store(writer, all);
        writerHolds = WriteLatency.hold(writer, all);
        commands.write("hold\n");
        commands.flush();
        peerHolds = ready(replies, peer);
        signal(peer, "STOP");
        long stoppedAt = System.nanoTime();
        WriteLatency.Result stopped = WriteLatency.time(writer, keys, 2, writerHolds && peerHolds);
        long stoppedNanos = System.nanoTime() - stoppedAt;
        signal(peer, "CONT");
        commands.close();
        System.out.printf("stalled peer: running: delete %s; set %s%n", running.deletes().summary(), running.sets().summary());
        System.out.printf("stalled peer: stopped %.1f s: delete %s; set %s%n",
            stoppedNanos / 1e9, stopped.deletes().summary(), stopped.sets().summary());
        return new Result(running, stopped, stoppedNanos);
      } finally {
        signal(peer, "CONT");
        if (!peer.waitFor(10, TimeUnit.SECONDS)) {
          peer.destroyForcibly();
          peer.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Waits for the peer's {@code ready} line; returns whether it holds every key in L1. */
  private static boolean ready(BufferedReader replies, Process peer) throws Exception {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return replies.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String reply = line.get(STARTUP_SECONDS, TimeUnit.SECONDS);
    if (reply == null || !reply.startsWith("ready ")) {
      throw new IllegalStateException("the peer JVM (pid " + peer.pid() + ") did not get ready: " + reply);
    }
    return Boolean.parseBoolean(reply.substring("ready ".length()));
  }

  private static void signal(Process process, String signal) {
    if (process.isAlive()) {
      Signals.send(process, signal);
    }
  }
}
