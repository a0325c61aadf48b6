/**
 * The services wired with Spring: {@link io.cachegen.samples.di.spring.MediaConfiguration} imports each
 * generated decorator, which Spring builds through its {@code @Inject} constructor, and declares each JDBC
 * implementation as a {@code @Bean(defaultCandidate = false)} qualified with the decorator's {@code @Delegate}.
 */
package io.cachegen.samples.di.spring;
