package io.cachegen.processor.writing;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.cachegen.processor.model.KeyTemplate;
import io.cachegen.processor.model.KeyTemplate.Literal;
import io.cachegen.processor.model.KeyTemplate.PartKind;
import io.cachegen.processor.model.KeyTemplate.PropertyStep;
import io.cachegen.processor.model.KeyTemplate.Reference;
import io.cachegen.processor.model.KeyTemplate.Segment;
import io.cachegen.processor.model.MethodModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the body of a key builder: {@code return GET_MOVIE_PREFIX + id;}. Property paths read through
 * null-safe locals, so a {@code null} anywhere on the path renders {@code KeyParts.NULL}, never an NPE.
 */
final class KeyRendering {
  private KeyRendering() {}

  static void render(MethodSpec.Builder builder, MethodModel method, CodeBlock prefix, KeyTemplate key) {
    Set<String> names = new HashSet<>();
    method.parameters().forEach(p -> names.add(p.name()));
    Map<String, String> locals = new HashMap<>();
    List<CodeBlock> parts = new ArrayList<>();
    parts.add(prefix);
    for (Segment segment : key.segments()) {
      if (segment instanceof Literal literal) {
        parts.add(literal(literal.text()));
        continue;
      }
      Reference ref = (Reference) segment;
      if (ref.path().isEmpty()) {
        parts.add(part(ref.kind(), CodeBlock.of("$N", ref.parameter())));
        continue;
      }
      String local = locals.get(ref.spelled());
      if (local == null) {
        local = declarePath(builder, ref, names, locals);
      }
      parts.add(CodeBlock.of("$N", local));
    }
    builder.addStatement("return $L", CodeBlock.join(parts, " + "));
  }

  /**
   * Declares a local per step of the path; the last holds the rendered text. Returns the last's name.
   * {@code Address userAddress = user == null ? null : user.address();}
   * {@code String userAddressCity = userAddress == null ? KeyParts.NULL : KeyParts.part(userAddress.city());}
   */
  private static String declarePath(
      MethodSpec.Builder builder, Reference ref, Set<String> names, Map<String, String> locals) {
    String current = ref.parameter();
    StringBuilder spelled = new StringBuilder(ref.parameter());
    List<PropertyStep> path = ref.path();
    for (int i = 0; i < path.size(); i++) {
      PropertyStep step = path.get(i);
      spelled.append('.').append(step.property());
      String name = locals.get(spelled.toString());
      boolean last = i == path.size() - 1;
      if (name == null) {
        name = allocate(current + capitalize(step.property()), names);
        CodeBlock access = CodeBlock.of("$N.$L", current, step.access());
        if (last) {
          builder.addStatement(
              "$T $N = $N == null ? $T.NULL : $L",
              String.class, name, current, RuntimeNames.KEY_PARTS, part(ref.kind(), access, true));
        } else {
          builder.addStatement("$T $N = $N == null ? null : $L", step.type().box(), name, current, access);
        }
        locals.put(spelled.toString(), name);
      }
      current = name;
    }
    return current;
  }

  private static CodeBlock part(PartKind kind, CodeBlock value) {
    return part(kind, value, false);
  }

  /** A rendered part; {@code toText} makes a primitive a String, as a conditional expression needs. */
  private static CodeBlock part(PartKind kind, CodeBlock value, boolean toText) {
    return switch (kind) {
      case PRIMITIVE -> toText ? CodeBlock.of("$T.valueOf($L)", String.class, value) : value;
      case CHAR, STRING, ENUM, COLLECTION, OBJECT -> CodeBlock.of("$T.part($L)", RuntimeNames.KEY_PARTS, value);
    };
  }

  private static CodeBlock literal(String text) {
    if (text.length() == 1) {
      char c = text.charAt(0);
      String escaped = switch (c) {
        case '\'' -> "\\'";
        case '\\' -> "\\\\";
        default -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
      };
      return CodeBlock.of("'$L'", escaped);
    }
    return CodeBlock.of("$S", text);
  }

  private static String allocate(String wanted, Set<String> names) {
    String name = wanted;
    for (int i = 2; !names.add(name); i++) {
      name = wanted + i;
    }
    return name;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
