package io.cachegen.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link L2.Listener} that records everything, for tests. */
class RecordingListener implements L2.Listener {
  /** Connection events in order: {@code connected}, {@code outage: why}, {@code subscribed}, ... */
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<byte[]> invalidations = new CopyOnWriteArrayList<>();
  final List<byte[]> heartbeats = new CopyOnWriteArrayList<>();

  @Override
  public void invalidation(byte[] payload) {
    invalidations.add(payload);
  }

  @Override
  public void heartbeat(byte[] payload) {
    heartbeats.add(payload);
  }

  @Override
  public void subscribed() {
    events.add("subscribed");
  }

  @Override
  public void subscriptionLost(String why) {
    events.add("subscriptionLost: " + why);
  }

  @Override
  public void connected() {
    events.add("connected");
  }

  @Override
  public void outage(String why) {
    events.add("outage: " + why);
  }

  @Override
  public void refused(String why) {
    events.add("refused: " + why);
  }

  /** How many events start with {@code prefix}. */
  int count(String prefix) {
    int n = 0;
    for (String event : events) {
      if (event.startsWith(prefix)) {
        n++;
      }
    }
    return n;
  }

  /** The events that start with {@code prefix}. */
  List<String> all(String prefix) {
    List<String> found = new ArrayList<>();
    for (String event : events) {
      if (event.startsWith(prefix)) {
        found.add(event);
      }
    }
    return found;
  }

  /** The last event that starts with one of the prefixes, or {@code null}. */
  String last(String... prefixes) {
    for (int i = events.size() - 1; i >= 0; i--) {
      for (String prefix : prefixes) {
        if (events.get(i).startsWith(prefix)) {
          return events.get(i);
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return events.toString();
  }
}
