package io.cachegen.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.cachegen.processor.model.CachedModel;
import io.cachegen.processor.model.InvalidationModel;
import io.cachegen.processor.model.MethodModel;
import io.cachegen.processor.model.ReturnShape;
import io.cachegen.processor.model.ServiceModel;
import io.cachegen.processor.validation.Ttls;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;

/** Writes {@code CachedFoo}, the decorator that reads through and invalidates the cache. */
public final class DecoratorWriter {

  /** The source file for {@code model}. */
  public JavaFile write(ServiceModel model) {
    TypeSpec.Builder type = TypeSpec.classBuilder(model.decoratorName())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(model.interfaceName())
        .addOriginatingElement(model.element())
        .addJavadoc(
            "A {@link $T} that caches in a {@link $T}: {@code @Cached} methods read\n"
                + "through the cache, {@code @Invalidates} methods remove entries after the delegate ran,\n"
                + "every other method calls the delegate. Keys and TTLs are in {@link $T}.\n",
            model.interfaceName(), RuntimeNames.TIERED_CACHE, model.keysName());
    if (model.generatedAnnotation()) {
      type.addAnnotation(Writing.generated());
    }
    for (MethodModel method : model.methods()) {
      method.cached().ifPresent(cached -> type.addField(spec(model, method, cached)));
    }
    type.addField(model.interfaceName(), "delegate", Modifier.PRIVATE, Modifier.FINAL);
    type.addField(RuntimeNames.CACHE_ACCESS, "cache", Modifier.PRIVATE, Modifier.FINAL);
    type.addMethod(constructor(model));
    for (MethodModel method : model.methods()) {
      type.addMethod(method(model, method));
    }
    model.qualifier().ifPresent(qualifier -> type.addType(delegateQualifier(model, qualifier)));
    return JavaFile.builder(model.decoratorName().packageName(), type.build())
        .skipJavaLangImports(true)
        .build();
  }

  /** {@code @Inject public CachedFoo(@Delegate Foo delegate, TieredCache cache)}, without inject on the class path. */
  private static MethodSpec constructor(ServiceModel model) {
    ParameterSpec.Builder delegate = ParameterSpec.builder(model.interfaceName(), "delegate");
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Decorates {@code delegate}.\n");
    model.delegateQualifierName().ifPresent(qualifier -> {
      delegate.addAnnotation(qualifier);
      constructor.addJavadoc(
          "\n<p>A DI container calls this constructor when {@code $T} is bound to this class and the\n"
              + "{@code $T} that does the work is bound with the {@link $T @$L} qualifier.\n",
          model.interfaceName(),
          model.interfaceName(),
          qualifier,
          String.join(".", qualifier.simpleNames()));
    });
    model.inject().ifPresent(constructor::addAnnotation);
    return constructor
        .addJavadoc("\n@param delegate the service that computes values on a miss and performs writes\n")
        .addJavadoc("@param cache the cache, or {@code null} to call the delegate directly\n")
        .addParameter(delegate.build())
        .addParameter(RuntimeNames.TIERED_CACHE, "cache")
        .addStatement("this.delegate = $T.requireNonNull(delegate, $S)", Objects.class, "delegate")
        .addStatement("this.cache = $T.of(cache)", RuntimeNames.CACHE_ACCESS)
        .build();
  }

  /** The nested {@code @Delegate} qualifier: {@code qualifier} is {@code jakarta.inject.Qualifier} or javax's. */
  private static TypeSpec delegateQualifier(ServiceModel model, ClassName qualifier) {
    ClassName name = model.delegateQualifierName().orElseThrow();
    CodeBlock targets = Stream.of(ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD, ElementType.TYPE)
        .map(t -> CodeBlock.of("$T.$L", ElementType.class, t.name()))
        .collect(CodeBlock.joining(", ", "{", "}"));
    return TypeSpec.annotationBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "Marks the {@link $T} that {@link $T} decorates, so that a DI container can bind\n"
                + "{@code $T} to the decorator and the delegate separately.\n",
            model.interfaceName(), model.decoratorName(), model.interfaceName())
        .addAnnotation(qualifier)
        .addAnnotation(Documented.class)
        .addAnnotation(AnnotationSpec.builder(Retention.class)
            .addMember("value", "$T.$L", RetentionPolicy.class, RetentionPolicy.RUNTIME.name())
            .build())
        .addAnnotation(AnnotationSpec.builder(Target.class).addMember("value", "$L", targets).build())
        .build();
  }

  /**
   * {@code private static final CachedMethod<Movie> GET_MOVIE = CachedMethod.of("MovieService.getMovie",
   * MovieServiceCacheKeys.GET_MOVIE_PREFIX, TypeRef.of(Movie.class), MovieServiceCacheKeys.GET_MOVIE_TTL);}
   */
  private static FieldSpec spec(ServiceModel model, MethodModel method, CachedModel cached) {
    TypeName value = cached.valueType();
    CodeBlock typeRef = value instanceof ParameterizedTypeName || containsTypeArguments(value)
        ? CodeBlock.of("new $T<$T>() {}", RuntimeNames.TYPE_REF, value)
        : CodeBlock.of("$T.of($T.class)", RuntimeNames.TYPE_REF, value);
    CodeBlock.Builder init = CodeBlock.builder()
        .add("$T.of($Z$S,$W$T.$N,$W$L,$W$T.$N)",
            RuntimeNames.CACHED_METHOD,
            model.displayName() + "." + method.name(),
            model.keysName(), cached.prefixConstant(),
            typeRef,
            model.keysName(), cached.ttlConstant());
    if (!cached.l1()) {
      init.add(".l2Only()");
    }
    if (cached.cacheNulls()) {
      init.add(".cachingNulls()");
    }
    return FieldSpec.builder(
            ParameterizedTypeName.get(RuntimeNames.CACHED_METHOD, value),
            cached.constantName(),
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(init.build())
        .build();
  }

  /** Whether an array type's component has type arguments, e.g. {@code List<String>[]}. */
  private static boolean containsTypeArguments(TypeName type) {
    if (type instanceof com.palantir.javapoet.ArrayTypeName array) {
      return array.componentType() instanceof ParameterizedTypeName || containsTypeArguments(array.componentType());
    }
    return false;
  }

  private static MethodSpec method(ServiceModel model, MethodModel method) {
    MethodSpec.Builder builder = MethodSpec.methodBuilder(method.name())
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addTypeVariables(method.typeVariables())
        .returns(method.returnType())
        .varargs(method.varargs())
        .addExceptions(method.thrownTypes());
    for (MethodModel.Parameter p : method.parameters()) {
      builder.addParameter(ParameterSpec.builder(p.type(), p.name()).build());
    }
    Names names = new Names(method);
    CodeBlock call = CodeBlock.of("$L.$N($L)", names.delegate, method.name(), args(method));
    if (method.cached().isPresent()) {
      CachedModel cached = method.cached().get();
      builder.addJavadoc(
          "Caches $L under {@code $L} for $L$L.\n",
          Writing.link(method),
          Writing.javadocText(cached.prefix() + cached.key().text()),
          Ttls.describe(cached.ttl()),
          cached.l1() ? "" : ", in L2 only");
      cached(builder, model, method, cached, call, names);
    } else if (!method.invalidations().isEmpty()) {
      builder.addJavadoc("Calls $L, then invalidates\n$L", Writing.link(method), describe(method.invalidations()));
      invalidating(builder, model, method, call, names);
    } else {
      builder.addJavadoc("Calls $L.\n", Writing.link(method));
      builder.addStatement(method.returnsVoid() ? "$L" : "return $L", call);
    }
    return builder.build();
  }

  /**
   * Peeks at L1 without a lambda, and only on a miss loads through the cache:
   * {@code String key = ...; Movie cached = cache.peek(GET_MOVIE, key); if (cached != null) return cached;
   * return cache.get(GET_MOVIE, key, () -> delegate.getMovie(id));}
   */
  private static void cached(
      MethodSpec.Builder builder, ServiceModel model, MethodModel method, CachedModel cached, CodeBlock call, Names names) {
    String key = names.allocate("key");
    String hit = names.allocate("cached");
    builder.addStatement("$T $N = $T.$N($L)", String.class, key, model.keysName(), method.name(), args(method))
        .addStatement("$T $N = $L.peek($N, $N)", cached.valueType(), hit, names.cache, cached.constantName(), key)
        .beginControlFlow("if ($N != null)", hit)
        .addStatement("return $L", switch (cached.shape()) {
          case OPTIONAL -> CodeBlock.of("$T.of($N)", Optional.class, hit);
          case FUTURE -> CodeBlock.of("$T.completedFuture($N)", CompletableFuture.class, hit);
          case VALUE, PRIMITIVE -> CodeBlock.of("$N", hit);
        })
        .endControlFlow();
    if (cached.shape() == ReturnShape.FUTURE) {
      if (method.checkedThrownTypes().isEmpty()) {
        builder.addStatement(
            "return $L.getAsync($N, $N,$W() -> $L)", names.cache, cached.constantName(), key, call);
        return;
      }
      // A supplier cannot throw: a checked exception of the call becomes a failed future.
      builder.addCode("return $L.getAsync($N, $N, () -> {\n$>", names.cache, cached.constantName(), key)
          .beginControlFlow("try")
          .addStatement("return $L", call)
          .nextControlFlow("catch ($L $N)", catchTypes(method.checkedThrownTypes()), names.exception)
          .addStatement("return $T.<$T>failedFuture($N)", CompletableFuture.class, cached.valueType(), names.exception)
          .endControlFlow()
          .addCode("$<});\n");
      return;
    }
    CodeBlock loader = cached.shape() == ReturnShape.OPTIONAL
        ? CodeBlock.of("() -> $L.orElse(null)", call)
        : CodeBlock.of("() -> $L", call);
    CodeBlock lookup = CodeBlock.of("$L.get($N, $N,$W$L)", names.cache, cached.constantName(), key, loader);
    if (cached.shape() == ReturnShape.OPTIONAL) {
      lookup = CodeBlock.of("$T.ofNullable($L)", Optional.class, lookup);
    }
    if (method.checkedThrownTypes().size() <= 1) {
      builder.addStatement("return $L", lookup);
      return;
    }
    // The loader's exception type is the declared exceptions' common supertype: rethrow what may be
    // thrown, wrap what cannot happen.
    builder.beginControlFlow("try")
        .addStatement("return $L", lookup)
        .nextControlFlow(
            "catch ($L | $T | $T $N)",
            catchTypes(method.checkedThrownTypes()), RuntimeException.class, Error.class, names.exception)
        .addStatement("throw $N", names.exception)
        .nextControlFlow("catch ($T $N)", Exception.class, names.exception)
        .addStatement("throw new $T($N)", UndeclaredThrowableException.class, names.exception)
        .endControlFlow();
  }

  /**
   * Calls the delegate, then invalidates: in a {@code finally}, or for a future when it completes (and at
   * once if the call throws). Without a cache the invalidations are no-ops of the pass-through.
   */
  private static void invalidating(
      MethodSpec.Builder builder, ServiceModel model, MethodModel method, CodeBlock call, Names names) {
    CodeBlock invalidations = invalidations(model, method, names);
    if (!method.returnsFuture()) {
      builder.beginControlFlow("try")
          .addStatement(method.returnsVoid() ? "$L" : "return $L", call)
          .nextControlFlow("finally")
          .addCode(invalidations)
          .endControlFlow();
      return;
    }
    builder.addStatement("$T $N", method.returnType(), names.result)
        .beginControlFlow("try")
        .addStatement("$N = $L", names.result, call)
        .nextControlFlow("catch ($T $N)", Throwable.class, names.exception)
        .addCode(invalidations)
        .addStatement("throw $N", names.exception)
        .endControlFlow()
        .addCode(CodeBlock.builder()
            .add("return $N.whenComplete(($N, $N) -> {\n", names.result, names.value, names.error)
            .indent()
            .add(invalidations)
            .unindent()
            .add("});\n")
            .build());
  }

  /**
   * The statements that invalidate after the call: one {@code invalidate(key)} or {@code invalidateGroup(group)}
   * when the method has a single action, else one batched {@code invalidate(keys, groups)} (one message,
   * pipelined commands) instead of a round trip per action. An allEntries group with a key is the key and
   * the key followed by {@code ':'} as a group; without a key the group is the prefix, which validation has
   * checked ends with {@code ':'} or is a cached method's declared prefix (the groups the runtime removes).
   */
  private static CodeBlock invalidations(ServiceModel model, MethodModel method, Names names) {
    CodeBlock.Builder code = CodeBlock.builder();
    List<InvalidationModel> all = method.invalidations();
    long grouped = all.stream().filter(i -> i.allEntries() && !i.key().isEmpty()).count();
    List<CodeBlock> keys = new ArrayList<>();
    List<CodeBlock> groups = new ArrayList<>();
    int group = 0;
    for (InvalidationModel inv : all) {
      CodeBlock prefix = Writing.prefixExpression(model, inv.prefix(), true);
      if (inv.key().isEmpty()) {
        (inv.allEntries() ? groups : keys).add(prefix);
        continue;
      }
      CodeBlock key = CodeBlock.of("$T.$N($L)", model.keysName(), inv.builderName(), args(method));
      if (!inv.allEntries()) {
        keys.add(key);
        continue;
      }
      group++;
      String local = names.allocate(grouped == 1 ? "group" : "group" + group);
      code.addStatement("$T $N = $L", String.class, local, key);
      keys.add(CodeBlock.of("$N", local));
      groups.add(CodeBlock.of("$N + ':'", local));
    }
    if (keys.size() + groups.size() == 1) {
      return keys.isEmpty()
          ? CodeBlock.of("$L.invalidateGroup($L);\n", names.cache, groups.get(0))
          : CodeBlock.of("$L.invalidate($L);\n", names.cache, keys.get(0));
    }
    return code.addStatement(
            "$L.invalidate(\n$L,\n$L)", names.cache, listOf(keys), listOf(groups))
        .build();
  }

  /** {@code List.of(a, b, ...)}, wrapping between elements when the line gets long. */
  private static CodeBlock listOf(List<CodeBlock> elements) {
    return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(elements, ",$W"));
  }

  private static String describe(List<InvalidationModel> invalidations) {
    StringBuilder sb = new StringBuilder("<ul>\n");
    for (InvalidationModel inv : invalidations) {
      String pattern = Writing.javadocText(inv.prefix() + inv.key().text());
      sb.append("  <li>");
      if (!inv.allEntries()) {
        sb.append("{@code ").append(pattern).append("}");
      } else if (inv.key().isEmpty()) {
        sb.append("every key starting with {@code ").append(pattern).append("}");
      } else {
        sb.append("{@code ").append(pattern).append("} and every key continuing it after a {@code ':'}");
      }
      sb.append("\n");
    }
    return sb.append("</ul>\n").toString();
  }

  private static CodeBlock catchTypes(List<TypeName> types) {
    return types.stream().map(t -> CodeBlock.of("$T", t)).collect(CodeBlock.joining(" | "));
  }

  private static CodeBlock args(MethodModel method) {
    return method.parameters().stream().map(p -> CodeBlock.of("$N", p.name())).collect(CodeBlock.joining(", "));
  }

  /** Field references and local names that do not clash with the method's parameters. */
  private static final class Names {
    final Set<String> taken = new HashSet<>();
    final CodeBlock delegate;
    final CodeBlock cache;
    final String exception;
    final String result;
    final String value;
    final String error;

    Names(MethodModel method) {
      method.parameters().forEach(p -> taken.add(p.name()));
      delegate = taken.contains("delegate") ? CodeBlock.of("this.delegate") : CodeBlock.of("delegate");
      cache = taken.contains("cache") ? CodeBlock.of("this.cache") : CodeBlock.of("cache");
      exception = allocate("e");
      result = allocate("result");
      value = allocate("value");
      error = allocate("error");
    }

    String allocate(String wanted) {
      String name = wanted;
      for (int i = 2; !taken.add(name); i++) {
        name = wanted + i;
      }
      return name;
    }
  }
}
