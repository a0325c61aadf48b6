/**
 * Test support: real {@code redis-server} processes on free loopback ports, and JUnit 5 extensions that run them
 * per test class. No mocks of Redis: faults are made with kill, restart, SIGSTOP and SIGCONT.
 *
 * <ul>
 *   <li>{@link io.cachegen.testing.RedisServer} and {@link io.cachegen.testing.RedisServerExtension}: one standalone
 *       server;
 *   <li>{@link io.cachegen.testing.RedisCluster} and {@link io.cachegen.testing.RedisClusterExtension}: a Redis
 *       Cluster (3 masters with a replica each by default), with {@code killAndAwaitFailover};
 *   <li>{@link io.cachegen.testing.RedisSentinelSet} and {@link io.cachegen.testing.RedisSentinelSetExtension}: a
 *       master, a replica and three sentinels by default, with {@code killMasterAndAwaitFailover}.
 * </ul>
 *
 * <p>Every node of every topology is a {@code RedisServer}, so the same faults apply everywhere; every process the
 * JVM started is killed when it exits. Every wait is bounded and fails with what each node reports.
 */
package io.cachegen.testing;
