package io.cachegen.runtime;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * The exact type of a cached value, generics included, so that a value read from Redis is decoded as
 * {@code List<Movie>} and not as a list of maps. Create one per type and keep it in a constant:
 *
 * <pre>{@code
 * static final TypeRef<List<Movie>> MOVIES = new TypeRef<List<Movie>>() {};
 * static final TypeRef<Movie> MOVIE = TypeRef.of(Movie.class);
 * }</pre>
 *
 * <p>Two references are equal when their types are equal.
 *
 * @param <T> the type
 */
public abstract class TypeRef<T> {
  private static final ClassValue<TypeRef<?>> CLASSES = new ClassValue<>() {
    @Override
    protected TypeRef<?> computeValue(Class<?> type) {
      return new Exact<>(type);
    }
  };

  private final Type type;
  private long fingerprint;

  /** Captures the type argument of the anonymous subclass, as in {@code new TypeRef<List<Movie>>() {}}. */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType)) {
      throw new IllegalStateException(
          "TypeRef must be created with a type argument, as in new TypeRef<List<Movie>>() {}");
    }
    this.type = ((ParameterizedType) superclass).getActualTypeArguments()[0];
  }

  private TypeRef(Type type) {
    this.type = requireNonNull(type, "type");
  }

  /**
   * The reference for a type without type arguments, such as {@code Movie.class} or {@code Movie[].class}.
   * The same class always gives the same instance, so calling this per call costs no allocation.
   */
  @SuppressWarnings("unchecked")
  public static <T> TypeRef<T> of(Class<T> type) {
    requireNonNull(type, "type");
    if (type.isPrimitive()) {
      throw new IllegalArgumentException(
          "primitive " + type + " cannot be cached as such; use its box, e.g. TypeRef.of(Long.class)");
    }
    return (TypeRef<T>) CLASSES.get(type);
  }

  /** The reference for any reflected type; the caller vouches that it matches {@code T}. */
  public static <T> TypeRef<T> ofType(Type type) {
    return new Exact<>(type);
  }

  /** The type this reference stands for. */
  public final Type type() {
    return type;
  }

  /**
   * A 64-bit hash (FNV-1a) of the type's full name, generics included, such as
   * {@code java.util.List<com.example.Movie>}. cachegen stores it with every value in Redis, so that a
   * value stored as one type is never read as another: a different fingerprint is a miss.
   */
  public final long fingerprint() {
    long f = fingerprint;
    if (f == 0) {
      f = 0xcbf29ce484222325L;
      for (byte b : type.getTypeName().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        f ^= b & 0xFF;
        f *= 0x100000001b3L;
      }
      fingerprint = f == 0 ? 1 : f;
    }
    return fingerprint;
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof TypeRef && type.equals(((TypeRef<?>) o).type);
  }

  @Override
  public final int hashCode() {
    return type.hashCode();
  }

  /** The type name, as in {@code java.util.List<com.example.Movie>}. */
  @Override
  public final String toString() {
    return type.getTypeName();
  }

  private static final class Exact<T> extends TypeRef<T> {
    Exact(Type type) {
      super(type);
    }
  }
}
