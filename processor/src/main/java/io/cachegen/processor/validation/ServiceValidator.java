package io.cachegen.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import io.cachegen.processor.model.CachedModel;
import io.cachegen.processor.model.InvalidationModel;
import io.cachegen.processor.model.KeyTemplate;
import io.cachegen.processor.model.KeyTemplate.Literal;
import io.cachegen.processor.model.KeyTemplate.PartKind;
import io.cachegen.processor.model.KeyTemplate.Reference;
import io.cachegen.processor.model.MethodModel;
import io.cachegen.processor.model.ReturnShape;
import io.cachegen.processor.model.ServiceModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The declaration step: checks one interface against every rule, reports each broken rule once at the
 * exact annotation value, and returns the model only when nothing is broken.
 */
public final class ServiceValidator {
  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final KeyResolver keys;

  /** Every prefix cached by a valid interface of this compilation, sorted. */
  private final Set<String> cachedPrefixes = new java.util.TreeSet<>();
  /** Every invalidation of a valid interface of this compilation, in order. */
  private final List<Located> invalidations = new ArrayList<>();

  public ServiceValidator(Elements elements, Types types, Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.keys = new KeyResolver(elements, types);
  }

  /**
   * The methods a decorator of {@code type} implements: its own and inherited abstract and default
   * methods, the interface's own first, then each super-interface depth first, each in source order;
   * a method overridden (or repeated) by an earlier one is left out. Static and private methods are not
   * implemented.
   */
  public List<ExecutableElement> methods(TypeElement type) {
    List<ExecutableElement> result = new ArrayList<>();
    List<ExecutableType> signatures = new ArrayList<>();
    DeclaredType declared = (DeclaredType) type.asType();
    Set<TypeElement> seen = new HashSet<>();
    collect(type, declared, seen, result, signatures);
    return result;
  }

  private void collect(
      TypeElement current,
      DeclaredType root,
      Set<TypeElement> seen,
      List<ExecutableElement> result,
      List<ExecutableType> signatures) {
    if (!seen.add(current)) {
      return;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(current.getEnclosedElements())) {
      if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      ExecutableType signature = (ExecutableType) types.asMemberOf(root, m);
      boolean hidden = false;
      for (int i = 0; i < result.size(); i++) {
        if (result.get(i).getSimpleName().equals(m.getSimpleName())
            && types.isSubsignature(signatures.get(i), signature)) {
          hidden = true;
          break;
        }
      }
      if (!hidden) {
        result.add(m);
        signatures.add(signature);
      }
    }
    for (TypeMirror superInterface : current.getInterfaces()) {
      if (superInterface.getKind() == TypeKind.DECLARED) {
        collect((TypeElement) ((DeclaredType) superInterface).asElement(), root, seen, result, signatures);
      }
    }
  }

  /** Whether {@code type} declares or inherits a {@code @Cached} or {@code @Invalidates} method. */
  public boolean isService(TypeElement type) {
    return type.getKind() == ElementKind.INTERFACE && methods(type).stream().anyMatch(Annotations::hasAny);
  }

  /** Validates {@code type}; reports every broken rule and returns the model only if none is broken. */
  public Optional<ServiceModel> validate(TypeElement type) {
    Validation v = new Validation(type);
    return v.run();
  }

  /** The state of validating one interface. */
  private final class Validation {
    private final TypeElement type;
    private final DeclaredType declared;
    private boolean failed;
    private final List<Located> located = new ArrayList<>();

    Validation(TypeElement type) {
      this.type = type;
      this.declared = (DeclaredType) type.asType();
    }

    void error(String text, Element element, Annotations.Found found, String member) {
      failed = true;
      reporter.error(text, element, found, member);
    }

    Optional<ServiceModel> run() {
      for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
        if (e.getModifiers().contains(Modifier.PRIVATE)) {
          String flat = String.join("_", ClassName.get(type).simpleNames());
          String pkg = elements.getPackageOf(type).getQualifiedName().toString();
          error(Message.NOT_ACCESSIBLE.format(type.getSimpleName(), flat, pkg), type, null, null);
          return Optional.empty();
        }
      }
      List<ExecutableElement> methods = methods(type);
      List<MethodModel> models = new ArrayList<>();
      List<ExecutableElement> cachedElements = new ArrayList<>();
      List<Annotations.Found> cachedAnnotations = new ArrayList<>();
      Map<String, Integer> constantCounts = new HashMap<>();
      for (ExecutableElement m : methods) {
        if (Annotations.cached(m, elements) != null) {
          constantCounts.merge(constantName(m.getSimpleName().toString()), 1, Integer::sum);
        }
      }
      Map<String, Integer> constantSeen = new HashMap<>();
      for (ExecutableElement m : methods) {
        ExecutableType signature = (ExecutableType) types.asMemberOf(declared, m);
        Annotations.Found cached = Annotations.cached(m, elements);
        List<Annotations.Found> invalidates = Annotations.invalidates(m, elements);
        List<KeyResolver.Param> params = new ArrayList<>();
        List<MethodModel.Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < m.getParameters().size(); i++) {
          VariableElement p = m.getParameters().get(i);
          TypeMirror t = signature.getParameterTypes().get(i);
          params.add(new KeyResolver.Param(p.getSimpleName().toString(), t));
          parameters.add(new MethodModel.Parameter(p.getSimpleName().toString(), TypeName.get(t)));
        }
        Optional<CachedModel> cachedModel = Optional.empty();
        List<InvalidationModel> invalidations = new ArrayList<>();
        if (cached != null && !invalidates.isEmpty()) {
          error(Message.CACHED_AND_INVALIDATES.format(describe(m)), m, cached, null);
          continue;
        }
        if (cached != null) {
          String base = constantName(m.getSimpleName().toString());
          if (constantCounts.get(base) > 1) {
            base = base + "_" + constantSeen.merge(base, 1, Integer::sum);
          }
          cachedModel = cached(m, signature, cached, params, base);
          cachedModel.ifPresent(c -> {
            cachedElements.add(m);
            cachedAnnotations.add(cached);
          });
        }
        for (int i = 0; i < invalidates.size(); i++) {
          invalidation(m, invalidates.get(i), params, m.getSimpleName() + "Invalidation" + (i + 1))
              .ifPresent(invalidations::add);
        }
        List<TypeName> thrown = signature.getThrownTypes().stream().map(TypeName::get).toList();
        List<TypeVariableName> typeVariables = m.getTypeParameters().stream().map(TypeVariableName::get).toList();
        models.add(new MethodModel(
            m.getSimpleName().toString(),
            typeVariables,
            parameters,
            m.isVarArgs(),
            TypeName.get(signature.getReturnType()),
            thrown,
            checked(signature.getThrownTypes()),
            ClassName.get((TypeElement) m.getEnclosingElement()),
            m.getParameters().stream().map(p -> TypeName.get(types.erasure(p.asType()))).toList(),
            isFuture(signature.getReturnType()),
            cachedModel,
            invalidations));
      }
      checkCollisions(models, cachedElements, cachedAnnotations);
      if (failed) {
        return Optional.empty();
      }
      collectPrefixes(models);
      ClassName interfaceName = ClassName.get(type);
      String flat = String.join("_", interfaceName.simpleNames());
      Optional<ClassName> inject = inject();
      return Optional.of(new ServiceModel(
          type,
          interfaceName,
          ClassName.get(interfaceName.packageName(), "Cached" + flat),
          ClassName.get(interfaceName.packageName(), flat + "CacheKeys"),
          String.join(".", interfaceName.simpleNames()),
          inject,
          inject.flatMap(i -> qualifier(i)),
          isPresent("javax.annotation.processing.Generated"),
          models));
    }

    private Optional<CachedModel> cached(
        ExecutableElement m,
        ExecutableType signature,
        Annotations.Found cached,
        List<KeyResolver.Param> params,
        String constantName) {
      boolean ok = true;
      if (!m.getTypeParameters().isEmpty()) {
        String vars = m.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">"));
        error(Message.GENERIC_METHOD.format(describe(m), vars), m, cached, null);
        return Optional.empty();
      }
      TypeMirror returnType = signature.getReturnType();
      TypeMirror exception = elements.getTypeElement("java.lang.Exception").asType();
      TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
      for (TypeMirror thrown : signature.getThrownTypes()) {
        if (!types.isSubtype(thrown, exception) && !types.isSubtype(thrown, error)) {
          error(Message.THROWS_THROWABLE.format(describe(m), KeyResolver.display(thrown)), m, cached, null);
          ok = false;
          break;
        }
      }
      if (returnType.getKind() == TypeKind.VOID) {
        error(Message.VOID_CACHED.format(describe(m)), m, cached, null);
        ok = false;
      }
      String prefix = cached.string("prefix");
      ok &= checkPrefix(m, cached, prefix);
      String ttlText = cached.string("ttl");
      Ttls.Parsed ttl = Ttls.parse(ttlText);
      if (!ttl.ok()) {
        error(Message.TTL.format(ttlText, ttl.problem()), m, cached, "ttl");
        ok = false;
      }
      KeyResolver.Resolution key = keys.resolve(cached.string("key"), params, describe(m));
      if (key.error() != null) {
        error(key.error(), m, cached, "key");
        ok = false;
      }
      if (!ok) {
        return Optional.empty();
      }
      ReturnShape shape;
      TypeName valueType;
      if (returnType.getKind().isPrimitive()) {
        shape = ReturnShape.PRIMITIVE;
        valueType = TypeName.get(returnType).box();
      } else if (isErasure(returnType, "java.util.Optional")) {
        shape = ReturnShape.OPTIONAL;
        valueType = TypeName.get(typeArgument(returnType));
      } else if (isFuture(returnType)) {
        shape = ReturnShape.FUTURE;
        valueType = TypeName.get(typeArgument(returnType));
      } else {
        shape = ReturnShape.VALUE;
        valueType = TypeName.get(returnType);
      }
      return Optional.of(new CachedModel(
          constantName,
          prefix,
          ttl.duration(),
          key.template(),
          shape,
          valueType,
          cached.bool("l1"),
          cached.bool("cacheNulls")));
    }

    private Optional<InvalidationModel> invalidation(
        ExecutableElement m, Annotations.Found found, List<KeyResolver.Param> params, String builderName) {
      String prefix = found.string("prefix");
      boolean ok = checkPrefix(m, found, prefix);
      String template = found.string("key");
      KeyTemplate key = new KeyTemplate("", List.of());
      if (!template.isEmpty()) {
        KeyResolver.Resolution resolution = keys.resolve(template, params, describe(m));
        if (resolution.error() != null) {
          error(resolution.error(), m, found, "key");
          ok = false;
        } else {
          key = resolution.template();
        }
      }
      if (!ok) {
        return Optional.empty();
      }
      InvalidationModel model = new InvalidationModel(builderName, prefix, key, found.bool("allEntries"));
      located.add(new Located(m, found, model));
      return Optional.of(model);
    }

    private boolean checkPrefix(ExecutableElement m, Annotations.Found found, String prefix) {
      if (prefix.isBlank()) {
        error(Message.PREFIX_BLANK.format(prefix), m, found, "prefix");
        return false;
      }
      for (char c : prefix.toCharArray()) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
          error(Message.PREFIX_GLOB.format(prefix, c), m, found, "prefix");
          return false;
        }
      }
      return true;
    }

    /**
     * Two cached methods collide when one prefix starts the other (or they are equal) and the rendered
     * key of the method with the shorter prefix can begin with the rest of the longer prefix. Equal
     * prefixes always collide. Otherwise the shorter method's key is known not to continue with that rest
     * when it is empty (no parameters), when it starts with literal text that neither starts nor is
     * started by the rest, or when it starts with an integral number ({@code byte}..{@code long}, their
     * boxes, {@code BigInteger}, {@code BigDecimal}: text starting with a digit, {@code '-'} or, for
     * {@code null}, {@code '%'}) while the rest starts with another character.
     */
    private void checkCollisions(
        List<MethodModel> models, List<ExecutableElement> elements, List<Annotations.Found> annotations) {
      List<CachedModel> cached = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (MethodModel model : models) {
        model.cached().ifPresent(c -> {
          cached.add(c);
          names.add(model.name());
        });
      }
      for (int j = 1; j < cached.size(); j++) {
        for (int i = 0; i < j; i++) {
          CachedModel a = cached.get(i);
          CachedModel b = cached.get(j);
          String reason = collision(a, b);
          if (reason == null) {
            continue;
          }
          String shorter = a.prefix().length() <= b.prefix().length() ? a.prefix() : b.prefix();
          String suggestion = shorter.equals(b.prefix()) && !a.prefix().equals(b.prefix())
              ? a.prefix().replace(':', '-') : b.prefix().replace(':', '-');
          if (suggestion.equals(a.prefix()) || suggestion.equals(b.prefix())) {
            suggestion = b.prefix() + "-";
          }
          error(
              Message.KEY_COLLISION.format(
                  names.get(j), b.prefix(), b.key().text(), names.get(i), a.prefix(), a.key().text(), reason, suggestion),
              elements.get(j),
              annotations.get(j),
              "prefix");
          break;
        }
      }
    }

    private String collision(CachedModel a, CachedModel b) {
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
      KeyTemplate.Segment first = shorter.key().segments().get(0);
      if (first instanceof Literal literal) {
        return literal.text().startsWith(rest) || rest.startsWith(literal.text()) ? reason : null;
      }
      Reference ref = (Reference) first;
      if (isIntegral(ref) && "0123456789-%".indexOf(rest.charAt(0)) < 0) {
        return null;
      }
      return reason;
    }

    private boolean isIntegral(Reference ref) {
      TypeName t = ref.type();
      if (ref.kind() == PartKind.PRIMITIVE) {
        return t.equals(TypeName.BYTE) || t.equals(TypeName.SHORT) || t.equals(TypeName.INT) || t.equals(TypeName.LONG);
      }
      return ref.kind() == PartKind.OBJECT
          && Set.of("java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
              "java.math.BigInteger", "java.math.BigDecimal").contains(t.toString());
    }

    /** Remembers this interface's cached prefixes and its invalidations, for {@link #reportUnusedInvalidations}. */
    private void collectPrefixes(List<MethodModel> models) {
      for (MethodModel model : models) {
        model.cached().ifPresent(c -> cachedPrefixes.add(c.prefix()));
      }
      invalidations.addAll(located);
    }
  }

  /**
   * Warns about every {@code @Invalidates} prefix that no {@code @Cached} method of any interface in this
   * compilation uses: equal to a cached prefix or, with {@code allEntries}, a prefix of one or starting
   * with one. Called at the end of each round, once the round's interfaces are known, so that one
   * interface may invalidate another's entries without a warning.
   */
  public void reportUnusedInvalidations() {
    String known = cachedPrefixes.isEmpty()
        ? "none"
        : cachedPrefixes.stream().limit(12).map(p -> "\"" + p + "\"").collect(Collectors.joining(", "))
            + (cachedPrefixes.size() > 12 ? ", ..." : "");
    for (Located l : invalidations) {
      InvalidationModel inv = l.invalidation();
      boolean used = cachedPrefixes.stream().anyMatch(p -> p.equals(inv.prefix())
          || (inv.allEntries() && (p.startsWith(inv.prefix()) || inv.prefix().startsWith(p))));
      if (!used) {
        reporter.warning(
            Message.UNUSED_INVALIDATION.format(inv.prefix(), l.method().getSimpleName(), known),
            l.method(),
            l.annotation(),
            "prefix");
      }
    }
    invalidations.clear();
  }

  /** An invalidation with the annotation it came from, for locating a warning. */
  private record Located(ExecutableElement method, Annotations.Found annotation, InvalidationModel invalidation) {}

  private Optional<ClassName> inject() {
    if (isPresent("jakarta.inject.Inject")) {
      return Optional.of(ClassName.get("jakarta.inject", "Inject"));
    }
    if (isPresent("javax.inject.Inject")) {
      return Optional.of(ClassName.get("javax.inject", "Inject"));
    }
    return Optional.empty();
  }

  /** {@code Qualifier} of the package {@code inject} comes from, if it is on the class path. */
  private Optional<ClassName> qualifier(ClassName inject) {
    ClassName qualifier = ClassName.get(inject.packageName(), "Qualifier");
    return isPresent(qualifier.canonicalName()) ? Optional.of(qualifier) : Optional.empty();
  }

  private boolean isPresent(String name) {
    return elements.getTypeElement(name) != null;
  }

  private boolean isFuture(TypeMirror type) {
    return isErasure(type, "java.util.concurrent.CompletableFuture")
        || isErasure(type, "java.util.concurrent.CompletionStage");
  }

  private static boolean isErasure(TypeMirror type, String name) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(name);
  }

  /** The first type argument, its bound if a wildcard, {@code Object} if raw or unbounded. */
  private TypeMirror typeArgument(TypeMirror type) {
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    TypeMirror arg = args.isEmpty() ? null : args.get(0);
    if (arg != null && arg.getKind() == TypeKind.WILDCARD) {
      arg = ((WildcardType) arg).getExtendsBound();
    }
    return arg == null ? elements.getTypeElement("java.lang.Object").asType() : arg;
  }

  /**
   * The checked exceptions among {@code thrown}, in declaration order, without those that another declared
   * one covers (a subtype of it, or a repetition), so that they can be caught in one multi-catch.
   */
  private List<TypeName> checked(List<? extends TypeMirror> thrown) {
    TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    List<TypeMirror> checked = new ArrayList<>();
    for (TypeMirror t : thrown) {
      if (!types.isSubtype(t, runtime) && !types.isSubtype(t, error)) {
        checked.add(t);
      }
    }
    List<TypeName> result = new ArrayList<>();
    for (int i = 0; i < checked.size(); i++) {
      TypeMirror t = checked.get(i);
      boolean covered = false;
      for (int j = 0; j < checked.size() && !covered; j++) {
        TypeMirror other = checked.get(j);
        covered = j != i && types.isSubtype(t, other) && (!types.isSameType(t, other) || j < i);
      }
      if (!covered) {
        result.add(TypeName.get(t));
      }
    }
    return result;
  }

  /** {@code getMovie} → {@code GET_MOVIE}, {@code findByISBN} → {@code FIND_BY_ISBN}. */
  static String constantName(String method) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (i > 0 && Character.isUpperCase(c)) {
        char prev = method.charAt(i - 1);
        boolean nextLower = i + 1 < method.length() && Character.isLowerCase(method.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          sb.append('_');
        }
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }

  /** {@code MovieService.getMovie(long)}. */
  private static String describe(ExecutableElement m) {
    return m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName()
        + m.getParameters().stream().map(p -> KeyResolver.display(p.asType())).collect(Collectors.joining(", ", "(", ")"));
  }
}
