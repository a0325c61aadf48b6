package io.cachegen.runtime;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One simulated application instance: a real {@link TieredCache} (the protocol classes as they ship)
 * wired to a {@link SimL2}, the world's clock and random source, and timers on the world's queue.
 * Everything that reaches the instance (replies, messages, timers, the workload's calls) goes through
 * {@link #post}: while the instance is stalled (SIGSTOP) it waits, in order.
 */
final class SimInstance implements SimL2.Host {
  final String id;
  final SimWorld world;
  final TieredCache cache;
  final CacheCore core;
  final SimL2 l2;
  private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
  private boolean stalled;
  private boolean crashed;

  SimInstance(String id, SimWorld world, SimRedis redis, SimConfig config) {
    this.id = id;
    this.world = world;
    SimL2[] made = new SimL2[1];
    this.cache = TieredCache.builder()
        .instanceId(id)
        .ticker(world.ticker())
        .executor(Runnable::run)
        .l1Executor(Runnable::run)
        .random(world.random::nextLong)
        .stalenessBound(config.stalenessBound())
        .commandTimeout(config.commandTimeout())
        .leaseTime(config.leaseTime())
        .l1MaximumSize(100_000)
        .timers(new InstanceTimers())
        .l2(target -> made[0] = new SimL2(world, redis, this, target.settings(), target.instanceId(), config.clusterOrdering()))
        .build();
    this.l2 = made[0];
    this.core = cache.core();
  }

  /** Runs {@code task} now, or when the instance resumes if it is stalled; never once it crashed. */
  @Override
  public void post(Runnable task) {
    if (crashed) {
      return;
    }
    if (stalled) {
      deferred.add(task);
    } else {
      task.run();
    }
  }

  @Override
  public boolean crashed() {
    return crashed;
  }

  boolean stalled() {
    return stalled;
  }

  /** SIGSTOP for {@code duration}. */
  void stall(long durationNanos) {
    stalled = true;
    world.after(durationNanos, () -> {
      stalled = false;
      while (!deferred.isEmpty() && !stalled && !crashed) {
        deferred.poll().run();
      }
    });
  }

  /** The process dies: nothing more runs here, its connections drop. */
  void crash() {
    crashed = true;
    deferred.clear();
    l2.commands.drop("process died");
    l2.subscription.drop("process died");
  }

  private final class InstanceTimers implements Timers {
    private boolean closed;

    @Override
    public void schedule(Runnable task, long delayNanos) {
      world.after(delayNanos, () -> {
        if (!closed) {
          post(task);
        }
      });
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** What the simulation varies. */
  record SimConfig(Duration stalenessBound, Duration commandTimeout, Duration leaseTime, boolean clusterOrdering) {}
}
