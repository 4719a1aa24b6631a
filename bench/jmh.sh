#!/usr/bin/env bash
# JMH micro-benchmarks of the proxy's hot pieces (bench/jmh). Installs the proxy's artifact into the local Maven
# repository (tests skipped), builds bench/jmh/target/benchmarks.jar and runs it; arguments go to JMH, e.g.
#   bench/jmh.sh FrameTracker            # one class
#   bench/jmh.sh -f 1 -wi 2 -i 3 -r 1s   # shorter
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$bench/.." && mvn -q -B -ntp -DskipTests install)
  mvn -q -B -ntp -f "$bench/jmh/pom.xml" package
fi
mkdir -p "$bench/results"
exec java -jar "$bench/jmh/target/benchmarks.jar" -rf json -rff "$bench/results/jmh.json" "$@"
