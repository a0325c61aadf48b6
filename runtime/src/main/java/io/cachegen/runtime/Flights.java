package io.cachegen.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Loads in progress in this JVM, one per key: concurrent callers of a key wait for the same load.
 *
 * <p>A caller never joins a load that began before an invalidation of its key (its fence stamp changed)
 * or of one of its groups (a group state died): that load may return the value the write replaced.
 * It never joins a load of another type, nor one started by its own thread (a loader that reads its
 * own key), nor, while this instance cannot show that it hears every invalidation, one that began more
 * than the staleness bound ago.
 */
final class Flights {
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final Fences fences;
  private final Trust trust;

  Flights(Fences fences, Trust trust) {
    this.fences = fences;
    this.trust = trust;
  }

  /** Registers {@code mine} as the load of {@code key}; returns the load to wait for instead, if any. */
  Flight join(String key, Flight mine) {
    while (true) {
      Flight running = flights.putIfAbsent(key, mine);
      if (running == null) {
        return null;
      }
      if (running.joinableBy(mine, fences, key) && fresh(running, mine)) {
        return running;
      }
      if (!running.current(fences, key) || !fresh(running, mine)) {
        if (flights.replace(key, running, mine)) {
          return null;
        }
      } else {
        return null; // another type, or this thread's own load: load alone, unregistered
      }
    }
  }

  /**
   * Whether a caller arriving with {@code mine} may take {@code running}'s result: always while this
   * instance hears every invalidation (one that overtook the load would have killed it); otherwise only
   * if the load began less than the staleness bound ago, since its value is as old as its start.
   */
  private boolean fresh(Flight running, Flight mine) {
    return trust.isTrusted(mine.started) || mine.started - running.started <= trust.boundNanos();
  }

  /** Unregisters {@code flight} if it is still the load of {@code key}. */
  void end(String key, Flight flight) {
    flights.remove(key, flight);
  }

  /** One load; callers that join it wait for {@link #result}. */
  static final class Flight {
    final long fingerprint;
    final Thread owner;
    final long stamp;
    final GroupState[] groups;
    /** When the load began, in ticker nanoseconds. */
    final long started;
    final CompletableFuture<Object> result = new CompletableFuture<>();

    Flight(long fingerprint, Thread owner, long stamp, GroupState[] groups, long started) {
      this.fingerprint = fingerprint;
      this.owner = owner;
      this.stamp = stamp;
      this.groups = groups;
      this.started = started;
    }

    boolean current(Fences fences, String key) {
      if (!fences.unchanged(key, stamp)) {
        return false;
      }
      for (GroupState g : groups) {
        if (!g.live()) {
          return false;
        }
      }
      return true;
    }

    boolean joinableBy(Flight other, Fences fences, String key) {
      return fingerprint == other.fingerprint
          && (owner == null || owner != other.owner)
          && current(fences, key);
    }

    /** Waits for the result; the loader's exception is rethrown as it was. */
    @SuppressWarnings("unchecked")
    <T> T await() {
      try {
        return (T) result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheException("interrupted while waiting for another caller's load", e);
      } catch (ExecutionException e) {
        throw Flights.<RuntimeException>sneakyThrow(unwrap(e));
      }
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  static <X extends Throwable> RuntimeException sneakyThrow(Throwable t) throws X {
    throw (X) t;
  }
}
