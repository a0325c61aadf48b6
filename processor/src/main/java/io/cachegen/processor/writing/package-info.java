/**
 * Turns one {@link io.cachegen.processor.model.ServiceModel} into two source files,
 * {@code CachedFoo} and {@code FooCacheKeys}, with JavaPoet. Every runtime name lives in
 * {@link io.cachegen.processor.writing.RuntimeNames}. {@link io.cachegen.processor.writing.DecoratorIndexWriter}
 * adds the decorator's entry to the index under {@code META-INF/cachegen/decorators/}.
 */
package io.cachegen.processor.writing;
