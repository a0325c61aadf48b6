package io.cachegen.processor.writing;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.cachegen.processor.model.CachedModel;
import io.cachegen.processor.model.InvalidationModel;
import io.cachegen.processor.model.KeyTemplate;
import io.cachegen.processor.model.MethodModel;
import io.cachegen.processor.model.ServiceModel;
import io.cachegen.processor.validation.Ttls;
import java.time.Duration;
import javax.lang.model.element.Modifier;

/** Writes {@code FooCacheKeys}: prefix and TTL constants and a static key builder per method. */
public final class KeysWriter {

  /** The source file for {@code model}. */
  public JavaFile write(ServiceModel model) {
    TypeSpec.Builder type = TypeSpec.classBuilder(model.keysName())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(model.element())
        .addJavadoc(
            "The cache keys of {@link $T}: a prefix and a TTL constant per cached method, and a static\n"
                + "builder per key, so that code outside the decorator can name the same entries.\n",
            model.interfaceName());
    if (model.generatedAnnotation()) {
      type.addAnnotation(Writing.generated());
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (MethodModel method : model.methods()) {
      if (method.cached().isPresent()) {
        CachedModel cached = method.cached().get();
        CodeBlock link = Writing.link(method);
        type.addField(FieldSpec.builder(String.class, cached.prefixConstant(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("The key prefix of $L.\n", link)
            .initializer("$S", cached.prefix())
            .build());
        type.addField(FieldSpec.builder(Duration.class, cached.ttlConstant(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("How long entries of $L live: $L.\n", link, Ttls.describe(cached.ttl()))
            .initializer(duration(cached.ttl()))
            .build());
        CodeBlock prefix = CodeBlock.of("$N", cached.prefixConstant());
        type.addMethod(builder(method, method.name(), prefix, cached.key())
            .addJavadoc("The key of $L: {@code $L}.\n", link, Writing.javadocText(cached.prefix() + cached.key().text()))
            .build());
      }
    }
    for (MethodModel method : model.methods()) {
      for (InvalidationModel inv : method.invalidations()) {
        if (inv.key().isEmpty()) {
          continue;
        }
        CodeBlock prefix = Writing.prefixExpression(model, inv.prefix(), false);
        type.addMethod(builder(method, inv.builderName(), prefix, inv.key())
            .addJavadoc(
                "The key that $L invalidates$L: {@code $L}.\n",
                Writing.link(method),
                inv.allEntries() ? ", with every key that continues it after a ':'" : "",
                Writing.javadocText(inv.prefix() + inv.key().text()))
            .build());
      }
    }
    return JavaFile.builder(model.keysName().packageName(), type.build())
        .skipJavaLangImports(true)
        .build();
  }

  private static MethodSpec.Builder builder(MethodModel method, String name, CodeBlock prefix, KeyTemplate key) {
    MethodSpec.Builder builder = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(String.class)
        .varargs(method.varargs());
    for (MethodModel.Parameter p : method.parameters()) {
      builder.addParameter(ParameterSpec.builder(p.type(), p.name()).build());
    }
    KeyRendering.render(builder, method, prefix, key);
    return builder;
  }

  /** {@code Duration.ofMinutes(5)}: the largest unit that states the duration exactly. */
  static CodeBlock duration(Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (nanos == 0) {
      if (seconds % 86_400 == 0) {
        return CodeBlock.of("$T.ofDays($L)", Duration.class, seconds / 86_400);
      }
      if (seconds % 3_600 == 0) {
        return CodeBlock.of("$T.ofHours($L)", Duration.class, seconds / 3_600);
      }
      if (seconds % 60 == 0) {
        return CodeBlock.of("$T.ofMinutes($L)", Duration.class, seconds / 60);
      }
      return CodeBlock.of("$T.ofSeconds($L)", Duration.class, seconds);
    }
    if (nanos % 1_000_000 == 0) {
      return CodeBlock.of("$T.ofMillis($L)", Duration.class, d.toMillis());
    }
    return CodeBlock.of("$T.ofSeconds($L, $L)", Duration.class, seconds, nanos);
  }
}
