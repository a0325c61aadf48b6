/**
 * Checks an annotated interface against every rule of {@code @Cached} and {@code @Invalidates},
 * reports each broken rule once at the exact annotation value, and turns a valid interface into a
 * {@link io.cachegen.processor.model.ServiceModel}. {@link io.cachegen.processor.validation.Message}
 * is the catalogue of every diagnostic.
 */
package io.cachegen.processor.validation;
