package io.cachegen.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import io.cachegen.processor.model.CachedModel;
import io.cachegen.processor.model.InvalidationModel;
import io.cachegen.processor.model.KeyTemplate;
import io.cachegen.processor.model.KeyTemplate.Reference;
import io.cachegen.processor.model.MethodModel;
import io.cachegen.processor.model.ReturnShape;
import io.cachegen.processor.model.ServiceModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
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
 * exact annotation value, and returns the model only when nothing is broken. The rules that span the
 * compilation (one prefix never serves two value types; an invalidation matches what is cached under its
 * prefix) are checked once every interface of a round has passed its own rules, against every cached
 * method of the compilation so far.
 */
public final class ServiceValidator {
  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final KeyResolver keys;

  /** Every cached method of a valid interface of this compilation, across rounds. */
  private final KeySpace keySpace = new KeySpace();
  /** Every invalidation of a valid interface of this round, in order, for the unused-prefix warning. */
  private final List<Located> invalidations = new ArrayList<>();

  public ServiceValidator(Elements elements, Types types, Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.keys = new KeyResolver(elements, types);
  }

  /**
   * A method a decorator implements, and the declaration whose cachegen annotations apply to it: the
   * method itself, or, when it carries none, the nearest method it overrides that does (so a
   * sub-interface that re-declares an inherited {@code @Cached} method still caches it).
   */
  private record Member(ExecutableElement method, ExecutableElement annotated) {}

  /**
   * The methods a decorator of {@code type} implements: its own and inherited abstract and default
   * methods, the interface's own first, then each super-interface depth first, each in source order;
   * a method overridden (or repeated) by an earlier one is left out. Static and private methods are not
   * implemented.
   */
  public List<ExecutableElement> methods(TypeElement type) {
    return members(type).stream().map(Member::method).toList();
  }

  private List<Member> members(TypeElement type) {
    List<ExecutableElement> result = new ArrayList<>();
    List<ExecutableElement> annotated = new ArrayList<>();
    List<ExecutableType> signatures = new ArrayList<>();
    DeclaredType declared = (DeclaredType) type.asType();
    Set<TypeElement> seen = new HashSet<>();
    collect(type, declared, seen, result, annotated, signatures);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      members.add(new Member(result.get(i), annotated.get(i)));
    }
    return members;
  }

  private void collect(
      TypeElement current,
      DeclaredType root,
      Set<TypeElement> seen,
      List<ExecutableElement> result,
      List<ExecutableElement> annotated,
      List<ExecutableType> signatures) {
    if (!seen.add(current)) {
      return;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(current.getEnclosedElements())) {
      if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      ExecutableType signature = (ExecutableType) types.asMemberOf(root, m);
      int hiddenBy = -1;
      for (int i = 0; i < result.size(); i++) {
        if (result.get(i).getSimpleName().equals(m.getSimpleName())
            && types.isSubsignature(signatures.get(i), signature)) {
          hiddenBy = i;
          break;
        }
      }
      if (hiddenBy < 0) {
        result.add(m);
        annotated.add(m);
        signatures.add(signature);
      } else if (!Annotations.hasAny(annotated.get(hiddenBy)) && Annotations.hasAny(m)) {
        annotated.set(hiddenBy, m);
      }
    }
    for (TypeMirror superInterface : current.getInterfaces()) {
      if (superInterface.getKind() == TypeKind.DECLARED) {
        collect((TypeElement) ((DeclaredType) superInterface).asElement(), root, seen, result, annotated, signatures);
      }
    }
  }

  /**
   * Whether {@code type} declares or inherits a {@code @Cached} or {@code @Invalidates} method, or
   * declares one on a method no decorator can override (which validation then reports).
   */
  public boolean isService(TypeElement type) {
    return type.getKind() == ElementKind.INTERFACE
        && (members(type).stream().anyMatch(m -> Annotations.hasAny(m.annotated()))
            || !notOverridable(type).isEmpty());
  }

  /** The static and private methods of {@code type} that carry a cachegen annotation. */
  private static List<ExecutableElement> notOverridable(TypeElement type) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(m -> m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.PRIVATE))
        .filter(Annotations::hasAny)
        .toList();
  }

  /**
   * Validates the interfaces of one round, in the order of their qualified names: first each against its
   * own rules, then those that passed against the rules that span the compilation (with the cached
   * methods of earlier rounds). Reports every broken rule; returns the models of the interfaces that break
   * none, in that order.
   */
  public List<ServiceModel> validate(List<TypeElement> services) {
    List<TypeElement> sorted = new ArrayList<>(services);
    sorted.sort(Comparator.comparing(t -> t.getQualifiedName().toString()));
    List<Validation> valid = new ArrayList<>();
    for (TypeElement type : sorted) {
      Validation v = new Validation(type);
      if (v.run()) {
        valid.add(v);
      }
    }
    for (Validation v : valid) {
      v.checkValueTypesAcrossInterfaces();
      v.register();
    }
    List<ServiceModel> result = new ArrayList<>();
    for (Validation v : valid) {
      v.checkInvalidationsAgainstCachedKeys();
      if (!v.failed) {
        invalidations.addAll(v.located);
        result.add(v.model);
      }
    }
    return result;
  }

  /** A cached method of the interface being validated, with where its annotation is. */
  private record CachedSite(Member member, Annotations.Found annotation, String name, CachedModel cached) {}

  /** The state of validating one interface. */
  private final class Validation {
    private final TypeElement type;
    private final DeclaredType declared;
    private boolean failed;
    private final List<Located> located = new ArrayList<>();
    private final List<CachedSite> cachedSites = new ArrayList<>();
    private ServiceModel model;

    Validation(TypeElement type) {
      this.type = type;
      this.declared = (DeclaredType) type.asType();
    }

    void error(String text, Element element, Annotations.Found found, String member) {
      failed = true;
      reporter.error(text, element, found, member);
    }

    /** Checks the interface's own rules; true, with {@link #model} set, if none is broken. */
    boolean run() {
      for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
        if (e.getModifiers().contains(Modifier.PRIVATE)) {
          String flat = String.join("_", ClassName.get(type).simpleNames());
          String pkg = elements.getPackageOf(type).getQualifiedName().toString();
          error(Message.NOT_ACCESSIBLE.format(type.getSimpleName(), flat, pkg), type, null, null);
          return false;
        }
      }
      for (ExecutableElement m : notOverridable(type)) {
        AnnotationMirror mirror = Annotations.first(m);
        String annotation = Annotations.simpleName(mirror);
        failed = true;
        reporter.error(
            Message.NOT_OVERRIDABLE.format(
                annotation,
                m.getModifiers().contains(Modifier.STATIC) ? "static" : "private",
                describe(m),
                annotation.equals("Cached") ? "be cached" : "invalidate anything"),
            m,
            mirror);
      }
      List<Member> members = members(type);
      List<MethodModel> models = new ArrayList<>();
      Map<String, Integer> constantCounts = new HashMap<>();
      for (Member member : members) {
        if (Annotations.cached(member.annotated(), elements) != null) {
          constantCounts.merge(constantName(member.method().getSimpleName().toString()), 1, Integer::sum);
        }
      }
      Map<String, Integer> constantSeen = new HashMap<>();
      for (Member member : members) {
        ExecutableElement m = member.method();
        ExecutableElement source = member.annotated();
        ExecutableType signature = (ExecutableType) types.asMemberOf(declared, m);
        Annotations.Found cached = Annotations.cached(source, elements);
        List<Annotations.Found> invalidates = Annotations.invalidates(source, elements);
        // The names of the declaration the annotations are on: that is what its key templates refer to.
        List<KeyResolver.Param> params = new ArrayList<>();
        List<MethodModel.Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < m.getParameters().size(); i++) {
          VariableElement p = source.getParameters().get(i);
          TypeMirror t = signature.getParameterTypes().get(i);
          boolean varargs = m.isVarArgs() && i == m.getParameters().size() - 1;
          params.add(new KeyResolver.Param(p.getSimpleName().toString(), t, varargs));
          parameters.add(new MethodModel.Parameter(p.getSimpleName().toString(), TypeName.get(t)));
        }
        Optional<CachedModel> cachedModel = Optional.empty();
        List<InvalidationModel> invalidations = new ArrayList<>();
        if (cached != null && !invalidates.isEmpty()) {
          error(Message.CACHED_AND_INVALIDATES.format(describe(source)), source, cached, null);
          continue;
        }
        if (cached != null) {
          String base = constantName(m.getSimpleName().toString());
          if (constantCounts.get(base) > 1) {
            base = base + "_" + constantSeen.merge(base, 1, Integer::sum);
          }
          cachedModel = cached(source, signature, cached, params, base);
          cachedModel.ifPresent(c -> cachedSites.add(new CachedSite(member, cached, m.getSimpleName().toString(), c)));
        }
        for (int i = 0; i < invalidates.size(); i++) {
          invalidation(source, invalidates.get(i), params, m.getSimpleName() + "Invalidation" + (i + 1))
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
      checkCollisions();
      if (failed) {
        return false;
      }
      ClassName interfaceName = ClassName.get(type);
      String flat = String.join("_", interfaceName.simpleNames());
      Optional<ClassName> inject = inject();
      model = new ServiceModel(
          type,
          interfaceName,
          ClassName.get(interfaceName.packageName(), "Cached" + flat),
          ClassName.get(interfaceName.packageName(), flat + "CacheKeys"),
          String.join(".", interfaceName.simpleNames()),
          inject,
          inject.flatMap(i -> qualifier(i)),
          isPresent("javax.annotation.processing.Generated"),
          models);
      return true;
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
      String template = cached.string("key");
      KeyResolver.Resolution key = keys.resolve(template, params, describe(m));
      if (key.error() != null) {
        error(key.error(), m, cached, "key");
        ok = false;
      } else if (!params.isEmpty() && key.template().segments().stream().noneMatch(Reference.class::isInstance)) {
        error(
            Message.KEY_CONSTANT.format(template, describe(m), KeyResolver.constantKeyHint(template, params)),
            m, cached, "key");
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
      located.add(new Located(m, found, model, params));
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
      int surrogate = KeyResolver.loneSurrogate(prefix);
      if (surrogate >= 0) {
        error(
            Message.SURROGATE.format(
                "prefix",
                KeyResolver.escapeSurrogates(prefix),
                KeyResolver.escapeSurrogates(prefix.substring(surrogate, surrogate + 1)),
                surrogate),
            m, found, "prefix");
        return false;
      }
      return true;
    }

    /** Two cached methods of this interface whose keys can be equal: an error on the second, at its prefix. */
    private void checkCollisions() {
      for (int j = 1; j < cachedSites.size(); j++) {
        for (int i = 0; i < j; i++) {
          CachedModel a = cachedSites.get(i).cached();
          CachedModel b = cachedSites.get(j).cached();
          String reason = KeyShapes.collision(a, b);
          if (reason == null) {
            continue;
          }
          String shorter = a.prefix().length() <= b.prefix().length() ? a.prefix() : b.prefix();
          String suggestion = shorter.equals(b.prefix()) && !a.prefix().equals(b.prefix())
              ? a.prefix().replace(':', '-') : b.prefix().replace(':', '-');
          if (suggestion.equals(a.prefix()) || suggestion.equals(b.prefix())) {
            suggestion = b.prefix() + "-";
          }
          CachedSite second = cachedSites.get(j);
          error(
              Message.KEY_COLLISION.format(
                  second.name(), b.prefix(), b.key().text(), cachedSites.get(i).name(), a.prefix(), a.key().text(),
                  reason, suggestion),
              second.member().annotated(),
              second.annotation(),
              "prefix");
          break;
        }
      }
    }

    /**
     * One prefix never serves two value types: a cached method whose keys can be equal to those of a
     * cached method of an interface validated before this one (by qualified name, earlier rounds first)
     * while its value type differs is an error, at its prefix if this interface declares it, else at the
     * interface (the fix is an override here with a prefix of its own). Two interfaces that cache one
     * value type under one key shape (two sub-interfaces of one generic base, say) are fine.
     */
    void checkValueTypesAcrossInterfaces() {
      for (CachedSite site : cachedSites) {
        CachedModel mine = site.cached();
        for (KeySpace.Entry other : keySpace.entries()) {
          String reason = KeyShapes.collision(other.cached(), mine);
          if (reason == null
              || other.cached().valueType().withoutAnnotations().equals(mine.valueType().withoutAnnotations())) {
            continue;
          }
          boolean declaredHere = site.member().annotated().getEnclosingElement().equals(type);
          String name = model.displayName() + "." + site.name();
          String suggestion = kebab(type.getSimpleName().toString()) + ":" + mine.prefix();
          String fix = declaredHere
              ? "give " + name + " a prefix that does not overlap \"" + other.cached().prefix() + "\", such as \""
                  + suggestion + "\""
              : "override " + site.name() + " in " + model.displayName()
                  + " and give the override a @Cached prefix of its own, such as \"" + suggestion + "\"";
          String text = Message.TYPE_COLLISION.format(
              name + (declaredHere ? "" : " (inherited from "
                  + site.member().annotated().getEnclosingElement().getSimpleName() + ")"),
              mine.prefix(), mine.key().text(), KeyShapes.simple(mine.valueType()),
              other.method(), other.cached().prefix(), other.cached().key().text(),
              KeyShapes.simple(other.cached().valueType()),
              reason, fix);
          if (declaredHere) {
            error(text, site.member().annotated(), site.annotation(), "prefix");
          } else {
            error(text, type, null, null);
          }
          break;
        }
      }
    }

    /** Adds this interface's cached methods to the compilation's. */
    void register() {
      for (CachedSite site : cachedSites) {
        keySpace.add(new KeySpace.Entry(
            type.getQualifiedName().toString(), model.displayName() + "." + site.name(), site.cached()));
      }
    }

    /**
     * Every invalidation must be able to remove something the compilation caches under its prefix, and
     * name a group the runtime can remove at once. A group without a key ends with {@code ':'}, or is the
     * whole prefix of a cached method and starts no other cached prefix (the runtime removes a group at a
     * {@code ':'} or at the end of a declared prefix). With a key, when a method caches under the prefix:
     * the key renders the same parts in the same order as that method's key (with {@code allEntries}, as
     * its first parts); a bare prefix removes only the key equal to the prefix, which a method without
     * parameters caches.
     */
    void checkInvalidationsAgainstCachedKeys() {
      for (Located l : located) {
        InvalidationModel inv = l.invalidation();
        String prefix = inv.prefix();
        if (inv.allEntries() && inv.key().isEmpty()) {
          checkGroup(l);
          continue;
        }
        List<KeySpace.Entry> same = keySpace.withPrefix(prefix);
        if (same.isEmpty()) {
          continue;
        }
        String annotation = "@Invalidates(prefix = \"" + prefix + "\""
            + (inv.key().isEmpty() ? "" : ", key = \"" + inv.key().text() + "\"")
            + (inv.allEntries() ? ", allEntries = true" : "") + ")";
        if (inv.key().isEmpty()) {
          if (same.stream().noneMatch(e -> e.cached().key().isEmpty())) {
            KeySpace.Entry e = same.get(0);
            error(
                Message.INVALIDATION_MISMATCH.format(
                    annotation, describe(l.method()), e.method(), prefix, e.cached().key().text(),
                    "without a key it removes only the key \"" + prefix + "\" itself, and every method caching "
                        + "under that prefix has parameters",
                    "add a key with the same parts in the same order as \"" + e.cached().key().text()
                        + "\" to remove one entry, or allEntries = true to remove every entry of the prefix"),
                l.method(), l.annotation(), "prefix");
          }
          continue;
        }
        KeySpace.Entry first = null;
        String why = null;
        for (KeySpace.Entry e : same) {
          String mismatch = KeyShapes.mismatch(inv.key(), e.cached().key(), inv.allEntries());
          if (mismatch == null) {
            first = null;
            break;
          }
          if (first == null) {
            first = e;
            why = mismatch;
          }
        }
        if (first == null) {
          continue;
        }
        String cachedKey = first.cached().key().text();
        String fix;
        if (inv.key().segments().stream().noneMatch(Reference.class::isInstance)
            && !l.params().isEmpty()
            && KeyResolver.constantKeyHint(inv.key().text(), l.params()).startsWith("write ")) {
          fix = KeyResolver.constantKeyHint(inv.key().text(), l.params())
              + " (this key names no parameter: braces make a part)";
        } else if (!inv.allEntries() && KeyShapes.mismatch(inv.key(), first.cached().key(), true) == null) {
          fix = "write the key with the same parts in the same order as \"" + cachedKey + "\" to remove one entry, "
              + "or add allEntries = true to remove every entry whose key continues \"" + prefix
              + inv.key().text() + ":\"";
        } else {
          fix = "write the key with the same parts in the same order as \"" + cachedKey + "\""
              + (inv.allEntries() ? " (with allEntries = true, its first parts)" : "");
        }
        error(
            Message.INVALIDATION_MISMATCH.format(
                annotation, describe(l.method()), first.method(), prefix, cachedKey, why, fix),
            l.method(), l.annotation(), "key");
      }
    }

    /** The group of an allEntries invalidation without a key: see {@link #checkInvalidationsAgainstCachedKeys}. */
    private void checkGroup(Located l) {
      String prefix = l.invalidation().prefix();
      if (prefix.endsWith(":")) {
        return;
      }
      List<String> longer = keySpace.prefixes().stream()
          .filter(p -> p.startsWith(prefix) && !p.equals(prefix))
          .toList();
      List<KeySpace.Entry> exact = keySpace.withPrefix(prefix);
      String why;
      String fix;
      if (exact.isEmpty()) {
        why = "\"" + prefix + "\" is neither";
        fix = longer.isEmpty()
            ? "end it with ':' (\"" + prefix + ":\") if its keys continue after a ':'"
            : "end it with ':', or write the whole prefix of the method whose entries it means ("
                + longer.stream().limit(3).map(p -> "\"" + p + "\"").collect(Collectors.joining(", ")) + ")";
      } else if (!longer.isEmpty()) {
        KeySpace.Entry other = keySpace.entries().stream()
            .filter(e -> e.cached().prefix().equals(longer.get(0)))
            .findFirst()
            .orElseThrow();
        why = "\"" + prefix + "\" is the prefix of " + exact.get(0).method() + " but also starts the prefix \""
            + other.cached().prefix() + "\" of " + other.method() + ", whose entries the group would not reach";
        fix = "give " + other.method() + " a prefix that does not start with \"" + prefix
            + "\", or remove its entries with an @Invalidates of its own prefix";
      } else {
        return;
      }
      error(Message.GROUP.format(prefix, why, fix), l.method(), l.annotation(), "prefix");
    }
  }

  /**
   * Warns about every {@code @Invalidates} prefix that no {@code @Cached} method of any interface in this
   * compilation uses: equal to a cached prefix or, with {@code allEntries}, a prefix of one or starting
   * with one. Called at the end of each round, once the round's interfaces are known, so that one
   * interface may invalidate another's entries without a warning.
   */
  public void reportUnusedInvalidations() {
    Set<String> cachedPrefixes = keySpace.prefixes();
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

  /** An invalidation with the annotation it came from, for locating a diagnostic, and its method's parameters. */
  private record Located(
      ExecutableElement method,
      Annotations.Found annotation,
      InvalidationModel invalidation,
      List<KeyResolver.Param> params) {}

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

  /** {@code WarehouseRepository} → {@code warehouse-repository}. */
  private static String kebab(String name) {
    return constantName(name).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** {@code MovieService.getMovie(long)}. */
  private static String describe(ExecutableElement m) {
    return m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName()
        + m.getParameters().stream().map(p -> KeyResolver.display(p.asType())).collect(Collectors.joining(", ", "(", ")"));
  }
}
