package io.cachegen.processor.writing;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * Every name outside the JDK that generated code refers to, in one place. The processor does not depend
 * on the runtime; a test checks that each name still resolves against the runtime jar, with the parameter
 * types generated code passes.
 */
public final class RuntimeNames {
  private static final String RUNTIME = "io.cachegen.runtime";
  private static final String INTERNAL = RUNTIME + ".internal";

  /** The two-tier cache the decorator's constructor takes (user API). */
  public static final ClassName TIERED_CACHE = ClassName.get(RUNTIME, "TieredCache");
  /** The exact value type of a cached method (user API). */
  public static final ClassName TYPE_REF = ClassName.get(RUNTIME, "TypeRef");
  /** What the decorator calls: the cache, or a pass-through without one. */
  public static final ClassName CACHE_ACCESS = ClassName.get(INTERNAL, "CacheAccess");
  /** How one method's values are cached, kept in a constant. */
  public static final ClassName CACHED_METHOD = ClassName.get(INTERNAL, "CachedMethod");
  /** Renders key parts. */
  public static final ClassName KEY_PARTS = ClassName.get(INTERNAL, "KeyParts");

  private static final String STRING = "java.lang.String";
  private static final String LOADER = RUNTIME + ".Loader";
  private static final String SUPPLIER = "java.util.function.Supplier";

  /** The members generated code uses, with the parameter types it passes, for the resolution test. */
  public static final List<Member> MEMBERS = List.of(
      Member.method(CACHE_ACCESS, "of", TIERED_CACHE.reflectionName()),
      Member.method(CACHE_ACCESS, "peek", CACHED_METHOD.reflectionName(), STRING),
      Member.method(CACHE_ACCESS, "get", CACHED_METHOD.reflectionName(), STRING, LOADER),
      Member.method(CACHE_ACCESS, "getAsync", CACHED_METHOD.reflectionName(), STRING, SUPPLIER),
      Member.method(CACHE_ACCESS, "invalidate", STRING),
      Member.method(CACHE_ACCESS, "invalidateGroup", STRING),
      Member.method(CACHE_ACCESS, "invalidate", "java.util.List", "java.util.List"),
      Member.method(CACHED_METHOD, "of", STRING, STRING, TYPE_REF.reflectionName(), "java.time.Duration"),
      Member.method(CACHED_METHOD, "l2Only"),
      Member.method(CACHED_METHOD, "cachingNulls"),
      Member.method(TYPE_REF, "of", "java.lang.Class"),
      Member.method(KEY_PARTS, "part", STRING),
      Member.method(KEY_PARTS, "part", "char"),
      Member.method(KEY_PARTS, "part", "java.lang.Character"),
      Member.method(KEY_PARTS, "part", "java.lang.Enum"),
      Member.method(KEY_PARTS, "part", "java.util.Collection"),
      Member.method(KEY_PARTS, "part", "java.lang.Object"),
      Member.field(KEY_PARTS, "NULL"));

  /** Every class name above. */
  public static final List<ClassName> ALL = List.of(TIERED_CACHE, TYPE_REF, CACHE_ACCESS, CACHED_METHOD, KEY_PARTS);

  /**
   * A public method or field of a runtime class that generated code uses.
   *
   * @param owner the class
   * @param name the member name
   * @param parameterTypes the binary names of a method's parameter types ({@code "char"},
   *     {@code "java.lang.String"}); {@code null} for a field
   */
  public record Member(ClassName owner, String name, List<String> parameterTypes) {
    static Member method(ClassName owner, String name, String... parameterTypes) {
      return new Member(owner, name, List.of(parameterTypes));
    }

    static Member field(ClassName owner, String name) {
      return new Member(owner, name, null);
    }

    /** Whether this is a field. */
    public boolean isField() {
      return parameterTypes == null;
    }
  }

  private RuntimeNames() {}
}
