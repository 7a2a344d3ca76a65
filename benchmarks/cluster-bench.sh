#!/usr/bin/env bash
# What the balancer costs (issue 13): tools/call throughput and latency through HAProxy, with
# deploy/haproxy/haproxy.cfg, against the same instance directly, in the same run, for raw TCP
# and Streamable HTTP.
#
#   benchmarks/cluster-bench.sh [OUT_DIR]        (default benchmarks/target/cluster-bench)
#
# ROUNDS (3), DURATION (10s) and WARMUP (5s) may be set in the environment. One instance
# (bin/tachyon serve, default JVM profile; tcp 17850, http 17851, admin 17852) and HAProxy
# (http 17855, tcp 17856) run on core 0, the generator on core 1; rows alternate direct /
# through HAProxy within each round, so a shared machine's noise falls on both alike. The
# generator reaches the instance directly too, so its listeners take no PROXY protocol and the
# configuration is rendered for one node without send-proxy-v2 (a header per connection; the
# generator's connections are long-lived). Prints one line per run and the median of each row;
# raw lines in OUT_DIR/runs.tsv, each run's output under OUT_DIR/runs/.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$(readlink -f "${1:-$root/benchmarks/target/cluster-bench}")"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-5s}"
mkdir -p "$out/runs"
# shellcheck source=bench-lib.sh
. "$root/benchmarks/bench-lib.sh"
: >"$out/runs.tsv"

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

taskset -c 0 "$root/bin/tachyon" serve --tcp 127.0.0.1:17850 --http 127.0.0.1:17851 --admin 127.0.0.1:17852 \
    >/dev/null 2>"$out/tachyon.log" &
pids+=("$!")
until curl -fs -o /dev/null http://127.0.0.1:17852/ready; do
    kill -0 "${pids[0]}" 2>/dev/null || { cat "$out/tachyon.log" >&2; exit 1; }
    sleep 0.2
done
"$root/deploy/local-cluster.sh" render 127.0.0.1:17855 127.0.0.1:17856 node1=127.0.0.1:17851,127.0.0.1:17850,17852 \
    | sed 's/ send-proxy-v2//' >"$out/haproxy.cfg"
taskset -c 0 "$(command -v haproxy || echo /usr/sbin/haproxy)" -db -f "$out/haproxy.cfg" >"$out/haproxy.log" 2>&1 &
pids+=("$!")
until (exec 3<>/dev/tcp/127.0.0.1/17855) 2>/dev/null; do sleep 0.1; done
sleep 2 # the first health check

echo "cluster-bench: $(nproc) cores, $(java -version 2>&1 | head -1), $(/usr/sbin/haproxy -v | head -1 | cut -d' ' -f1-3), load $(cut -d' ' -f1-3 /proc/loadavg); rounds $rounds, warmup $warmup, duration $duration"
printf 'round\trow\tper_second\tp50_ms\tp99_ms\n'

for round in $(seq 1 "$rounds"); do
    bench_load "$round" tcp-direct tcp://127.0.0.1:17850 --connections 64 --pipeline 16
    bench_load "$round" tcp-haproxy tcp://127.0.0.1:17856 --connections 64 --pipeline 16
    bench_load "$round" http-direct http://127.0.0.1:17851/mcp --connections 64
    bench_load "$round" http-haproxy http://127.0.0.1:17855/mcp --connections 64
done

bench_medians "$rounds"
