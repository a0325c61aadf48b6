/**
 * The runnable demo: the media-server services on a seeded database, a skewed read-mostly workload run
 * first without and then with the generated caching decorators, and a one-screen report.
 */
package io.cachegen.samples.demo;
