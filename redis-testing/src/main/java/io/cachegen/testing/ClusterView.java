package io.cachegen.testing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node's view of a Redis Cluster, parsed from its {@code CLUSTER NODES} reply.
 *
 * @param entries one per node the answering node knows, itself included, in reply order
 */
record ClusterView(List<Entry> entries) {
  /** The number of hash slots of every Redis Cluster. */
  static final int SLOTS = 16384;

  /**
   * One line of {@code CLUSTER NODES}.
   *
   * @param id the node id (stable while the node keeps its {@code nodes.conf})
   * @param port the client port, 0 when the address is not known yet
   * @param flags {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail}, {@code handshake},
   *     {@code noaddr}, {@code nofailover}, {@code noflags}
   * @param masterId the id of the master this node replicates, or {@code null}
   * @param connected whether the answering node's bus link to this node is up
   * @param slots the slots this node serves, as the answering node believes (migrations left out)
   */
  record Entry(String id, int port, Set<String> flags, String masterId, boolean connected, BitSet slots) {
    /** Whether this entry describes the answering node. */
    boolean myself() {
      return flags.contains("myself");
    }

    /** Whether the answering node believes this node is a master. */
    boolean master() {
      return flags.contains("master");
    }

    /** Whether the answering node suspects ({@code fail?}) or has agreed ({@code fail}) that this node failed. */
    boolean failing() {
      return flags.contains("fail") || flags.contains("fail?");
    }

    /** Whether this node is not fully known yet (a handshake in progress or no address). */
    boolean unsettled() {
      return flags.contains("handshake") || flags.contains("noaddr") || port == 0;
    }
  }

  /** Parses a {@code CLUSTER NODES} reply. */
  static ClusterView parse(String reply) {
    List<Entry> entries = new ArrayList<>();
    for (String line : reply.split("\n")) {
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(" ");
      if (f.length < 8) {
        throw new IllegalArgumentException("not a CLUSTER NODES line: " + line);
      }
      String address = f[1];
      int at = address.indexOf('@');
      int colon = address.lastIndexOf(':', at < 0 ? address.length() : at);
      int port = Integer.parseInt(address.substring(colon + 1, at < 0 ? address.length() : at));
      BitSet slots = new BitSet(SLOTS);
      for (int i = 8; i < f.length; i++) {
        String range = f[i];
        if (range.startsWith("[")) { // a slot being imported or migrated: still served by its owner
          continue;
        }
        int dash = range.indexOf('-');
        if (dash < 0) {
          slots.set(Integer.parseInt(range));
        } else {
          slots.set(Integer.parseInt(range.substring(0, dash)), Integer.parseInt(range.substring(dash + 1)) + 1);
        }
      }
      entries.add(new Entry(f[0], port, Set.of(f[2].split(",")), f[3].equals("-") ? null : f[3],
          f[7].equals("connected"), slots));
    }
    return new ClusterView(List.copyOf(entries));
  }

  /** The answering node's own entry. */
  Entry myself() {
    return entries.stream().filter(Entry::myself).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no myself entry in CLUSTER NODES"));
  }

  /** The entry of the node with this id. */
  Optional<Entry> byId(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** The id of the node serving each slot, {@code null} for a slot nobody serves. */
  String[] owners() {
    String[] owners = new String[SLOTS];
    for (Entry e : entries) {
      for (int s = e.slots().nextSetBit(0); s >= 0; s = e.slots().nextSetBit(s + 1)) {
        owners[s] = e.id();
      }
    }
    return owners;
  }

  /** The id of the node serving {@code slot}, or {@code null}. */
  String ownerOf(int slot) {
    for (Entry e : entries) {
      if (e.slots().get(slot)) {
        return e.id();
      }
    }
    return null;
  }
}
