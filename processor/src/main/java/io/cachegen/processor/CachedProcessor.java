package io.cachegen.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import io.cachegen.processor.model.ServiceModel;
import io.cachegen.processor.validation.Annotations;
import io.cachegen.processor.validation.Message;
import io.cachegen.processor.validation.Reporter;
import io.cachegen.processor.validation.ServiceValidator;
import io.cachegen.processor.writing.DecoratorIndexWriter;
import io.cachegen.processor.writing.DecoratorWriter;
import io.cachegen.processor.writing.KeysWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Writes {@code CachedFoo} and {@code FooCacheKeys} for every interface {@code Foo} that declares or
 * inherits {@code @Cached} or {@code @Invalidates} methods. Each interface goes through three steps:
 * {@link ServiceValidator validate} (every broken rule is one located error, and nothing is written for
 * a broken interface), model, and {@link DecoratorWriter write}. The interfaces of a round are validated
 * together, in the order of their qualified names, since some rules span the compilation.
 *
 * <p>The processor looks at every type, because an interface can inherit its annotated methods from a
 * super-interface in a library; it never claims an annotation. An interface whose signatures refer to
 * types not generated yet is deferred to a later round.
 */
@AutoService(Processor.class)
public final class CachedProcessor extends AbstractProcessor {
  private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t]+$", Pattern.MULTILINE);

  private final Set<String> done = new HashSet<>();
  private final Set<String> deferred = new LinkedHashSet<>();
  private Reporter reporter;
  private ServiceValidator validator;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (validator == null) {
        reporter = new Reporter(processingEnv);
        validator = new ServiceValidator(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), reporter);
      }
      if (round.processingOver()) {
        for (String name : deferred) {
          TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
          if (type != null) {
            reporter.warning(Message.UNRESOLVED.format("Cached" + type.getSimpleName(), name), type);
          }
        }
        deferred.clear();
        return false;
      }
      reportMisplaced(round);
      List<TypeElement> candidates = new ArrayList<>();
      for (String name : deferred) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
        if (type != null) {
          candidates.add(type);
        }
      }
      deferred.clear();
      for (Element root : round.getRootElements()) {
        collectTypes(root, candidates);
      }
      List<TypeElement> services = new ArrayList<>();
      for (TypeElement type : candidates) {
        String name = type.getQualifiedName().toString();
        if (done.contains(name) || !validator.isService(type)) {
          continue;
        }
        if (hasUnresolvedTypes(type)) {
          deferred.add(name);
          continue;
        }
        done.add(name);
        if (!type.getTypeParameters().isEmpty()) {
          reporter.note(Message.GENERIC_INTERFACE.format(type.getSimpleName(), type.getSimpleName()), type);
          continue;
        }
        services.add(type);
      }
      // All of the round's interfaces at once: some rules span the compilation (prefixes, value types).
      for (ServiceModel model : validator.validate(services)) {
        write(model);
      }
      // At the end of the round, when every interface of the round is known (elements of earlier rounds
      // can no longer be located in the last one).
      validator.reportUnusedInvalidations();
    } catch (Throwable t) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Message.INTERNAL.format(trace));
    }
    return false;
  }

  private void write(ServiceModel model) throws IOException {
    write(new KeysWriter().write(model), model);
    write(new DecoratorWriter().write(model), model);
    new DecoratorIndexWriter().write(model, processingEnv.getFiler());
  }

  /** Writes one file, without the trailing spaces JavaPoet leaves where it wraps a line. */
  private void write(JavaFile file, ServiceModel model) throws IOException {
    String name = file.packageName().isEmpty()
        ? file.typeSpec().name()
        : file.packageName() + "." + file.typeSpec().name();
    String text = TRAILING_SPACE.matcher(file.toString()).replaceAll("");
    JavaFileObject source = processingEnv.getFiler().createSourceFile(name, model.element());
    try (Writer writer = source.openWriter()) {
      writer.write(text);
    }
  }

  /** Reports {@code @Cached} and {@code @Invalidates} on methods of anything but an interface. */
  private void reportMisplaced(RoundEnvironment round) {
    Set<Element> annotated = new LinkedHashSet<>();
    for (String name : List.of(Annotations.CACHED, Annotations.INVALIDATES, Annotations.INVALIDATES_LIST)) {
      TypeElement annotation = processingEnv.getElementUtils().getTypeElement(name);
      if (annotation != null) {
        annotated.addAll(round.getElementsAnnotatedWith(annotation));
      }
    }
    for (Element element : annotated) {
      Element owner = element.getEnclosingElement();
      if (owner == null || owner.getKind() == ElementKind.INTERFACE) {
        continue;
      }
      String kind = switch (owner.getKind()) {
        case ANNOTATION_TYPE -> "annotation type";
        default -> owner.getKind().toString().toLowerCase(java.util.Locale.ROOT);
      };
      var mirror = Annotations.first(element);
      reporter.error(
          Message.NOT_INTERFACE.format(
              Annotations.simpleName(mirror), element.getSimpleName(), kind, owner.getSimpleName(), owner.getSimpleName()),
          element,
          mirror);
    }
  }

  private static void collectTypes(Element element, List<TypeElement> out) {
    if (element instanceof TypeElement type) {
      out.add(type);
      for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
        collectTypes(nested, out);
      }
    }
  }

  /** Whether a method of {@code type} refers to a type that may be generated in a later round. */
  private boolean hasUnresolvedTypes(TypeElement type) {
    for (ExecutableElement m : validator.methods(type)) {
      if (isError(m.getReturnType())) {
        return true;
      }
      for (VariableElement p : m.getParameters()) {
        if (isError(p.asType())) {
          return true;
        }
      }
      for (TypeMirror t : m.getThrownTypes()) {
        if (isError(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isError(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type.getKind() == TypeKind.DECLARED) {
      for (TypeMirror arg : ((javax.lang.model.type.DeclaredType) type).getTypeArguments()) {
        if (isError(arg)) {
          return true;
        }
      }
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return isError(((javax.lang.model.type.ArrayType) type).getComponentType());
    }
    return false;
  }
}
