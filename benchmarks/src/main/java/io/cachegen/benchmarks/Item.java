package io.cachegen.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The cached value every contender returns: a record of about 1 KB of JSON with a list inside.
 * {@link Serializable} because JetCache's remote tier encodes with Java serialization by default.
 */
public record Item(long id, String title, String description, List<Tag> tags, List<Long> related)
    implements Serializable {

  /** One entry of the list inside {@link Item}. */
  public record Tag(String name, int weight) implements Serializable {}

  private static final String DESCRIPTION =
      "A value of about one kilobyte, the size of a typical cached domain object: a title, a paragraph of "
          + "text, a list of small records and a list of ids. Every contender caches exactly this value.";

  /** The value for {@code id}: equal for equal ids, about 1 KB as JSON. */
  public static Item of(long id) {
    List<Tag> tags = new ArrayList<>(12);
    for (int i = 0; i < 12; i++) {
      tags.add(new Tag("tag-" + i, i * 7));
    }
    List<Long> related = new ArrayList<>(20);
    for (int i = 0; i < 20; i++) {
      related.add(id * 31 + i);
    }
    return new Item(id, "Item number " + id, DESCRIPTION, List.copyOf(tags), List.copyOf(related));
  }
}
