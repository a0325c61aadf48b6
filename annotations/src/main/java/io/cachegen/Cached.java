package io.cachegen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the result of an interface method in the two-tier cache: L1 in process, L2 in Redis.
 *
 * <p>The cachegen annotation processor turns every interface that declares (or inherits) a
 * {@code @Cached} method into a decorator, {@code CachedFoo implements Foo}, that looks the result
 * up under {@code prefix + key} before it calls the delegate:
 *
 * <pre>{@code
 * public interface MovieService {
 *   @Cached(prefix = "movie:", ttl = "5m")
 *   Movie getMovie(long id);                       // key "movie:42"
 *
 *   @Cached(prefix = "movie:meta:", ttl = "10m", key = "{id}:{language}")
 *   MovieMetadata getMetadata(long id, String language);
 *
 *   @Cached(prefix = "movie:recent", ttl = "2m")
 *   List<Movie> recentlyAdded();                   // key "movie:recent"
 * }
 * }</pre>
 *
 * <h2>Read path</h2>
 * L1 hit: return it. L1 miss: read L2; an L2 hit is decoded with the method's exact return type
 * (generics included), put in L1 and returned. L2 miss: the delegate is called once per key (concurrent
 * callers of the same key wait for that one call), the result is put in L1 and written to L2.
 *
 * <h2>What is cached</h2>
 * <ul>
 *   <li>Any reference type, primitives (boxed in the cache), arrays, {@code Optional<T>} (its content),
 *       {@code CompletableFuture<T>} and {@code CompletionStage<T>} (their result, without blocking a
 *       thread; a failed future is never cached).
 *   <li>{@code null} and {@code Optional.empty()} only when {@link #cacheNulls()} is {@code true}.
 *   <li>Nothing when the delegate throws: checked and unchecked exceptions reach the caller unchanged.
 *   <li>Values are stored as JSON without class names; they should be immutable (records are ideal),
 *       because L1 hands the same instance to every caller.
 * </ul>
 *
 * <h2>TTL syntax</h2>
 * A positive number and a unit: {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "2h"},
 * {@code "1d"}; or an ISO-8601 duration such as {@code "PT5M"}. Zero, negative or malformed TTLs are
 * compile errors at the {@code ttl} value. An entry never outlives its TTL in either tier: L1 keeps it
 * for the shorter of the L1 TTL and this TTL.
 *
 * <h2>Key templates</h2>
 * The cache key is {@code prefix} followed by the rendered {@link #key()} template. The default template
 * is every parameter in order, joined by {@code ':'}; a method without parameters caches under the prefix
 * alone. A template names parameters and property paths in braces, {@code "{id}"},
 * {@code "{movie.id}"}, {@code "{user.id}:{lang}"}; a path resolves at compile time to a record
 * component, a getter ({@code getId()}, {@code isActive()}) or a public field. Key parts may be
 * primitives and their boxes, {@code String}, enums, {@code UUID}, {@code java.time} values,
 * {@code BigInteger}, {@code BigDecimal} and collections of those. Rendering is injective: separators
 * inside values are escaped and {@code null} renders differently from {@code "null"}; a {@code null}
 * anywhere on a property path renders as {@code null} too, never as an exception. An unknown name or an
 * unsupported type is a compile error at the {@code key} value, and so is a template that names no
 * parameter on a method with parameters (every call would share one entry). Arrays and varargs are not
 * key parts: declare a {@code List} instead. Parameter names are read from the
 * interface; an interface inherited from a separately compiled library must be compiled with
 * {@code javac -parameters} for templates to name its parameters.
 *
 * <h2>Distinct keys</h2>
 * Two cached methods of one interface must not be able to produce the same key. It is a compile error when
 * their prefixes are equal, or when one prefix starts the other and the key of the method with the shorter
 * prefix can continue with the rest of the longer one. Keys known not to continue it: the prefix alone (no
 * parameters), a template starting with other literal text, and a template starting with an integral
 * number when the rest starts with something else than a digit or {@code '-'}; so {@code "movie:"} with a
 * {@code long} and {@code "movie:meta:"} can live side by side, {@code "movie:"} with a {@code String}
 * and {@code "movie:meta:"} cannot. Across the interfaces of one compilation the same rule applies to
 * methods whose value types differ: one prefix never serves two value types.
 *
 * <h2>Which methods</h2>
 * Abstract and default methods, declared or inherited; a method that re-declares an inherited one without
 * annotations keeps the annotations of the method it overrides. On a static or private method (which no
 * decorator can override) the annotation is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Cached {

  /**
   * The start of every key of this method, for example {@code "movie:"}. Not blank, and without the
   * glob characters {@code * ? [ ] \}, so that prefix invalidation can never match more than intended.
   */
  String prefix();

  /** How long an entry lives: {@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "2h"}, {@code "1d"} or ISO-8601 ({@code "PT5M"}). */
  String ttl();

  /**
   * The key template appended to {@link #prefix()}; empty means every parameter in order, joined by
   * {@code ':'}. See the class documentation for the syntax.
   */
  String key() default "";

  /** Whether a {@code null} or empty {@code Optional} result is cached too; by default it is not. */
  boolean cacheNulls() default false;

  /**
   * Whether results are kept in the in-process L1 tier as well as in Redis. Turn it off for values that
   * must be read fresh from L2 by every instance. Without L2 (an L1-only cache) such a method caches
   * nothing.
   */
  boolean l1() default true;
}
