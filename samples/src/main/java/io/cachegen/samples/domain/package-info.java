/** The values the media-server services return: immutable records, cached as JSON by the generated decorators. */
package io.cachegen.samples.domain;
