package io.cachegen.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The L2 contract ({@link L2ContractTest}, which also runs against real {@code redis-server} processes on
 * every topology) run against the simulated Redis the {@link Simulation} uses: the scenarios that pass on
 * real Redis pass here, so the simulation's model of Redis is the real one's. The simulated world runs in
 * real time on a driver thread; every call into it holds one lock.
 */
class SimRedisConformanceTest {

  /** One pipeline per connection, as on one server. */
  @Nested
  class OneServer extends Driven {
    OneServer() {
      super(false);
    }
  }

  /** The message sent after the other replies, as on a cluster. */
  @Nested
  class ClusterOrdering extends Driven {
    ClusterOrdering() {
      super(true);
    }
  }

  abstract static class Driven extends L2ContractTest {
    private final ReentrantLock lock = new ReentrantLock();
    private final SimWorld world = new SimWorld(7, 100);
    private final SimRedis redis = new SimRedis(world);
    private final boolean clusterOrdering;
    private final long realStart = System.nanoTime();
    private final long worldStart = world.now();
    private final Thread driver;
    private volatile boolean stopped;
    private final Settings settings = new Settings(
        1000, 1 << 20, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofDays(1),
        1 << 20, Duration.ofSeconds(1), NS, 100, 1 << 20, 1000);

    Driven(boolean clusterOrdering) {
      this.clusterOrdering = clusterOrdering;
      this.driver = new Thread(() -> {
        while (!stopped) {
          locked(() -> {
            world.runUntil(worldStart + (System.nanoTime() - realStart));
            return null;
          });
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "sim-driver");
      driver.setDaemon(true);
      driver.start();
    }

    @AfterEach
    void stopDriver() {
      stopped = true;
    }

    private <T> T locked(Supplier<T> action) {
      lock.lock();
      try {
        return action.get();
      } finally {
        lock.unlock();
      }
    }

    private void locked(Runnable action) {
      locked(() -> {
        action.run();
        return null;
      });
    }

    @Override
    protected L2 newL2(String instanceId) {
      SimL2.Host host = new SimL2.Host() {
        @Override
        public void post(Runnable task) {
          task.run();
        }

        @Override
        public boolean crashed() {
          return false;
        }
      };
      SimL2 sim = locked(() -> new SimL2(world, redis, host, settings, instanceId, clusterOrdering));
      return new Locked(sim);
    }

    @Override
    protected RedisControl redis() {
      return new RedisControl() {
        @Override
        public void flushAll() {
          locked(() -> redis.restartKeepingConnections());
        }

        @Override
        public void set(String key, byte[] value, long pxMillis) {
          locked(() -> redis.plant(key, value, pxMillis));
        }

        @Override
        public byte[] get(String key) {
          return locked(() -> redis.peek(key));
        }

        @Override
        public long pttl(String key) {
          return locked(() -> redis.pttl(key));
        }

        @Override
        public void makeList(String key) {
          locked(() -> redis.plantOtherType(key));
        }

        @Override
        public void outOfMemory(boolean on) {
          locked(() -> redis.oom(on));
        }

        @Override
        public void killSubscriptions() {
          locked(redis::killSubscriptions);
        }

        @Override
        public void flushScripts() {
          // The simulated Redis runs the scripts' logic directly: there is no script cache to lose.
        }

        @Override
        public void kill() {
          locked(redis::crash);
        }

        @Override
        public void restart() {
          locked(() -> redis.restart(java.util.Map.of()));
        }

        @Override
        public void pause() {
          locked(redis::hang);
        }

        @Override
        public void resume() {
          locked(redis::resume);
        }
      };
    }

    /** The simulated L2, every call under the world's lock. */
    private final class Locked implements L2 {
      private final SimL2 sim;

      Locked(SimL2 sim) {
        this.sim = sim;
      }

      @Override
      public void start(Listener listener) {
        locked(() -> sim.start(listener));
      }

      @Override
      public CompletableFuture<ReadReply> read(ReadRequest request) {
        return locked(() -> sim.read(request));
      }

      @Override
      public CompletableFuture<Result> fill(String key, byte[] lease, byte[] envelope, long ttlMillis) {
        return locked(() -> sim.fill(key, lease, envelope, ttlMillis));
      }

      @Override
      public CompletableFuture<Result> release(String key, byte[] lease) {
        return locked(() -> sim.release(key, lease));
      }

      @Override
      public CompletableFuture<WriteReply> write(WriteRequest request) {
        return locked(() -> sim.write(request));
      }

      @Override
      public CompletableFuture<Result> heartbeat(byte[] payload) {
        return locked(() -> sim.heartbeat(payload));
      }

      @Override
      public void resubscribe() {
        locked(sim::resubscribe);
      }

      @Override
      public CompletableFuture<Result> ping() {
        return locked(sim::ping);
      }

      @Override
      public boolean isConnected() {
        return locked(sim::isConnected);
      }

      @Override
      public String describe() {
        return "simulated Redis";
      }

      @Override
      public void close() {
        locked(sim::close);
      }
    }
  }
}
