package q;

import io.cachegen.runtime.internal.KeyParts;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The cache keys of {@link Catalog.Store}: a prefix and a TTL constant per cached method, and a static
 * builder per key, so that code outside the decorator can name the same entries.
 */
@Generated("io.cachegen.processor.CachedProcessor")
public final class Catalog_StoreCacheKeys {
  /**
   * The key prefix of {@link Catalog.Store#price(String, Catalog.Region, LocalDate)}.
   */
  public static final String PRICE_PREFIX = "price:";

  /**
   * How long entries of {@link Catalog.Store#price(String, Catalog.Region, LocalDate)} live: 90 minutes.
   */
  public static final Duration PRICE_TTL = Duration.ofMinutes(90);

  /**
   * The key prefix of {@link Catalog.Store#stock(char, Set)}.
   */
  public static final String STOCK_PREFIX = "stock:";

  /**
   * How long entries of {@link Catalog.Store#stock(char, Set)} live: 1 day.
   */
  public static final Duration STOCK_TTL = Duration.ofDays(1);

  /**
   * The key prefix of {@link Catalog.Store#avatar(Catalog.Customer, Catalog.TieredCacheLike)}.
   */
  public static final String AVATAR_PREFIX = "customer:";

  /**
   * How long entries of {@link Catalog.Store#avatar(Catalog.Customer, Catalog.TieredCacheLike)} live: 500 milliseconds.
   */
  public static final Duration AVATAR_TTL = Duration.ofMillis(500);

  /**
   * The key prefix of {@link Catalog.Readable#name(Object)}.
   */
  public static final String NAME_PREFIX = "item:";

  /**
   * How long entries of {@link Catalog.Readable#name(Object)} live: 90 seconds.
   */
  public static final Duration NAME_TTL = Duration.ofSeconds(90);

  private Catalog_StoreCacheKeys() {
  }

  /**
   * The key of {@link Catalog.Store#price(String, Catalog.Region, LocalDate)}: {@code price:{region}/{day}/{sku}}.
   */
  public static String price(String sku, Catalog.Region region, LocalDate day) {
    return PRICE_PREFIX + KeyParts.part(region) + '/' + KeyParts.part(day) + '/' + KeyParts.part(sku);
  }

  /**
   * The key of {@link Catalog.Store#stock(char, Set)}: {@code stock:{grade}:{regions}}.
   */
  public static String stock(char grade, Set<Catalog.Region> regions) {
    return STOCK_PREFIX + KeyParts.part(grade) + ':' + KeyParts.part(regions);
  }

  /**
   * The key of {@link Catalog.Store#avatar(Catalog.Customer, Catalog.TieredCacheLike)}: {@code customer:{customer.address.city}:{customer.premium}}.
   */
  public static String avatar(Catalog.Customer customer, Catalog.TieredCacheLike cache) {
    Catalog.Address customerAddress = customer == null ? null : customer.address();
    String customerAddressCity = customerAddress == null ? KeyParts.NULL : KeyParts.part(customerAddress.getCity());
    String customerPremium = customer == null ? KeyParts.NULL : String.valueOf(customer.premium());
    return AVATAR_PREFIX + customerAddressCity + ':' + customerPremium;
  }

  /**
   * The key of {@link Catalog.Readable#name(Object)}: {@code item:{id}}.
   */
  public static String name(Long id) {
    return NAME_PREFIX + KeyParts.part(id);
  }

  /**
   * The key that {@link Catalog.Store#move(Catalog.Customer)} invalidates, with every key that continues it after a ':': {@code customer:{customer.address.city}}.
   */
  public static String moveInvalidation1(Catalog.Customer customer) {
    Catalog.Address customerAddress = customer == null ? null : customer.address();
    String customerAddressCity = customerAddress == null ? KeyParts.NULL : KeyParts.part(customerAddress.getCity());
    return AVATAR_PREFIX + customerAddressCity;
  }
}
