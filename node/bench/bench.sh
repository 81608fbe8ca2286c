#!/bin/sh
# The node's benchmark (not part of the default build): two packaged nodes in network namespaces,
# with a real root and controller; prints throughput (iperf3 TCP), ping RTT and join time over the
# nodes' TAP beside the same measurement over the plain veth measured in the same run, and the ratio.
# Needs root, iproute2, nftables, iperf3. Run from anywhere:  node/bench/bench.sh
# Knobs (system properties via BENCH_OPTS): -Dbench.iperf.seconds=10 -Dbench.pings=50
# -Dbench.ping.interval=0.1 (seconds, ping -i) -Dbench.joins=3
set -eu
repo=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
command -v iperf3 >/dev/null || { echo "bench.sh: iperf3 is missing (apt-get install iperf3)" >&2; exit 2; }
cd "$repo"
mkdir -p node/target
rm -f node/target/bench/results.txt
./mvnw -B -q ${MAVEN_OFFLINE:--o} verify -pl node -am \
  -Dtest='NoSuchTest*' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=NodeBench -Dfailsafe.failIfNoSpecifiedTests=false ${BENCH_OPTS:-} >node/target/bench.log 2>&1 \
  || { tail -40 node/target/bench.log >&2; echo "bench.sh: failed, log in node/target/bench.log" >&2; exit 1; }
cat node/target/bench/results.txt
