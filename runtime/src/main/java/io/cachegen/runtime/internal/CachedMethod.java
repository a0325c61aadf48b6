package io.cachegen.runtime.internal;

import static java.util.Objects.requireNonNull;

import io.cachegen.runtime.TypeRef;
import java.time.Duration;

/**
 * How one cached method's values are cached: the name used in log messages, the key prefix it declared,
 * the exact value type, the TTL, whether values go to L1 and whether {@code null} is cached. Immutable;
 * a generated decorator keeps one per method in a constant. For generated code: no compatibility
 * promise.
 *
 * <pre>{@code
 * private static final CachedMethod<List<Movie>> RECENTLY_ADDED = CachedMethod.of(
 *     "MovieService.recentlyAdded", MovieServiceCacheKeys.RECENTLY_ADDED_PREFIX,
 *     new TypeRef<List<Movie>>() {}, MovieServiceCacheKeys.RECENTLY_ADDED_TTL);
 * }</pre>
 *
 * @param <T> the value type
 */
public final class CachedMethod<T> {
  private final String name;
  private final String prefix;
  private final TypeRef<T> type;
  private final Duration ttl;
  private final boolean l1;
  private final boolean cacheNulls;

  private CachedMethod(String name, String prefix, TypeRef<T> type, Duration ttl, boolean l1, boolean cacheNulls) {
    this.name = name;
    this.prefix = prefix;
    this.type = type;
    this.ttl = ttl;
    this.l1 = l1;
    this.cacheNulls = cacheNulls;
  }

  /**
   * A method named {@code name} (for log messages, e.g. {@code "MovieService.getMovie"}) whose keys start
   * with {@code prefix} and whose values of {@code type} live for {@code ttl}, in L1 and L2, {@code null}
   * not cached.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  public static <T> CachedMethod<T> of(String name, String prefix, TypeRef<T> type, Duration ttl) {
    requireNonNull(name, "name");
    requireNonNull(prefix, "prefix");
    requireNonNull(type, "type");
    requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    return new CachedMethod<>(name, prefix, type, ttl, true, false);
  }

  /** A copy whose values are kept in L2 only ({@code @Cached(l1 = false)}). */
  public CachedMethod<T> l2Only() {
    return new CachedMethod<>(name, prefix, type, ttl, false, cacheNulls);
  }

  /** A copy that caches {@code null} and empty results ({@code @Cached(cacheNulls = true)}). */
  public CachedMethod<T> cachingNulls() {
    return new CachedMethod<>(name, prefix, type, ttl, l1, true);
  }

  /** The name used in log messages, such as {@code "MovieService.getMovie"}. */
  public String name() {
    return name;
  }

  /** The key prefix the method declared; every key of the method starts with it. */
  public String prefix() {
    return prefix;
  }

  /** The exact value type. */
  public TypeRef<T> type() {
    return type;
  }

  /** How long an entry lives, in either tier. */
  public Duration ttl() {
    return ttl;
  }

  /** Whether values are kept in L1 as well as L2. */
  public boolean l1() {
    return l1;
  }

  /** Whether {@code null} results are cached. */
  public boolean cacheNulls() {
    return cacheNulls;
  }

  @Override
  public String toString() {
    return name + "{prefix=\"" + prefix + "\", type=" + type + ", ttl=" + ttl + (l1 ? "" : ", L2 only")
        + (cacheNulls ? ", caching nulls" : "") + "}";
  }
}
