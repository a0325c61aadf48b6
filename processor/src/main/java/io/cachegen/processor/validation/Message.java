package io.cachegen.processor.validation;

import java.util.Locale;

/**
 * Every diagnostic of the processor, with a stable tag. Each message states the rule, quotes the
 * offending value and says how to fix it. Tags never change once released; users search for them.
 */
public enum Message {
  /** {@code @Cached} or {@code @Invalidates} on a method of a class, enum, record or annotation. */
  NOT_INTERFACE(
      "CACHEGEN-NOT-INTERFACE",
      "@%s is only allowed on methods of interfaces, but %s is declared in the %s %s; "
          + "move the annotation to the interface that %s implements"),

  /** {@code @Cached} on a method that returns {@code void}. */
  VOID_CACHED(
      "CACHEGEN-VOID",
      "@Cached method %s returns void, so there is nothing to cache; "
          + "return the value, or use @Invalidates if the method writes"),

  /** {@code @Cached} on a method with type parameters. */
  GENERIC_METHOD(
      "CACHEGEN-GENERIC-METHOD",
      "@Cached method %s declares type parameters %s, so its value type is not known at compile "
          + "time and cannot be decoded from the cache; declare one method per value type instead"),

  /** {@code @Cached} and {@code @Invalidates} on the same method. */
  CACHED_AND_INVALIDATES(
      "CACHEGEN-CACHED-AND-INVALIDATES",
      "method %s is both @Cached and @Invalidates, but a method either reads or writes; "
          + "split it into a @Cached read method and an @Invalidates write method"),

  /** {@code @Cached} on a method that declares a checked throwable that is not an {@code Exception}. */
  THROWS_THROWABLE(
      "CACHEGEN-THROWS",
      "@Cached method %s declares \"throws %s\", which a cache loader cannot rethrow (loaders throw "
          + "Exceptions); declare Exception subclasses instead"),

  /** An interface that the generated class in its package cannot implement. */
  NOT_ACCESSIBLE(
      "CACHEGEN-NOT-ACCESSIBLE",
      "%s is private (or nested in a private type), so Cached%s in package %s cannot implement it; "
          + "make it package-private or public"),

  /** A TTL that is not a positive duration. */
  TTL(
      "CACHEGEN-TTL",
      "ttl \"%s\" %s; write a positive number and a unit (\"500ms\", \"30s\", \"5m\", \"2h\", \"1d\") "
          + "or an ISO-8601 duration (\"PT5M\")"),

  /** An empty or blank prefix. */
  PREFIX_BLANK(
      "CACHEGEN-PREFIX",
      "prefix \"%s\" is empty or blank, but every key needs a non-blank prefix that names its "
          + "entries; write one such as \"movie:\""),

  /** A prefix with a glob character. */
  PREFIX_GLOB(
      "CACHEGEN-PREFIX",
      "prefix \"%s\" contains the glob character '%s', which is not allowed in a prefix "
          + "(* ? [ ] \\ would widen prefix invalidation); remove it or use another separator "
          + "such as ':' or '-'"),

  /** A key template that does not parse. */
  KEY_SYNTAX(
      "CACHEGEN-KEY-SYNTAX",
      "key \"%s\" is malformed: %s; write literal text and references in braces, "
          + "such as \"{id}\" or \"{movie.id}:{lang}\""),

  /** A key template naming a parameter the method does not have. */
  KEY_UNKNOWN_PARAMETER(
      "CACHEGEN-KEY-UNKNOWN",
      "unknown parameter \"%s\" in key \"%s\"; %s"),

  /** A key template naming a property the type does not have. */
  KEY_UNKNOWN_PROPERTY(
      "CACHEGEN-KEY-UNKNOWN",
      "unknown property \"%s\" of %s in key \"%s\" (a property is a record component, a getter "
          + "or a public field); %s"),

  /** A key part of a type that cannot be rendered into a key. */
  KEY_TYPE(
      "CACHEGEN-KEY-TYPE",
      "key part \"{%s}\" of %s has type %s, which cannot be rendered into a key (key parts are "
          + "primitives and their boxes, String, enums, UUID, java.time values, BigInteger, "
          + "BigDecimal and collections of those); %s"),

  /** Two cached methods whose keys can be equal. */
  KEY_COLLISION(
      "CACHEGEN-KEY-COLLISION",
      "keys of %s (prefix \"%s\", key \"%s\") can be equal to keys of %s (prefix \"%s\", key "
          + "\"%s\"), %s; give each method a prefix that does not start the other's, such as "
          + "\"%s\""),

  /** {@code @Cached} or {@code @Invalidates} on a static or private interface method. */
  NOT_OVERRIDABLE(
      "CACHEGEN-NOT-OVERRIDABLE",
      "@%s is on the %s method %s, which a decorator cannot override, so it would never %s; make it an "
          + "abstract or default method of the interface, or remove the annotation"),

  /** An explicit {@code @Cached} key that names no parameter, on a method with parameters. */
  KEY_CONSTANT(
      "CACHEGEN-KEY-CONSTANT",
      "key \"%s\" of %s names no parameter, so every call would share one cache entry whatever its "
          + "arguments; %s"),

  /** An unpaired surrogate in a prefix or in the literal text of a key. */
  SURROGATE(
      "CACHEGEN-SURROGATE",
      "%s \"%s\" contains the unpaired surrogate %s at index %d, which UTF-8 cannot encode (Redis would "
          + "receive '?' in its place, so two different keys could become one); remove it, or write the "
          + "whole character as a surrogate pair"),

  /** An {@code @Invalidates} that can never match what the cached methods of its prefix cache. */
  INVALIDATION_MISMATCH(
      "CACHEGEN-INVALIDATION-MISMATCH",
      "%s of %s can never remove an entry of %s, which caches under prefix \"%s\" with key \"%s\": %s; %s"),

  /** An {@code allEntries} prefix without a key that the cache cannot remove as a group. */
  GROUP(
      "CACHEGEN-GROUP",
      "@Invalidates(prefix = \"%s\", allEntries = true) names a group the cache cannot remove at a cost "
          + "independent of its size: without a key, the prefix of a group must end with ':' or be the "
          + "whole prefix of a @Cached method, and %s; %s"),

  /** Cached methods of two interfaces of the compilation whose keys can be equal while their value types differ. */
  TYPE_COLLISION(
      "CACHEGEN-TYPE-COLLISION",
      "keys of %s (prefix \"%s\", key \"%s\", values of type %s) can be equal to keys of %s (prefix "
          + "\"%s\", key \"%s\", values of type %s), %s, so each would read the other's entries as the "
          + "wrong type; %s"),

  /** An {@code @Invalidates} prefix that no cached method of the compilation uses (a warning). */
  UNUSED_INVALIDATION(
      "CACHEGEN-UNUSED-INVALIDATION",
      "@Invalidates prefix \"%s\" of %s matches no @Cached method of any interface compiled with it; "
          + "check the spelling (cached prefixes: %s), or ignore this warning if an interface compiled "
          + "elsewhere caches under it"),

  /** An interface with type parameters; nothing is generated for it. */
  GENERIC_INTERFACE(
      "CACHEGEN-GENERIC-INTERFACE",
      "%s has type parameters, so no Cached%s is written for it; extend it with an interface "
          + "that fixes the type arguments and the decorator is written for that one"),

  /** An interface whose types never resolved. */
  UNRESOLVED(
      "CACHEGEN-UNRESOLVED",
      "%s was not generated because %s refers to a type that could not be resolved"),

  /** A bug in the processor. */
  INTERNAL(
      "CACHEGEN-INTERNAL",
      "the cachegen processor failed; please report this with the stack trace: %s");

  private final String tag;
  private final String format;

  Message(String tag, String format) {
    this.tag = tag;
    this.format = format;
  }

  /** The stable tag, such as {@code CACHEGEN-TTL}. */
  public String tag() {
    return tag;
  }

  /** The message text with its tag, e.g. {@code [CACHEGEN-TTL] ttl "5x" is not ...}. */
  public String format(Object... args) {
    return "[" + tag + "] " + String.format(Locale.ROOT, format, args);
  }
}
