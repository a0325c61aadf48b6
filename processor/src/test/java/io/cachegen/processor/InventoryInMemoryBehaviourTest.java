package io.cachegen.processor;

import io.cachegen.runtime.TieredCache;

/** {@link InventoryBehaviour} against {@link TieredCache#inMemory()}, the L1-only cache. */
class InventoryInMemoryBehaviourTest extends InventoryBehaviour {
  @Override
  TieredCache newCache() {
    return TieredCache.inMemory();
  }
}
