package io.cachegen.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The "database" behind every contender: builds {@link Item#of(long)} and counts its calls, optionally
 * after a delay (the stampede harness makes loads slow so that callers overlap).
 */
public final class Origin implements ItemService, RemoteItemService {
  private final AtomicLong loads = new AtomicLong();
  private final long delayNanos;
  private final Item shared;
  private final boolean sameInstance;

  private Origin(long delayNanos, Item shared) {
    this(delayNanos, shared, false);
  }

  private Origin(long delayNanos, Item shared, boolean sameInstance) {
    this.delayNanos = delayNanos;
    this.shared = shared;
    this.sameInstance = sameInstance;
  }

  /** An origin that returns one and the same instance for every id: to measure what a cache entry costs without its value. */
  public static Origin sameInstance() {
    return new Origin(0, Item.of(0), true);
  }

  /** An origin that answers at once. */
  public static Origin fast() {
    return new Origin(0, null);
  }

  /** An origin that takes {@code millis} per load. */
  public static Origin slow(long millis) {
    return new Origin(TimeUnit.MILLISECONDS.toNanos(millis), null);
  }

  /**
   * An origin whose items share one list and text ({@code id} differs): for tables of a million entries
   * and for measuring what the cache itself costs per entry.
   */
  public static Origin sharedValue() {
    return new Origin(0, Item.of(0));
  }

  @Override
  public Item item(long id) {
    loads.incrementAndGet();
    if (delayNanos > 0) {
      LockSupport.parkNanos(delayNanos);
    }
    if (sameInstance) {
      return shared;
    }
    if (shared != null) {
      return new Item(id, shared.title(), shared.description(), shared.tags(), shared.related());
    }
    return Item.of(id);
  }

  /** How many times {@link #item} ran. */
  public long loads() {
    return loads.get();
  }
}
