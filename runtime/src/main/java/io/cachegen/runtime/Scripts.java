package io.cachegen.runtime;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lua scripts of the freshness protocol ({@code docs/freshness-protocol.md} §4), run by
 * {@code EVALSHA}, and by {@code EVAL} when Redis answers {@code NOSCRIPT} (a restarted server, a new
 * master, {@code SCRIPT FLUSH}). Redis 7 scripts; every key a script touches is in {@code KEYS}, so they
 * run on a cluster too.
 *
 * <p>Refusals: the scripts that write a cache key run without flags, so that Redis runs them under OOM
 * and refuses only their {@code SET} (with {@code noeviction}): they catch it with {@code redis.pcall},
 * clean up, and return the error, which the caller sees as a refusal. The token {@code SET} declares
 * {@code allow-oom}, so that invalidations go on under OOM.
 */
final class Scripts {

  /** One script: its source, its SHA-1 and what it returns. */
  enum Script {
    /**
     * {@code READ}: KEYS[1] key; ARGV maxBytes, deadDigest (hex, or empty), hasLease ("1"/"0"), lease,
     * leaseMillis. Returns {@code {1, value, pttl}} for a value, {@code {0, removed}} for nothing,
     * {@code {2, removed}} for a granted lease (removed: 0 nothing, 1 wrong type, 2 oversized), or the
     * refusal of the lease {@code SET}.
     */
    READ(ScriptOutputType.MULTI, """
        local t = redis.call('TYPE', KEYS[1])['ok']
        local removed = 0
        if t ~= 'none' then
          if t ~= 'string' then
            redis.call('DEL', KEYS[1])
            removed = 1
          elseif redis.call('STRLEN', KEYS[1]) > tonumber(ARGV[1]) then
            redis.call('DEL', KEYS[1])
            removed = 2
          else
            local v = redis.call('GET', KEYS[1])
            if ARGV[2] == '' or redis.sha1hex(v) ~= ARGV[2] then
              return {1, v, redis.call('PTTL', KEYS[1])}
            end
          end
        end
        if ARGV[3] ~= '1' then
          return {0, removed}
        end
        local r = redis.pcall('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
        if type(r) == 'table' and r['err'] then
          return r
        end
        return {2, removed}
        """),

    /**
     * {@code FILL}: KEYS[1] key; ARGV lease, envelope, ttlMillis. 1 if stored, 0 if the key does not hold
     * the lease; a refused {@code SET} deletes the lease and returns the refusal.
     */
    FILL(ScriptOutputType.INTEGER, """
        if redis.pcall('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        local r = redis.pcall('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        if type(r) == 'table' and r['err'] then
          redis.call('DEL', KEYS[1])
          return r
        end
        return 1
        """),

    /** {@code RELEASE}: KEYS[1] key; ARGV lease. Deletes the key (1) if it holds the lease, else 0. */
    RELEASE(ScriptOutputType.INTEGER, """
        if redis.pcall('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """),

    /** The token {@code SET}: KEYS[1] token key; ARGV token, ttlMillis. Runs under OOM. */
    TOKEN_SET(ScriptOutputType.INTEGER, """
        #!lua flags=allow-oom
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """),

    /**
     * The value {@code SET}: KEYS[1] key; ARGV envelope, ttlMillis. 1 if stored; a refused {@code SET}
     * deletes the key (the old value must not survive a write) and returns the refusal.
     */
    VALUE_SET(ScriptOutputType.INTEGER, """
        local r = redis.pcall('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        if type(r) == 'table' and r['err'] then
          redis.call('DEL', KEYS[1])
          return r
        end
        return 1
        """);

    private final ScriptOutputType output;
    private final byte[] source;
    private final String sha1;

    Script(ScriptOutputType output, String source) {
      this.output = output;
      this.source = source.getBytes(StandardCharsets.UTF_8);
      this.sha1 = sha1Hex(this.source);
    }

    /** The SHA-1 Redis names the script by. */
    String sha1() {
      return sha1;
    }

    /** The Lua source. */
    byte[] source() {
      return source.clone();
    }
  }

  private Scripts() {}

  /**
   * Runs {@code script} by {@code EVALSHA}, and by {@code EVAL} if Redis does not have it. The future
   * completes exceptionally with Lettuce's exception when the command fails. {@code fellBack}, if not
   * null, is set when the {@code EVAL} was needed (the script ran a round trip later than sent).
   */
  static <T> CompletableFuture<T> run(
      RedisClusterAsyncCommands<byte[], byte[]> commands,
      Script script,
      byte[] key,
      AtomicBoolean fellBack,
      byte[]... args) {
    byte[][] keys = {key};
    CompletableFuture<T> first;
    try {
      first = commands.<T>evalsha(script.sha1, script.output, keys, args).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    first.whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
      } else if (!isNoScript(error)) {
        result.completeExceptionally(unwrap(error));
      } else {
        if (fellBack != null) {
          fellBack.set(true);
        }
        Scripts.<T>eval(commands, script, key, args).whenComplete((v, e) -> {
          if (e == null) {
            result.complete(v);
          } else {
            result.completeExceptionally(unwrap(e));
          }
        });
      }
    });
    return result;
  }

  /** Runs {@code script} by {@code EVAL} (which also loads it for later {@code EVALSHA}s). */
  static <T> CompletableFuture<T> eval(
      RedisClusterAsyncCommands<byte[], byte[]> commands, Script script, byte[] key, byte[]... args) {
    try {
      return commands.<T>eval(script.source, script.output, new byte[][] {key}, args).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static boolean isNoScript(Throwable error) {
    Throwable e = unwrap(error);
    return e instanceof RedisNoScriptException || (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"));
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private static String sha1Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java platform", e);
    }
  }
}
