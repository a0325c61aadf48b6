#!/usr/bin/env bash
# Builds what the benchmarks need and runs the whole comparison on this machine:
# JMH suites (1 fork, 2 x 1 s warm-up, 3 x 1 s measurement), stampede, memory, prefix invalidation and
# processor compile cost. The harness starts its own redis-server on a free loopback port (never 6379)
# and stops it at the end. Writes benchmarks/results/latest.md and the JMH JSON beside it.
# The protocol suite (write latency with 1, 3 and 8 instances and with a stopped peer JVM, staleness on
# another instance, group invalidation among 1,000,000 keys, and the samples' demo on PostgreSQL when
# CACHEGEN_PG_URL is set) writes benchmarks/results/protocol.md.
#
# Usage: benchmarks/run.sh [--only l1,l1t,l2,l2t,miss,scale,breakdown,stampede,memory,prefix,compile,protocol]
# Environment: REDIS_SERVER (redis-server binary), JAVA_HOME, BENCH_PROF (extra JMH profiler, e.g. gc or stack),
# CACHEGEN_PG_URL (a JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/test), CACHEGEN_PG_USER (default postgres)
# and CACHEGEN_PG_PASSWORD for the demo in the protocol suite; the demo drops and recreates its own schema there;
# BENCH_JAVA_OPTS (e.g. "-Dbench.forks=3 -Dbench.warmups=5 -Dbench.iterations=10" for a longer JMH configuration)
# and BENCH_OUT (another results directory, so that a partial run leaves benchmarks/results as it is).
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"

./mvnw -q -pl benchmarks -am package -DskipTests

processor_jar="$(ls processor/target/cachegen-processor-*.jar | grep -v -e original -e sources -e javadoc | head -1)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p benchmarks/results

# -D...LettuceL2=warn: the protocol suite builds a hundred caches, each saying that it connected.
"$java" -Xms1g -Xmx3g \
  -Dorg.slf4j.simpleLogger.log.io.cachegen.runtime.LettuceL2=warn \
  ${BENCH_PROF:+-Dbench.prof=$BENCH_PROF} \
  ${BENCH_JAVA_OPTS:-} \
  -jar benchmarks/target/benchmarks.jar \
  --out "${BENCH_OUT:-$root/benchmarks/results}" \
  --processor-path "$root/$processor_jar" \
  --command "${BENCH_JAVA_OPTS:+BENCH_JAVA_OPTS=\"$BENCH_JAVA_OPTS\" }benchmarks/run.sh${*:+ $*}" \
  "$@"
