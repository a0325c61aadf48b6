package io.cachegen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Removes cache entries after the annotated interface method runs. Repeatable: one annotation per
 * entry or group of entries.
 *
 * <pre>{@code
 * @Invalidates(prefix = "movie:", key = "{movie.id}")                        // the key "movie:42"
 * @Invalidates(prefix = "movie:meta:", key = "{movie.id}", allEntries = true) // every "movie:meta:42:…"
 * @Invalidates(prefix = "movie:recent")                                     // the key "movie:recent"
 * void updateMovie(Movie movie);
 * }</pre>
 *
 * <p>The delegate runs first; then the entries are removed from L1 and L2 before the method returns,
 * also when the delegate throws (a failed write may have partly applied), and the removal is published
 * so that every other instance drops them from its L1 within milliseconds. A value loaded before the
 * invalidation is never stored after it.
 *
 * <p>The key template has the syntax of {@link Cached#key()}. Without {@code allEntries} it names exactly
 * one key, {@code prefix + key}; an empty key names the key {@code prefix} itself (the key of a cached
 * method without parameters). With {@code allEntries = true} and an empty key, every key that starts with
 * {@code prefix} is removed; that prefix must end with {@code ':'} or be the whole prefix of a
 * {@code @Cached} method of the compilation. With {@code allEntries = true} and a template, one group is
 * removed: the key {@code prefix + key} and every key that continues it after a {@code ':'}, so
 * {@code @Invalidates(prefix = "movie:meta:", key = "{id}", allEntries = true)} with {@code id = 42}
 * removes {@code movie:meta:42} and {@code movie:meta:42:en} but not {@code movie:meta:420}.
 *
 * <p>When a {@code @Cached} method of the compilation caches under the same prefix, the template must be
 * able to render its keys: the same parts in the same order (with {@code allEntries}, its first parts),
 * each of a type that renders alike; otherwise the invalidation could never remove anything and is a
 * compile error at the {@code key} value.
 *
 * <p>Removing a group costs the same whatever its size: the runtime changes one token in Redis and one
 * flag in each instance's L1, and values stamped with the old token become misses. No {@code SCAN}, no
 * {@code KEYS}, no walk over L1.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@Repeatable(Invalidates.List.class)
public @interface Invalidates {

  /** The prefix of the entries to remove, as in {@link Cached#prefix()}. */
  String prefix();

  /** The key template appended to {@link #prefix()}; see {@link Cached#key()}. */
  String key() default "";

  /** Whether a whole group of entries is removed instead of one key; see the class documentation. */
  boolean allEntries() default false;

  /** Holds repeated {@link Invalidates} annotations; written by the compiler, not by hand. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  @interface List {
    /** The repeated annotations. */
    Invalidates[] value();
  }
}
