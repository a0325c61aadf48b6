package io.cachegen.runtime;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce {@link ClientResources} (event loops, timer, event bus) for every {@link LettuceL2} of the
 * JVM, as Lettuce advises: created by the first {@link #acquire()}, shut down when the last lease is
 * closed. Reconnection waits at most {@link #MAX_RECONNECT_DELAY} between attempts, so a connection
 * comes back within that delay (plus the handshake) of Redis coming back.
 */
final class SharedClientResources {
  /** The longest wait between two reconnection attempts. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(SharedClientResources.class);
  private static final Object LOCK = new Object();
  private static ClientResources resources;
  private static int leases;

  private SharedClientResources() {}

  /** A lease on the shared resources; {@link Lease#close()} gives it back (once; later calls do nothing). */
  static Lease acquire() {
    synchronized (LOCK) {
      if (leases++ == 0) {
        resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(1), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
      }
      return new Lease(resources);
    }
  }

  /** How many leases are open (for tests). */
  static int leases() {
    synchronized (LOCK) {
      return leases;
    }
  }

  private static void release(ClientResources leased) {
    ClientResources shutDown = null;
    synchronized (LOCK) {
      if (--leases == 0) {
        shutDown = resources;
        resources = null;
      }
    }
    if (shutDown != null && shutDown == leased) {
      try {
        shutDown.shutdown(0, 2, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.debug("Shutting down the Lettuce client resources failed", e);
      }
    }
  }

  /** One user's hold on the shared resources. */
  static final class Lease implements AutoCloseable {
    private final ClientResources resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(ClientResources resources) {
      this.resources = resources;
    }

    ClientResources resources() {
      return resources;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(resources);
      }
    }
  }
}
