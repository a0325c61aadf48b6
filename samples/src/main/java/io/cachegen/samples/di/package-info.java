/**
 * The services wired by hand: {@link io.cachegen.samples.di.MediaServices#jdbc} builds the undecorated
 * JDBC services, {@link io.cachegen.samples.di.MediaServices#cached} wraps each in its generated
 * decorator. The {@code dagger} and {@code spring} packages wire the same graph with a container.
 */
package io.cachegen.samples.di;
