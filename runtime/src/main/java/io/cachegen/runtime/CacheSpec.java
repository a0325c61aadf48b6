package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the values of one cached method are cached: their exact type, their TTL, whether they go to L1,
 * and whether {@code null} is cached. Immutable; create one per method and keep it in a constant.
 *
 * <pre>{@code
 * static final CacheSpec<List<Movie>> RECENTLY_ADDED =
 *     CacheSpec.of(new TypeRef<List<Movie>>() {}, Duration.ofMinutes(2)).named("MovieService.recentlyAdded");
 * }</pre>
 *
 * @param <T> the value type
 */
public final class CacheSpec<T> {
  private final TypeRef<T> type;
  private final Duration ttl;
  private final boolean l1;
  private final boolean cacheNulls;
  private final String name;

  private CacheSpec(TypeRef<T> type, Duration ttl, boolean l1, boolean cacheNulls, String name) {
    this.type = type;
    this.ttl = ttl;
    this.l1 = l1;
    this.cacheNulls = cacheNulls;
    this.name = name;
  }

  /**
   * Values of {@code type} that live for {@code ttl}, kept in L1 and L2, {@code null} not cached.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  public static <T> CacheSpec<T> of(TypeRef<T> type, Duration ttl) {
    requireNonNull(type, "type");
    requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive but was " + ttl);
    }
    return new CacheSpec<>(type, ttl, true, false, type.toString());
  }

  /** A copy that keeps values in L1 ({@code true}, the default) or only in L2 ({@code false}). */
  public CacheSpec<T> withL1(boolean l1) {
    return new CacheSpec<>(type, ttl, l1, cacheNulls, name);
  }

  /** A copy that caches {@code null} results ({@code true}) or not ({@code false}, the default). */
  public CacheSpec<T> withCacheNulls(boolean cacheNulls) {
    return new CacheSpec<>(type, ttl, l1, cacheNulls, name);
  }

  /** A copy with a name for log messages, such as {@code "MovieService.getMovie"}. */
  public CacheSpec<T> named(String name) {
    return new CacheSpec<>(type, ttl, l1, cacheNulls, requireNonNull(name, "name"));
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

  /** The name used in log messages; the type name unless {@link #named} was called. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "CacheSpec{" + name + ", type=" + type + ", ttl=" + ttl + ", l1=" + l1 + ", cacheNulls=" + cacheNulls + "}";
  }
}
