package io.cachegen.runtime;

import java.util.List;

/**
 * An invalidation as it travels on the invalidation channel ({@code docs/freshness-protocol.md} §4.4).
 *
 * @param sender the id of the instance that sent it, so that it skips its own
 * @param keys keys to drop from L1
 * @param groups groups whose L1 entries to drop and whose token to fetch again; {@code ""} is every key,
 *     which a receiver believes only after seeing the root token change in Redis
 * @param era the sender started a new era: fetch the root token again (L1 stays)
 */
record BusMessage(String sender, List<String> keys, List<String> groups, boolean era) {
  BusMessage {
    keys = List.copyOf(keys);
    groups = List.copyOf(groups);
  }
}
