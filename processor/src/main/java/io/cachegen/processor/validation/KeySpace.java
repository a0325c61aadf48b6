package io.cachegen.processor.validation;

import io.cachegen.processor.model.CachedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every cached method of the compilation that passed its interface's own checks, across rounds, in the
 * order the interfaces were validated (round by round, by qualified name within a round). Holds only
 * model values, never elements, which are not valid in later rounds.
 */
final class KeySpace {
  /**
   * One cached method.
   *
   * @param owner the qualified name of the decorated interface, e.g. {@code p.WarehouseRepository}
   * @param method how messages name it, e.g. {@code WarehouseRepository.findById}
   * @param cached what it caches
   */
  record Entry(String owner, String method, CachedModel cached) {}

  private final List<Entry> entries = new ArrayList<>();

  void add(Entry entry) {
    entries.add(entry);
  }

  /** Every entry so far, in order. */
  List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The entries whose prefix is exactly {@code prefix}, in order. */
  List<Entry> withPrefix(String prefix) {
    return entries.stream().filter(e -> e.cached().prefix().equals(prefix)).toList();
  }

  /** Every cached prefix, sorted. */
  Set<String> prefixes() {
    Set<String> prefixes = new TreeSet<>();
    entries.forEach(e -> prefixes.add(e.cached().prefix()));
    return prefixes;
  }
}
