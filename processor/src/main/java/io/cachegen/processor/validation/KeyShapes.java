package io.cachegen.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.cachegen.processor.model.CachedModel;
import io.cachegen.processor.model.KeyTemplate;
import io.cachegen.processor.model.KeyTemplate.Literal;
import io.cachegen.processor.model.KeyTemplate.Reference;
import io.cachegen.processor.model.KeyTemplate.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What can be said at compile time about the keys two templates render: whether two cached methods' keys
 * can be equal, and whether an invalidation's key can be equal to (or start the group of) a cached key.
 * Pure functions of the model, so they work across rounds, where elements can no longer be used.
 */
final class KeyShapes {
  private static final Set<TypeName> INTEGRAL = Set.of(
      TypeName.BYTE, TypeName.SHORT, TypeName.INT, TypeName.LONG, ClassName.get("java.math", "BigInteger"));

  private KeyShapes() {}

  /**
   * Why keys of {@code a} and {@code b} can be equal, or {@code null} if they cannot. They can when one
   * prefix starts the other (or they are equal) and the rendered key of the method with the shorter prefix
   * can begin with the rest of the longer prefix. Equal prefixes always collide. Otherwise the shorter
   * method's key is known not to continue with that rest when it is empty (no parameters), when it starts
   * with literal text that neither starts nor is started by the rest, or when it starts with an integral
   * number ({@code byte}..{@code long}, their boxes, {@code BigInteger}, {@code BigDecimal}: text starting
   * with a digit, {@code '-'} or, for {@code null}, {@code '%'}) while the rest starts with another character.
   */
  static String collision(CachedModel a, CachedModel b) {
    if (a.prefix().equals(b.prefix())) {
      return "because the prefixes are equal";
    }
    CachedModel shorter;
    String rest;
    if (b.prefix().startsWith(a.prefix())) {
      shorter = a;
      rest = b.prefix().substring(a.prefix().length());
    } else if (a.prefix().startsWith(b.prefix())) {
      shorter = b;
      rest = a.prefix().substring(b.prefix().length());
    } else {
      return null;
    }
    String reason = "because the key of the shorter prefix \"" + shorter.prefix()
        + "\" can continue with \"" + rest + "\"";
    if (shorter.key().isEmpty()) {
      return null;
    }
    Segment first = shorter.key().segments().get(0);
    if (first instanceof Literal literal) {
      return literal.text().startsWith(rest) || rest.startsWith(literal.text()) ? reason : null;
    }
    Reference ref = (Reference) first;
    if (startsWithNumber(ref.type()) && "0123456789-%".indexOf(rest.charAt(0)) < 0) {
      return null;
    }
    return reason;
  }

  /** Whether a value of {@code type} renders as a number: an integral number or a {@code BigDecimal}. */
  private static boolean startsWithNumber(TypeName type) {
    return isIntegral(type) || type.withoutAnnotations().equals(ClassName.get("java.math", "BigDecimal"));
  }

  /** Whether {@code type} is {@code byte}, {@code short}, {@code int}, {@code long}, a box of those or {@code BigInteger}. */
  static boolean isIntegral(TypeName type) {
    return INTEGRAL.contains(unboxed(type));
  }

  /** The primitive of a box, else the type itself, without type annotations. */
  private static TypeName unboxed(TypeName type) {
    TypeName plain = type.withoutAnnotations();
    return plain.isBoxedPrimitive() ? plain.unbox() : plain;
  }

  /**
   * Whether two key parts render the same text for the same value: the same type after unboxing, or both
   * integral numbers ({@code int} 7 and {@code Long} 7 both render {@code 7}).
   */
  static boolean rendersAlike(TypeName a, TypeName b) {
    return unboxed(a).equals(unboxed(b)) || (isIntegral(a) && isIntegral(b));
  }

  /**
   * Why keys rendered by {@code invalidation} can never be keys rendered by {@code cached} (under the same
   * prefix), or {@code null} if they match: the same number of parts in the same order, equal literal text,
   * parts that render alike, and no part named like another part of the cached key standing in its place
   * ({@code "{warehouse}:{sku}"} against {@code "{sku}:{warehouse}"}). With {@code leading}, the
   * invalidation's parts only have to match the cached key's first parts, followed in the cached key by
   * {@code ':'} (the group {@code key + ':'}) or by nothing (the key itself).
   */
  static String mismatch(KeyTemplate invalidation, KeyTemplate cached, boolean leading) {
    List<Segment> inv = invalidation.segments();
    List<Segment> all = cached.segments();
    int n = inv.size();
    if (n > all.size() || (!leading && n != all.size())) {
      return "this key renders " + parts(inv) + " where that key renders " + parts(all);
    }
    for (int i = 0; i < n; i++) {
      Segment s = inv.get(i);
      Segment c = all.get(i);
      if (s instanceof Literal ls) {
        if (!(c instanceof Literal lc) || !lc.text().equals(ls.text())) {
          return "this key has the text \"" + ls.text() + "\" where that key has " + describe(c);
        }
        continue;
      }
      Reference rs = (Reference) s;
      if (!(c instanceof Reference rc)) {
        return "this key has " + describe(s) + " where that key has " + describe(c);
      }
      if (!rendersAlike(rs.type(), rc.type())) {
        return "this key has " + describe(s) + " where that key has " + describe(c);
      }
      String name = lastName(rs);
      if (!name.equals(lastName(rc))) {
        for (int j = 0; j < all.size(); j++) {
          if (j != i && all.get(j) instanceof Reference other && lastName(other).equals(name)) {
            return "this key has \"{" + rs.spelled() + "}\" where that key has \"{" + rc.spelled()
                + "}\" (and \"{" + other.spelled() + "}\" elsewhere): the parts are in another order";
          }
        }
      }
    }
    if (leading && n < all.size()) {
      Segment next = all.get(n);
      if (!(next instanceof Literal literal) || !literal.text().startsWith(":")) {
        return "that key continues after these parts with " + describe(next) + ", not with ':'";
      }
    }
    return null;
  }

  /** The last name of a reference: {@code id} for {@code {movie.id}} and for {@code {id}}. */
  private static String lastName(Reference ref) {
    return ref.path().isEmpty() ? ref.parameter() : ref.path().get(ref.path().size() - 1).property();
  }

  /** {@code "2 parts (long, String)"}, the references of a template. */
  static String parts(List<Segment> segments) {
    List<String> types = new ArrayList<>();
    for (Segment s : segments) {
      if (s instanceof Reference r) {
        types.add(simple(r.type()));
      }
    }
    if (types.isEmpty()) {
      return segments.isEmpty() ? "nothing" : "no part";
    }
    return types.size() + (types.size() == 1 ? " part (" : " parts (") + String.join(", ", types) + ")";
  }

  private static String describe(Segment s) {
    if (s instanceof Literal l) {
      return "the text \"" + l.text() + "\"";
    }
    Reference r = (Reference) s;
    return "\"{" + r.spelled() + "}\" of type " + simple(r.type());
  }

  /** {@code List<Long>} rather than {@code java.util.List<java.lang.Long>}. */
  static String simple(TypeName type) {
    String text = type.withoutAnnotations().toString();
    return java.util.regex.Pattern.compile("\\b(?:[a-z_][\\w]*\\.)+(?=[A-Z])").matcher(text).replaceAll("");
  }
}
