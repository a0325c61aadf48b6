package io.cachegen.processor.model;

import com.palantir.javapoet.TypeName;
import java.time.Duration;

/**
 * What {@code @Cached} asks of one method.
 *
 * @param constantName the base of the constant names, e.g. {@code GET_MOVIE}
 * @param prefix the key prefix
 * @param ttl the entry TTL, positive
 * @param key the resolved key template
 * @param shape how the return value relates to the cached value
 * @param valueType the cached value type, never primitive (e.g. {@code List<Movie>} or {@code Long})
 * @param l1 whether values are kept in L1
 * @param cacheNulls whether null (and empty) results are cached
 */
public record CachedModel(
    String constantName,
    String prefix,
    Duration ttl,
    KeyTemplate key,
    ReturnShape shape,
    TypeName valueType,
    boolean l1,
    boolean cacheNulls) {

  /** The name of the prefix constant, e.g. {@code GET_MOVIE_PREFIX}. */
  public String prefixConstant() {
    return constantName + "_PREFIX";
  }

  /** The name of the TTL constant, e.g. {@code GET_MOVIE_TTL}. */
  public String ttlConstant() {
    return constantName + "_TTL";
  }
}
