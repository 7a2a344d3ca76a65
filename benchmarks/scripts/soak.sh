#!/usr/bin/env bash
# Soak: half the measured maximum for MINUTES, with memory and latency recorded every 30 s
# and checked flat. One command:
#
#   benchmarks/scripts/soak.sh [MINUTES]          (default 30)
#
# 1. Starts `bin/tachyon serve` (demo tools, admin port on) and measures the maximum with a
#    closed-loop run of bin/tachyon-bench (64 connections x 16 pipelined calls, 10 s).
# 2. Offers half of it, open loop, for MINUTES (after a 30 s warm-up), over 200 connections.
# 3. Every 30 s records the server's heap in use after the last GC, Netty direct memory and
#    the pool's direct memory (from /health), its RSS (/proc), and the answers' p99 in that
#    interval (the median and the worst of its per-second p99s, from the generator's live lines).
# 4. Checks the last third of the intervals against the first third, and exits 1 when:
#      heap after GC, RSS or direct memory (mean) grew by more than 20% + 16 MiB; or
#      the p99 (median of the intervals' median per-second p99) grew by more than 50% + 1 ms; or
#      a request was lost or answered twice, or the server died.
#
#   TOOL=echo      what to call (a tachyon-bench --tool mix: echo, echo:9,sleep:1, ...)
#   RATE=N         offer N msg/s instead of half the measured maximum (the maximum is still
#                  measured and reported)
#   PORT=7980 ADMIN_PORT=7981
# Writes benchmarks/target/bench/soak/soak.tsv (one row per interval) and prints it as a table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
minutes="${1:-30}"
tool="${TOOL:-echo}"
port="${PORT:-7980}"
admin_port="${ADMIN_PORT:-7981}"
out="$root/benchmarks/target/bench"
dir="$out/soak"
mkdir -p "$dir"
tsv="$dir/soak.tsv"
live="$dir/live.txt"

source benchmarks/scripts/serve.sh
bench_pid=""
start_server "$dir/server.log" --tcp "127.0.0.1:$port" --admin "127.0.0.1:$admin_port"

echo "== soak: maximum (closed loop, 64 connections x 16 pipelined $tool calls, 10 s)"
bin/tachyon-bench --target "tcp://127.0.0.1:$port" --tool "$tool" --connections 64 --pipeline 16 --duration 10s \
    --warmup 5s --quiet --out "$out" --label soak-max | grep -E "throughput|latency|load avg"
max="$(json_number "$out/soak-max/result.json" goodput)"
rate="${RATE:-$(awk -v m="$max" 'BEGIN { printf "%d", m / 2 }')}"

echo "== soak: $rate msg/s (the maximum: $max), open loop over 200 connections, $minutes min after a 30 s warm-up"
bin/tachyon-bench --target "tcp://127.0.0.1:$port" --tool "$tool" --mode rate --rate "$rate" --connections 200 \
    --duration "${minutes}m" --warmup 30s --drain 30s --out "$out" --label soak-run > "$live" 2>&1 &
bench_pid=$!

# An insertion sort for awk programs (mawk has no asort): isort(a, n) sorts a[1..n] numerically.
sort='function isort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }'
field() { # field JSON KEY -> the number after "KEY":
    printf '%s' "$1" | sed -n "s/.*\"$2\":\([0-9-]*\).*/\1/p"
}
# heap_used_mib is the heap in use at the sample (a sawtooth between collections: recorded, not
# checked); heap_after_gc_mib stays 0 while no collection has run (an allocation-free load).
printf 'minute\theap_after_gc_mib\trss_mib\tnetty_direct_mib\tpooled_direct_mib\tp99_median_ms\tp99_worst_ms\tanswers_per_s\theap_used_mib\n' > "$tsv"
sleep 30 # the warm-up
intervals=$((minutes * 2))
for i in $(seq 1 "$intervals"); do
    sleep 30
    kill -0 "$server" 2>/dev/null || { echo "soak: the server died" >&2; exit 1; }
    health="$(curl -s "http://127.0.0.1:$admin_port/health")"
    rss_kib="$(awk '/VmRSS/ {print $2}' "/proc/$server/status")"
    # The last 30 per-second lines of the generator: "[  95.0s] measure  10,000 answers/s  p50 0.1 ms  p99 0.5 ms ..."
    read -r p99_median p99_worst rate_now < <(grep -a ' measure ' "$live" | tail -30 | awk "$sort"'
        { for (k = 1; k <= NF; k++) { if ($k == "p99") p[++n] = $(k + 1) + 0; if ($k == "answers/s") { gsub(",", "", $(k - 1)); r += $(k - 1) } } }
        END { if (n == 0) { print "nan nan 0"; exit } isort(p, n); printf "%.3f %.3f %.0f\n", p[int((n + 1) / 2)], p[n], r / n }')
    printf '%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%.1f\n' "$(awk -v i="$i" 'BEGIN { print i / 2 }')" \
        "$(awk -v b="$(field "$health" heapAfterGcBytes)" 'BEGIN { print b / 1048576 }')" \
        "$(awk -v k="$rss_kib" 'BEGIN { print k / 1024 }')" \
        "$(awk -v b="$(field "$health" directUsedBytes)" 'BEGIN { print b / 1048576 }')" \
        "$(awk -v b="$(field "$health" pooledDirectBytes)" 'BEGIN { print b / 1048576 }')" \
        "$p99_median" "$p99_worst" "$rate_now" \
        "$(awk -v b="$(field "$health" heapUsedBytes)" 'BEGIN { print b / 1048576 }')" >> "$tsv"
    tail -1 "$tsv"
done
status=0
wait "$bench_pid" || status=$?
bench_pid=""
grep -aE "throughput|goodput|latency|errors|answers|FAILED|load avg" "$live" || true

echo "== soak: one row per 30 s (also in ${tsv#"$root"/})"
awk -F'\t' 'NR == 1 { printf "| %s |\n|", $0; for (k = 1; k <= NF; k++) printf "---|"; print ""; next } { printf "| %s |\n", $0 }' "$tsv" \
    | sed 's/\t/ | /g'

echo "== soak: last third against first third"
fail=0
awk -F'\t' -v status="$status" "$sort"'
    NR == 1 { next }
    { row[++n] = $0 }
    END {
        third = int(n / 3); if (third < 1) { print "  FAIL  too few intervals to compare"; exit 1 }
        split("heap after GC|RSS|Netty direct|pooled direct", name, "|")
        bad = 0
        for (c = 2; c <= 5; c++) {
            first = 0; last = 0
            for (i = 1; i <= third; i++) { split(row[i], f, "\t"); first += f[c] }
            for (i = n - third + 1; i <= n; i++) { split(row[i], f, "\t"); last += f[c] }
            first /= third; last /= third
            ok = last <= first * 1.2 + 16
            printf "  %s  %-14s first third %8.1f MiB, last third %8.1f MiB (allowed %.1f)\n", ok ? "ok  " : "FAIL", name[c - 1], first, last, first * 1.2 + 16
            bad += !ok
        }
        for (i = 1; i <= third; i++) { split(row[i], f, "\t"); a[i] = f[6] + 0 }
        for (i = 1; i <= third; i++) { split(row[n - third + i], f, "\t"); b[i] = f[6] + 0 }
        isort(a, third); isort(b, third)
        pf = a[int((third + 1) / 2)]; pl = b[int((third + 1) / 2)]
        ok = pl <= pf * 1.5 + 1
        printf "  %s  %-14s first third %8.3f ms, last third %8.3f ms (allowed %.3f)\n", ok ? "ok  " : "FAIL", "p99", pf, pl, pf * 1.5 + 1
        bad += !ok
        if (status != 0) { print "  FAIL  tachyon-bench: a request was lost or answered twice (exit " status ")"; bad++ }
        else print "  ok    every request answered exactly once"
        exit bad > 0
    }' "$tsv" || fail=1
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$fail"
