#!/usr/bin/env bash
# Two builds of Tachyon measured against each other the way `compare --interleave` measures
# Tachyon against its ceilings (benchmarks/RESULTS.md, "Interleaved ratios, and one answer
# buffer per loop"): both servers up at once and warmed, then PAIRS pairs of windows, the
# order reversed every other pair (ABBA), each ratio taken between the two windows of a pair.
#
#   run.sh A_DIR B_DIR [tcp|http] [PAIRS]
#
# A_DIR and B_DIR each hold a build's tachyon.jar and lib/ (copy server/target/tachyon.jar and
# server/target/lib before and after a change). Both run with bin/tachyon's default JVM flags
# (less the class-data archive, which belongs to one build). The load is compare's max: TCP 64
# connections x 16 pipelined, or HTTP 64 keep-alive connections; echo calls. Prints each
# window (answers/s, server CPU and user CPU per answer) and the medians of B/A answers/s and
# A/B CPU per answer (above 1: B is faster or cheaper).
# WARMUP (40 s: each server's first window, not counted), SHORT_WARMUP (8 s, before every other
# window), WINDOW (10 s), OUT (/tmp/ab-interleaved).
set -euo pipefail
a_dir=$(readlink -f "$1"); b_dir=$(readlink -f "$2"); transport=${3:-http}; pairs=${4:-8}
root="$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)"
warmup=${WARMUP:-40}; window=${WINDOW:-10}; short=${SHORT_WARMUP:-8}s
out=${OUT:-/tmp/ab-interleaved}/$transport-$(date +%H%M%S); mkdir -p "$out"
mapfile -t flags < <("$root/bin/tachyon" --print-jvm-flags | grep -v SharedArchiveFile)
declare -A port pid
base=$((18000 + RANDOM % 800)) # below the kernel's ephemeral range
port[A]=$base; port[B]=$((base + 1000))
for b in A B; do
  dir=$a_dir; [[ $b == B ]] && dir=$b_dir
  java "${flags[@]}" -cp "$dir/tachyon.jar:$dir/lib/*" dev.tachyon.server.cli.Main serve \
    --$transport 127.0.0.1:${port[$b]} >"$out/$b.log" 2>&1 &
  pid[$b]=$!
done
trap 'kill ${pid[A]} ${pid[B]} 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "tachyon ready" "$out/A.log" && grep -q "tachyon ready" "$out/B.log" && break; sleep 0.1
done
grep -q "tachyon ready" "$out/A.log" && grep -q "tachyon ready" "$out/B.log" || { echo "a server did not start" >&2; exit 1; }
target() { [[ $transport == tcp ]] && echo "tcp://127.0.0.1:$1 --pipeline 16" || echo "http://127.0.0.1:$1/mcp --pipeline 1"; }
window() { # build label warmup
  # shellcheck disable=SC2046
  "$root/bin/tachyon-bench" --target $(target ${port[$1]}) --connections 64 --duration ${window}s --warmup "$3" \
    --server-pid ${pid[$1]} --quiet --label "$2" --out "$out/gen" >"$out/$2.txt" 2>&1
  python3 - "$out/gen/$2/cpu.json" "$2" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); a = j['answers']
print('%s %.0f %.0f %.0f' % (sys.argv[2], a / j['windowSeconds'], j['serverCpuSeconds'] * 1e9 / a,
                             (j['serverCpuSeconds'] - j['serverSystemSeconds']) * 1e9 / a))
PY
}
window A warm-a ${warmup}s >/dev/null; window B warm-b ${warmup}s >/dev/null
echo "window answers/s server-ns-per-answer server-user-ns-per-answer"
for i in $(seq 1 "$pairs"); do
  if (( i % 2 )); then window A a$i $short; window B b$i $short; else window B b$i $short; window A a$i $short; fi
done | tee "$out/windows.txt"
python3 - "$out/windows.txt" <<'PY'
import statistics, sys
d = {}
for line in open(sys.argv[1]):
    k, rate, ns, user = line.split(); d[k] = (float(rate), float(ns), float(user))
n = len(d) // 2
for name, f in (('B/A answers/s', lambda i: d['b%d' % i][0] / d['a%d' % i][0]),
                ('A/B server CPU per answer', lambda i: d['a%d' % i][1] / d['b%d' % i][1]),
                ('A/B server user CPU per answer', lambda i: d['a%d' % i][2] / d['b%d' % i][2])):
    v = [f(i) for i in range(1, n + 1)]
    print('%s: %s  median %.3f' % (name, ' '.join('%.3f' % x for x in v), statistics.median(v)))
PY
echo "files: $out"
