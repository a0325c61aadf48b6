package io.cachegen.benchmarks;

import org.springframework.cache.annotation.Cacheable;

/** The Spring contender: {@code @Cacheable} on a plain bean, proxied by Spring's caching advice. */
public class SpringItemService implements ItemService {
  private final ItemService origin;

  public SpringItemService(ItemService origin) {
    this.origin = origin;
  }

  @Override
  @Cacheable(cacheNames = "items")
  public Item item(long id) {
    return origin.item(id);
  }

  /** The same with {@code sync = true}: one load per key in this JVM, as Spring documents for stampedes. */
  public static class Sync implements ItemService {
    private final ItemService origin;

    public Sync(ItemService origin) {
      this.origin = origin;
    }

    @Override
    @Cacheable(cacheNames = "items", sync = true)
    public Item item(long id) {
      return origin.item(id);
    }
  }
}
