package io.cachegen.runtime;

import java.util.List;

/**
 * What the channels deliver ({@code docs/freshness-protocol.md} §4.4, §5), applied on an L2 I/O thread
 * before anything later on the same connection: invalidations from other instances, this instance's
 * heartbeats coming back, and the state of the subscription and of the command connection.
 */
final class Subscriber implements L2.Listener {
  private final CacheCore core;

  Subscriber(CacheCore core) {
    this.core = core;
  }

  @Override
  public void invalidation(byte[] payload) {
    BusMessage message;
    try {
      message = core.bus.decode(payload);
    } catch (BusCodec.Rejected e) {
      core.stats.malformedMessages.increment();
      core.throttled.warn("message", "Ignoring a message on {}: {}", core.settings.invalidationChannel(), e.getMessage());
      return;
    }
    if (core.instanceId.equals(message.sender())) {
      return;
    }
    for (String key : message.keys()) {
      synchronized (core.fences.lock(key)) {
        core.fences.bump(key);
        core.l1.remove(key);
      }
    }
    for (String group : message.groups()) {
      if (group.isEmpty()) {
        verifyFlush();
      } else {
        core.groups.kill(group, GroupState.UNKNOWN);
      }
    }
    if (message.era()) {
      core.groups.existing("").doubt(); // fetched again: a new root token kills this instance's L1 too
    }
  }

  /**
   * A message asks to drop every key. Anyone allowed to publish could send one, so it counts only if
   * Redis's root token really changed (which takes the right to write the namespace's keys).
   *
   * <p>At once (a message heard is a message applied, which the staleness bound relies on), the current
   * root state is suspended: its L1 entries are not served, lookups that captured it neither fill nor
   * learn tokens into it, and new lookups load without filling until the check is done. Then the check reads
   * the token: if it differs from the suspended state's, the flush was real, the state dies with its
   * entries, and a new root state's token is fetched by reads sent after this message (so after the
   * flush); if it is the same, the message was forged, and the state serves again: a forged flush costs
   * one round trip of L1 misses, nothing more. Nothing the check fetches is installed: a read sent
   * earlier may return an older token than one this instance learned since.
   */
  private void verifyFlush() {
    GroupState seen = core.groups.existing("");
    seen.suspend();
    String rootKey = core.settings.tokenKey("");
    core.l2.read(new L2.ReadRequest(rootKey, 64, null, 0, null, List.of(rootKey))).thenAccept(reply -> {
      if (reply.kind() == L2.ReadReply.Kind.FAILED) {
        core.connectivity.failed(reply.failure());
        core.groups.killIfCurrent(seen); // cannot check: drop its L1 entries rather than risk a stale value
        return;
      }
      long token = reply.tokens().length > 0 ? reply.tokens()[0] : 0;
      if (seen.token != GroupState.UNKNOWN && seen.token == token) {
        core.stats.malformedMessages.increment();
        core.throttled.warn("flush", "Ignoring a message on {} that asks to drop every key: Redis's root token did not change",
            core.settings.invalidationChannel());
        seen.resume();
        return;
      }
      core.groups.killIfCurrent(seen);
    });
  }

  @Override
  public void heartbeat(byte[] payload) {
    try {
      if (core.trust.heard(core.bus.heartbeatText(payload))) {
        core.connectivity.heard();
      }
    } catch (BusCodec.Rejected e) {
      core.stats.malformedMessages.increment();
      core.throttled.warn("heartbeat", "Ignoring a message on this instance's heartbeat channel: {}", e.getMessage());
    }
  }

  @Override
  public void subscribed() {
    core.trust.newEpoch(core.ticker.read());
    dropEverything();
    core.connectivity.subscribed(true);
    CacheCore.log.debug("Subscribed to {}", core.settings.invalidationChannel());
  }

  @Override
  public void subscriptionLost(String why) {
    core.connectivity.subscribed(false);
    core.trust.newEpoch(core.ticker.read());
    dropEverything();
    core.throttled.warn("subscription", "Lost the subscription to {} ({}); L1 dropped, entries live at most {} until it is back",
        core.settings.invalidationChannel(), why, core.settings.stalenessBound());
  }

  /** Messages may have been missed: no L1 entry, no known token, no load in flight may be trusted. */
  private void dropEverything() {
    core.groups.killAll();
    core.fences.bumpAll();
  }

  @Override
  public void connected() {
    core.connectivity.connected();
  }

  @Override
  public void outage(String why) {
    core.connectivity.outage(why);
  }

  @Override
  public void refused(String why) {
    core.connectivity.refused(why);
  }
}
