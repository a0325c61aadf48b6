/**
 * Turns one {@link io.cachegen.processor.model.ServiceModel} into two source files,
 * {@code CachedFoo} and {@code FooCacheKeys}, with JavaPoet. Every runtime name lives in
 * {@link io.cachegen.processor.writing.RuntimeNames}.
 */
package io.cachegen.processor.writing;
