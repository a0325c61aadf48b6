package io.cachegen.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.cachegen.processor.model.CachedModel;
import io.cachegen.processor.model.MethodModel;
import io.cachegen.processor.model.ServiceModel;
import java.util.Optional;

/** Small pieces both writers use. */
final class Writing {
  /** The processor's name in {@code @Generated}. */
  static final String PROCESSOR = "io.cachegen.processor.CachedProcessor";

  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private Writing() {}

  /** {@code @Generated("io.cachegen.processor.CachedProcessor")}, without a date. */
  static AnnotationSpec generated() {
    return AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build();
  }

  /** {@code {@link MovieService#getMovie(long)}}. */
  static CodeBlock link(MethodModel method) {
    CodeBlock params = method.erasedParameterTypes().stream()
        .map(t -> CodeBlock.of("$T", t))
        .collect(CodeBlock.joining(", "));
    return CodeBlock.of("{@link $T#$L($L)}", method.declaringType(), method.name(), params);
  }

  /** Text that is safe inside a javadoc comment. */
  static String javadocText(String s) {
    return s.replace("*/", "*&#47;");
  }

  /**
   * The prefix constant of a cached method with this prefix, or else the prefix as a string literal;
   * qualified with the keys class when used from the decorator.
   */
  static CodeBlock prefixExpression(ServiceModel model, String prefix, boolean qualified) {
    Optional<CachedModel> owner = model.cachedMethods().stream()
        .map(m -> m.cached().get())
        .filter(c -> c.prefix().equals(prefix))
        .findFirst();
    if (owner.isEmpty()) {
      return CodeBlock.of("$S", prefix);
    }
    return qualified
        ? CodeBlock.of("$T.$N", model.keysName(), owner.get().prefixConstant())
        : CodeBlock.of("$N", owner.get().prefixConstant());
  }
}
