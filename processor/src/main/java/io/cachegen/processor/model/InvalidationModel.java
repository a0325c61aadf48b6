package io.cachegen.processor.model;

/**
 * One {@code @Invalidates} of a method.
 *
 * @param builderName the name of its key builder in {@code FooCacheKeys}; only used when the key is not empty
 * @param prefix the prefix
 * @param key the resolved key template, possibly empty
 * @param allEntries whether a group of entries is removed
 */
public record InvalidationModel(String builderName, String prefix, KeyTemplate key, boolean allEntries) {}
