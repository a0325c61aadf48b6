package io.cachegen.runtime;

import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.CachedMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A service over a {@link VersionedDb}, cached as the processor's decorator would cache it: the same
 * {@link CacheAccess} calls ({@code peek}, then {@code get} with the loader; invalidations after the
 * database write), for the interface
 *
 * <pre>{@code
 * @Cached(prefix = "item:", ttl = "10m") Val item(int id);
 * @Cached(prefix = "meta:", ttl = "10m") Val meta(int id, String lang);
 * @Invalidates(prefix = "item:", key = "{id}") void updateItem(int id);
 * @Invalidates(prefix = "meta:", key = "{id}", allEntries = true) void updateMeta(int id);
 * @Invalidates(prefix = "meta:", allEntries = true) void updateAllMeta();
 * }</pre>
 *
 * A value is the version the loader read. Writes are named by their target: {@code item:<id>} (a key),
 * {@code meta:<id>:} (the group of one id, every language) or {@code meta:} (every meta key).
 */
final class Catalog {
  /** A cached value: the key and the database version the loader read. */
  record Val(String key, long version) {}

  static final TypeRef<Val> VAL = TypeRef.of(Val.class);
  static final Duration TTL = Duration.ofMinutes(10);
  static final CachedMethod<Val> ITEM = CachedMethod.of("Catalog.item", "item:", VAL, TTL);
  static final CachedMethod<Val> META = CachedMethod.of("Catalog.meta", "meta:", VAL, TTL);
  static final List<String> LANGS = List.of("en", "fr");

  /** Called by the loader after it read the database, before it returns: tests hold a load here. */
  @FunctionalInterface
  interface LoadHook {
    void loaded(String key, long version);
  }

  private final CacheAccess cache;
  private final VersionedDb db;
  private final int metas;
  private final long maxLoaderDelayNanos;
  private final LoadHook hook;

  Catalog(CacheAccess cache, VersionedDb db, int metas, Duration maxLoaderDelay, LoadHook hook) {
    this.cache = cache;
    this.db = db;
    this.metas = metas;
    this.maxLoaderDelayNanos = maxLoaderDelay.toNanos();
    this.hook = hook;
  }

  Catalog(TieredCache cache, VersionedDb db, int metas) {
    this(CacheAccess.of(cache), db, metas, Duration.ZERO, (k, v) -> {});
  }

  /** The keys of {@code items} items and {@code metas} meta ids in every language. */
  static List<String> keys(int items, int metas) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      keys.add("item:" + i);
    }
    for (int i = 0; i < metas; i++) {
      for (String lang : LANGS) {
        keys.add("meta:" + i + ":" + lang);
      }
    }
    return keys;
  }

  Val item(int id) {
    String key = "item:" + id;
    Val cached = cache.peek(ITEM, key);
    if (cached != null) {
      return cached;
    }
    return cache.get(ITEM, key, () -> load(key));
  }

  Val meta(int id, String lang) {
    String key = "meta:" + id + ":" + lang;
    Val cached = cache.peek(META, key);
    if (cached != null) {
      return cached;
    }
    return cache.get(META, key, () -> load(key));
  }

  /** Reads a key of {@link #keys}: {@code item:<id>} or {@code meta:<id>:<lang>}. */
  Val read(String key) {
    String[] parts = key.split(":");
    return switch (parts[0]) {
      case "item" -> item(Integer.parseInt(parts[1]));
      case "meta" -> meta(Integer.parseInt(parts[1]), parts[2]);
      default -> throw new IllegalArgumentException(key);
    };
  }

  /**
   * A write: the database first, then the invalidation, as a generated {@code @Invalidates} method does.
   * Returns the version it made of each key it changed.
   */
  Map<String, Long> update(String target) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String key : keysOf(target)) {
      versions.put(key, db.bump(key));
    }
    if (target.startsWith("item:")) {
      cache.invalidate(target);
    } else {
      cache.invalidateGroup(target);
    }
    return versions;
  }

  /** The keys a write of {@code target} changes. */
  List<String> keysOf(String target) {
    if (target.startsWith("item:")) {
      return List.of(target);
    }
    if (target.equals("meta:")) {
      return keys(0, metas);
    }
    if (target.startsWith("meta:") && target.endsWith(":")) {
      String id = target.substring("meta:".length(), target.length() - 1);
      return LANGS.stream().map(lang -> "meta:" + id + ":" + lang).toList();
    }
    throw new IllegalArgumentException("not a write target: " + target);
  }

  private Val load(String key) {
    long version = db.version(key);
    if (maxLoaderDelayNanos > 0) {
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxLoaderDelayNanos + 1));
    }
    hook.loaded(key, version);
    return new Val(key, version);
  }
}
