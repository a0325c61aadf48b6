/**
 * Test support: real {@code redis-server} processes on free loopback ports ({@link io.cachegen.testing.RedisServer})
 * and a JUnit 5 extension that runs one per test class ({@link io.cachegen.testing.RedisServerExtension}).
 * No mocks of Redis: faults are made with kill, restart, SIGSTOP and SIGCONT.
 */
package io.cachegen.testing;
