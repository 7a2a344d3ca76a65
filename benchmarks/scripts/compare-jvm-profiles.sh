#!/usr/bin/env bash
# Compares the JVM profiles of vm-tuning/ on this machine: for each profile, starts
# `bin/tachyon --jvm-profile NAME serve` (demo tools) and runs one closed-loop throughput run
# (64 connections x 16 pipelined echo calls) and one open-loop latency run (20,000 msg/s over
# 200 connections, latency from intended send times) with bin/tachyon-bench, one after another.
#
#   benchmarks/scripts/compare-jvm-profiles.sh [FIRST_PORT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
port="${1:-7960}"
for profile in default throughput low-latency small-footprint; do
    err="$(mktemp)"
    bin/tachyon --jvm-profile "$profile" serve --tcp "127.0.0.1:$port" 2>"$err" &
    server=$!
    for _ in $(seq 1 120); do grep -q "tachyon ready" "$err" && break; sleep 1; done
    echo "=== $profile"
    bin/tachyon-bench --target "tcp://127.0.0.1:$port" --connections 64 --pipeline 16 --duration 10s --warmup 5s \
        --quiet --label "profile-$profile-max" | grep -E "throughput|latency|errors|load avg"
    bin/tachyon-bench --target "tcp://127.0.0.1:$port" --mode rate --rate 20000 --connections 200 --duration 10s \
        --warmup 3s --quiet --label "profile-$profile-rate" | grep -E "throughput|latency|errors|load avg"
    kill -TERM "$server"
    wait "$server" || true
    rm -f "$err"
    port=$((port + 1))
done
