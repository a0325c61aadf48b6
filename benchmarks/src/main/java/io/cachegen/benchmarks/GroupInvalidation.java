package io.cachegen.benchmarks;

import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.TypeRef;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Removing a small group from a big Redis: {@link #POPULATED} keys made by {@code DEBUG POPULATE}, and
 * {@link #GROUP_KEYS} keys of the group {@value #GROUP} cached through cachegen. After a few untimed
 * rounds, each round fills the
 * group's keys again (a second instance checks that it reads all of them from Redis), then times
 * {@code invalidatePrefix}, then checks with a fresh instance that none of them is readable. Another
 * client sends {@code PING}s all along. The protocol promises O(1) in Redis whatever the size of the
 * keyspace (G5); the way cachegen did it before, {@code SCAN MATCH} + {@code UNLINK}, runs a few rounds
 * by hand for comparison.
 */
final class GroupInvalidation {
  static final int POPULATED = 1_000_000;
  static final int GROUP_KEYS = 10;
  static final String GROUP = "grp:";
  static final int ROUNDS = 50;
  /** Untimed rounds first. */
  static final int WARM_UP_ROUNDS = 5;
  static final int OLD_WAY_ROUNDS = 5;
  private static final int SAMPLED = 1_000;
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final TypeRef<String> STRING = TypeRef.of(String.class);

  /**
   * One way to remove the group.
   *
   * @param time per round
   * @param pings the other client's {@code PING}s that were in flight while a removal ran
   * @param check what was checked after each round, and what was found
   */
  record Row(String who, String how, Latencies time, Latencies pings, String check) {}

  /**
   * @param populated {@code DBSIZE} after {@code DEBUG POPULATE}
   * @param othersAfter {@code DBSIZE} after the cachegen rounds, minus the group's keys and its token
   * @param sampledIntact how many of {@link #SAMPLED} populated keys, picked at random, still held their value
   * @param idle the other client's {@code PING}s for 1 s before the rounds
   * @param rounds every {@code PING} sent during cachegen's rounds (fills and checks included)
   */
  record Result(long populated, long othersAfter, int sampledIntact, int sampled, Latencies idle, Latencies rounds, List<Row> rows) {}

  private GroupInvalidation() {}

  static Result run(String uri) throws Exception {
    BenchEnv.flushAll(uri);
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect();
        Pinger pinger = new Pinger(uri);
        TieredCache writer = TieredCache.builder().redisUri(uri).build();
        TieredCache reader = TieredCache.builder().redisUri(uri).build()) {
      RedisCommands<String, String> redis = connection.sync();
      populate(redis);
      long populated = redis.dbsize();
      Latencies idle = pinger.loop(Duration.ofSeconds(1));
      Pinger.Recording recording = pinger.start();

      long roundsStart = 0;
      long[] took = new long[ROUNDS];
      List<long[]> windows = new ArrayList<>();
      int fullBefore = 0;
      int readableAfter = 0;
      for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
        if (round == 0) {
          roundsStart = System.nanoTime();
          fullBefore = 0;
          readableAfter = 0;
        }
        String version = "v" + round;
        for (int i = 0; i < GROUP_KEYS; i++) {
          String key = GROUP + i;
          writer.cacheAside(key, TTL, STRING, () -> version + ":" + key);
        }
        fullBefore += awaitReadable(reader, version) == GROUP_KEYS ? 1 : 0;
        long t0 = System.nanoTime();
        writer.invalidatePrefix(GROUP);
        long t1 = System.nanoTime();
        if (round >= 0) {
          took[round] = t1 - t0;
          windows.add(new long[] {t0, t1});
        }
        try (TieredCache fresh = TieredCache.builder().redisUri(uri).build()) {
          for (int i = 0; i < GROUP_KEYS; i++) {
            readableAfter += fresh.getJson(GROUP + i, STRING) != null ? 1 : 0;
          }
        }
      }
      long roundsEnd = System.nanoTime();
      long groupKeysLeft = 0;
      for (int i = 0; i < GROUP_KEYS; i++) {
        groupKeysLeft += redis.exists(GROUP + i);
      }
      long othersAfter = redis.dbsize() - groupKeysLeft - redis.exists("cachegen:gen:" + GROUP);
      int intact = sampleIntact(redis);
      String checked = String.format(Locale.ROOT,
          "all %d keys read from Redis by a second instance before: %d of %d rounds; readable by a fresh instance after: %d of %d",
          GROUP_KEYS, fullBefore, ROUNDS, readableAfter, ROUNDS * GROUP_KEYS);

      long[] oldTook = new long[OLD_WAY_ROUNDS];
      List<long[]> oldWindows = new ArrayList<>();
      long left = 0;
      for (int round = 0; round < OLD_WAY_ROUNDS; round++) {
        for (int i = 0; i < GROUP_KEYS; i++) {
          redis.set(GROUP + i, "old-way:" + round);
        }
        long t0 = System.nanoTime();
        PrefixInvalidation.scanAndUnlink(redis, GROUP);
        long t1 = System.nanoTime();
        oldTook[round] = t1 - t0;
        oldWindows.add(new long[] {t0, t1});
        for (int i = 0; i < GROUP_KEYS; i++) {
          left += redis.exists(GROUP + i);
        }
      }
      recording.stop();
      List<Row> rows = List.of(
          new Row("cachegen", "`TieredCache.invalidatePrefix(\"" + GROUP + "\")`: a new group token and one message",
              Latencies.of(took), recording.during(windows), checked),
          new Row("cachegen before protocol v2 (by hand)",
              "`SCAN 0 MATCH " + GROUP + "* COUNT " + PrefixInvalidation.SCAN_COUNT + "` to the end + `UNLINK` of what it finds",
              Latencies.of(oldTook), recording.during(oldWindows),
              "keys left after: " + left + " of " + OLD_WAY_ROUNDS * GROUP_KEYS));
      Latencies rounds = recording.during(List.of(new long[] {roundsStart, roundsEnd}));
      Result r = new Result(populated, othersAfter, intact, SAMPLED, idle, rounds, rows);
      for (Row row : r.rows()) {
        System.out.printf("group invalidation, %s: %s; PING in flight meanwhile %s; %s%n",
            row.who(), row.time().summary(), row.pings().summary(), row.check());
      }
      System.out.printf("group invalidation: PING idle %s, during cachegen's rounds %s; other keys %,d before, %,d after; %d of %d sampled intact%n",
          idle.summary(), rounds.summary(), populated, othersAfter, intact, SAMPLED);
      BenchEnv.flushAll(uri);
      return r;
    } finally {
      client.shutdown();
    }
  }

  /** {@code DEBUG POPULATE}: keys {@code key:0} … with values {@code value:0} …, in a second or so. */
  private static void populate(RedisCommands<String, String> redis) {
    try {
      redis.dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
          new CommandArgs<>(StringCodec.UTF8).add("POPULATE").add(POPULATED));
    } catch (RuntimeException e) {
      throw new IllegalStateException("DEBUG POPULATE was refused (" + e.getMessage() + "); Redis 7 allows it with "
          + "--enable-debug-command local, which benchmarks/run.sh passes for --only protocol", e);
    }
    long size = redis.dbsize();
    if (size != POPULATED) {
      throw new IllegalStateException("DEBUG POPULATE " + POPULATED + " left " + size + " keys");
    }
  }

  /** Polls until {@code reader} gets this round's value of every key of the group, at most 5 s; how many it got. */
  private static int awaitReadable(TieredCache reader, String version) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int readable = 0;
    for (int i = 0; i < GROUP_KEYS; ) {
      String key = GROUP + i;
      if ((version + ":" + key).equals(reader.getJson(key, STRING))) {
        readable++;
        i++;
      } else if (System.nanoTime() > deadline) {
        i++;
      } else {
        LockSupport.parkNanos(200_000); // the fill reaches Redis after the caller returned
      }
    }
    return readable;
  }

  /** How many of {@link #SAMPLED} random populated keys still hold the value {@code DEBUG POPULATE} gave them. */
  private static int sampleIntact(RedisCommands<String, String> redis) {
    Random random = new Random(42);
    int intact = 0;
    for (int i = 0; i < SAMPLED; i++) {
      int n = random.nextInt(POPULATED);
      intact += ("value:" + n).equals(redis.get("key:" + n)) ? 1 : 0;
    }
    return intact;
  }
}
