package io.cachegen.benchmarks;

import io.cachegen.Cached;

/**
 * The same service cached in Redis only ({@code l1 = false}): the L2 contenders. cachegen generates
 * {@code CachedRemoteItemService} from it.
 */
public interface RemoteItemService {

  /** The item with this id. */
  @Cached(prefix = "ritem:", ttl = "10m", l1 = false)
  Item item(long id);
}
