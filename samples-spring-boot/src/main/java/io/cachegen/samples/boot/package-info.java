/**
 * The media services of {@code cachegen-samples} as a Spring Boot application: REST endpoints for movies
 * and users over the generated decorators, which the cachegen starter wires with no configuration class.
 */
package io.cachegen.samples.boot;
