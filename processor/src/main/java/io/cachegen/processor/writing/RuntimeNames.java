package io.cachegen.processor.writing;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * Every name outside the JDK that generated code refers to, in one place. The processor does not depend
 * on the runtime; a test checks that each name still resolves against the runtime jar.
 */
public final class RuntimeNames {
  private static final String RUNTIME = "io.cachegen.runtime";

  /** The two-tier cache the decorator calls. */
  public static final ClassName TIERED_CACHE = ClassName.get(RUNTIME, "TieredCache");
  /** How one method's values are cached. */
  public static final ClassName CACHE_SPEC = ClassName.get(RUNTIME, "CacheSpec");
  /** The exact value type of a spec. */
  public static final ClassName TYPE_REF = ClassName.get(RUNTIME, "TypeRef");
  /** Renders key parts. */
  public static final ClassName KEYS = ClassName.get(RUNTIME, "Keys");

  /** The member names generated code calls, by class, for the resolution test. */
  public static final List<Member> MEMBERS = List.of(
      new Member(TIERED_CACHE, "cacheAside"),
      new Member(TIERED_CACHE, "cacheAsideAsync"),
      new Member(TIERED_CACHE, "delete"),
      new Member(TIERED_CACHE, "invalidatePrefix"),
      new Member(TIERED_CACHE, "invalidate"),
      new Member(CACHE_SPEC, "of"),
      new Member(CACHE_SPEC, "named"),
      new Member(CACHE_SPEC, "withL1"),
      new Member(CACHE_SPEC, "withCacheNulls"),
      new Member(TYPE_REF, "of"),
      new Member(KEYS, "part"),
      new Member(KEYS, "NULL"));

  /** Every class name above. */
  public static final List<ClassName> ALL = List.of(TIERED_CACHE, CACHE_SPEC, TYPE_REF, KEYS);

  /** A method or field of a runtime class that generated code uses. */
  public record Member(ClassName owner, String name) {}

  private RuntimeNames() {}
}
