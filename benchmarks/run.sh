#!/usr/bin/env bash
# Builds what the benchmarks need and runs the whole comparison on this machine:
# JMH suites (1 fork, 2 x 1 s warm-up, 3 x 1 s measurement), stampede, memory, prefix invalidation and
# processor compile cost. The harness starts its own redis-server on a free loopback port (never 6379)
# and stops it at the end. Writes benchmarks/results/latest.md and the JMH JSON beside it.
#
# Usage: benchmarks/run.sh [--only l1,l1t,l2,l2t,miss,scale,breakdown,stampede,memory,prefix,compile]
# Environment: REDIS_SERVER (redis-server binary), JAVA_HOME, BENCH_PROF (extra JMH profiler, e.g. gc or stack).
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd)"

./mvnw -q -pl benchmarks -am package -DskipTests

processor_jar="$(ls processor/target/cachegen-processor-*.jar | grep -v -e original -e sources -e javadoc | head -1)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p benchmarks/results

"$java" -Xms1g -Xmx3g \
  ${BENCH_PROF:+-Dbench.prof=$BENCH_PROF} \
  -jar benchmarks/target/benchmarks.jar \
  --out "$root/benchmarks/results" \
  --processor-path "$root/$processor_jar" \
  --command "benchmarks/run.sh${*:+ $*}" \
  "$@"
