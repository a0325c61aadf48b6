/** The services wired with Spring: one {@code @Configuration} with a {@code @Bean} per service. */
package io.cachegen.samples.di.spring;
