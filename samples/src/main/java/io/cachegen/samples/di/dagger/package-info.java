/**
 * The services wired with Dagger 2: {@link io.cachegen.samples.di.dagger.MediaModule} provides the cache
 * and binds each service interface to its generated decorator over the JDBC implementation;
 * {@link io.cachegen.samples.di.dagger.MediaComponent} is the graph.
 */
package io.cachegen.samples.di.dagger;
