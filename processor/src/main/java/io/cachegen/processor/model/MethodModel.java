package io.cachegen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;
import java.util.Optional;

/**
 * One method the decorator implements: cached, invalidating, or plainly delegating.
 *
 * @param name the method name
 * @param typeVariables the method's type variables (only on methods that are not cached)
 * @param parameters the parameters, with types as seen from the decorated interface
 * @param varargs whether the last parameter is a varargs parameter
 * @param returnType the return type as seen from the decorated interface
 * @param thrownTypes the declared thrown types, as declared
 * @param checkedThrownTypes the declared checked exceptions without those covered by another one, sorted
 * @param declaringType the interface that declares the method, for the javadoc link
 * @param erasedParameterTypes the erased parameter types of the declaration, for the javadoc link
 * @param returnsFuture whether the return type is {@code CompletableFuture} or {@code CompletionStage}
 * @param cached how the result is cached, if the method is {@code @Cached}
 * @param invalidations what the method invalidates, in annotation order
 */
public record MethodModel(
    String name,
    List<TypeVariableName> typeVariables,
    List<Parameter> parameters,
    boolean varargs,
    TypeName returnType,
    List<TypeName> thrownTypes,
    List<TypeName> checkedThrownTypes,
    ClassName declaringType,
    List<TypeName> erasedParameterTypes,
    boolean returnsFuture,
    Optional<CachedModel> cached,
    List<InvalidationModel> invalidations) {

  public MethodModel {
    typeVariables = List.copyOf(typeVariables);
    parameters = List.copyOf(parameters);
    thrownTypes = List.copyOf(thrownTypes);
    checkedThrownTypes = List.copyOf(checkedThrownTypes);
    erasedParameterTypes = List.copyOf(erasedParameterTypes);
    invalidations = List.copyOf(invalidations);
  }

  /** Whether the method returns nothing. */
  public boolean returnsVoid() {
    return returnType.equals(TypeName.VOID);
  }

  /** A parameter of a method. */
  public record Parameter(String name, TypeName type) {}
}
