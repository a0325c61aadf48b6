/** Micrometer meters for a {@link io.cachegen.runtime.TieredCache}; the only part of the runtime that needs Micrometer. */
package io.cachegen.runtime.micrometer;
