package io.cachegen.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * One valid service interface and what is written for it.
 *
 * @param element the interface, the originating element of both generated files
 * @param interfaceName the interface, e.g. {@code p.MovieService}
 * @param decoratorName the decorator, e.g. {@code p.CachedMovieService}
 * @param keysName the key builders, e.g. {@code p.MovieServiceCacheKeys}
 * @param displayName the interface name used in spec names, e.g. {@code MovieService} or {@code Outer.Foo}
 * @param inject the {@code @Inject} annotation to put on the constructor, if one is on the class path
 * @param qualifier the {@code @Qualifier} meta-annotation of the same package as {@code inject}, if on the class
 *     path: the decorator then declares a nested {@code @Delegate} qualifier for its delegate parameter
 * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} is available
 * @param methods every method the decorator implements, in a stable order
 */
public record ServiceModel(
    TypeElement element,
    ClassName interfaceName,
    ClassName decoratorName,
    ClassName keysName,
    String displayName,
    Optional<ClassName> inject,
    Optional<ClassName> qualifier,
    boolean generatedAnnotation,
    List<MethodModel> methods) {

  public ServiceModel {
    methods = List.copyOf(methods);
  }

  /** The nested qualifier {@code CachedFoo.Delegate} that marks the delegate parameter, if {@link #qualifier}. */
  public Optional<ClassName> delegateQualifierName() {
    return qualifier.map(q -> decoratorName.nestedClass("Delegate"));
  }

  /** The cached methods, in order. */
  public List<MethodModel> cachedMethods() {
    return methods.stream().filter(m -> m.cached().isPresent()).toList();
  }
}
