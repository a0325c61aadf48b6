package q;

import io.cachegen.runtime.TieredCache;
import io.cachegen.runtime.TypeRef;
import io.cachegen.runtime.internal.CacheAccess;
import io.cachegen.runtime.internal.CachedMethod;
import jakarta.inject.Inject;
import jakarta.inject.Qualifier;
import java.io.IOException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.Generated;

/**
 * A {@link Catalog.Store} that caches in a {@link TieredCache}: {@code @Cached} methods read
 * through the cache, {@code @Invalidates} methods remove entries after the delegate ran,
 * every other method calls the delegate. Keys and TTLs are in {@link Catalog_StoreCacheKeys}.
 */
@Generated("io.cachegen.processor.CachedProcessor")
public final class CachedCatalog_Store implements Catalog.Store {
  private static final CachedMethod<Double> PRICE = CachedMethod.of("Catalog.Store.price",
      Catalog_StoreCacheKeys.PRICE_PREFIX, TypeRef.of(Double.class),
      Catalog_StoreCacheKeys.PRICE_TTL);

  private static final CachedMethod<Integer> STOCK = CachedMethod.of("Catalog.Store.stock",
      Catalog_StoreCacheKeys.STOCK_PREFIX, TypeRef.of(Integer.class),
      Catalog_StoreCacheKeys.STOCK_TTL).cachingNulls();

  private static final CachedMethod<byte[]> AVATAR = CachedMethod.of("Catalog.Store.avatar",
      Catalog_StoreCacheKeys.AVATAR_PREFIX, TypeRef.of(byte[].class),
      Catalog_StoreCacheKeys.AVATAR_TTL);

  private static final CachedMethod<String> NAME = CachedMethod.of("Catalog.Store.name",
      Catalog_StoreCacheKeys.NAME_PREFIX, TypeRef.of(String.class),
      Catalog_StoreCacheKeys.NAME_TTL).l2Only();

  private final Catalog.Store delegate;

  private final CacheAccess cache;

  /**
   * Decorates {@code delegate}.
   *
   * <p>A DI container calls this constructor when {@code Catalog.Store} is bound to this class and the
   * {@code Catalog.Store} that does the work is bound with the {@link Delegate @CachedCatalog_Store.Delegate} qualifier.
   *
   * @param delegate the service that computes values on a miss and performs writes
   * @param cache the cache, or {@code null} to call the delegate directly
   */
  @Inject
  public CachedCatalog_Store(@Delegate Catalog.Store delegate, TieredCache cache) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = CacheAccess.of(cache);
  }

  /**
   * Caches {@link Catalog.Store#price(String, Catalog.Region, LocalDate)} under {@code price:{region}/{day}/{sku}} for 90 minutes.
   */
  @Override
  public double price(String sku, Catalog.Region region, LocalDate day) {
    String key = Catalog_StoreCacheKeys.price(sku, region, day);
    Double cached = cache.peek(PRICE, key);
    if (cached != null) {
      return cached;
    }
    return cache.get(PRICE, key, () -> delegate.price(sku, region, day));
  }

  /**
   * Caches {@link Catalog.Store#stock(char, Set)} under {@code stock:{grade}:{regions}} for 1 day.
   */
  @Override
  public Optional<Integer> stock(char grade, Set<Catalog.Region> regions) {
    String key = Catalog_StoreCacheKeys.stock(grade, regions);
    Integer cached = cache.peek(STOCK, key);
    if (cached != null) {
      return Optional.of(cached);
    }
    return Optional.ofNullable(cache.get(STOCK, key,
        () -> delegate.stock(grade, regions).orElse(null)));
  }

  /**
   * Caches {@link Catalog.Store#avatar(Catalog.Customer, Catalog.TieredCacheLike)} under {@code customer:{customer.address.city}:{customer.premium}} for 500 milliseconds.
   */
  @Override
  public CompletionStage<byte[]> avatar(Catalog.Customer customer, Catalog.TieredCacheLike cache)
      throws IOException, SQLException {
    String key = Catalog_StoreCacheKeys.avatar(customer, cache);
    byte[] cached = this.cache.peek(AVATAR, key);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return this.cache.getAsync(AVATAR, key, () -> {
      try {
        return delegate.avatar(customer, cache);
      } catch (IOException | SQLException e) {
        return CompletableFuture.<byte[]>failedFuture(e);
      }
    });
  }

  /**
   * Calls {@link Catalog.Store#move(Catalog.Customer)}, then invalidates
   * <ul>
   *   <li>{@code customer:{customer.address.city}} and every key continuing it after a {@code ':'}
   *   <li>every key starting with {@code price:}
   * </ul>
   */
  @Override
  public int move(Catalog.Customer customer) {
    try {
      return delegate.move(customer);
    } finally {
      String group = Catalog_StoreCacheKeys.moveInvalidation1(customer);
      cache.invalidate(
          List.of(group),
          List.of(group + ':', Catalog_StoreCacheKeys.PRICE_PREFIX));
    }
  }

  /**
   * Calls {@link Catalog.Store#banner()}.
   */
  @Override
  public String banner() {
    return delegate.banner();
  }

  /**
   * Caches {@link Catalog.Readable#name(Object)} under {@code item:{id}} for 90 seconds, in L2 only.
   */
  @Override
  public String name(Long id) throws IOException {
    String key = Catalog_StoreCacheKeys.name(id);
    String cached = cache.peek(NAME, key);
    if (cached != null) {
      return cached;
    }
    return cache.get(NAME, key, () -> delegate.name(id));
  }

  /**
   * Marks the {@link Catalog.Store} that {@link CachedCatalog_Store} decorates, so that a DI container can bind
   * {@code Catalog.Store} to the decorator and the delegate separately.
   */
  @Qualifier
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD, ElementType.TYPE})
  public @interface Delegate {
  }
}
