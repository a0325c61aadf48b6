/**
 * The validated, immutable description of one service interface: what the writers turn into
 * {@code CachedFoo} and {@code FooCacheKeys}. Nothing in here reports errors; everything in here is valid.
 */
package io.cachegen.processor.model;
