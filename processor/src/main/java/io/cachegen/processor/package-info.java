/**
 * The cachegen annotation processor: {@link io.cachegen.processor.CachedProcessor} finds the
 * interfaces that declare or inherit {@code @Cached} and {@code @Invalidates} methods and, for each
 * valid one, writes a caching decorator and a class of key builders.
 */
package io.cachegen.processor;
