package io.cachegen.runtime;

/**
 * What {@link L2ContractTest} does to the Redis behind an {@link L2} (a real server or set of servers,
 * or a simulated Redis): look at keys, set them behind L2's back, and make faults.
 */
interface RedisControl {
  /** Removes every key. */
  void flushAll();

  /** {@code SET key value} with {@code PX pxMillis}, or without a TTL when {@code pxMillis <= 0}. */
  void set(String key, byte[] value, long pxMillis);

  /** {@code GET key}; {@code null} when absent. */
  byte[] get(String key);

  /** {@code PTTL key}: -2 absent, -1 no TTL. */
  long pttl(String key);

  /** Makes {@code key} a list (another Redis type). */
  void makeList(String key);

  /** Turns OOM with {@code noeviction} on ({@code maxmemory} below what is used) or off. */
  void outOfMemory(boolean on);

  /** {@code CLIENT KILL TYPE pubsub} on every server. */
  void killSubscriptions();

  /** {@code SCRIPT FLUSH} on every server. */
  void flushScripts();

  /** Kills the server (the masters) at once. */
  void kill();

  /** Starts the killed server again on the same address, empty. */
  void restart();

  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  void pause();

  /** Thaws a paused server. */
  void resume();

  /** Whether {@link #failOver()} is possible (Sentinel, Cluster). */
  default boolean canFailOver() {
    return false;
  }

  /** Kills a master so that a replica takes over. */
  default void failOver() {
    throw new UnsupportedOperationException("no replicas to fail over to");
  }
}
