/**
 * The services wired with Dagger 2: {@link io.cachegen.samples.di.dagger.MediaModule} provides the cache
 * and binds each service interface to its generated decorator, which Dagger builds through the decorator's
 * {@code @Inject} constructor over the JDBC implementation bound with the decorator's {@code @Delegate};
 * {@link io.cachegen.samples.di.dagger.MediaComponent} is the graph.
 */
package io.cachegen.samples.di.dagger;
