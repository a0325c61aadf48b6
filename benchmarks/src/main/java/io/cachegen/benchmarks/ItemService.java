package io.cachegen.benchmarks;

import io.cachegen.Cached;

/** The service every L1 contender caches; cachegen generates {@code CachedItemService} from it. */
public interface ItemService {

  /** The item with this id. */
  @Cached(prefix = "item:", ttl = "10m")
  Item item(long id);
}
