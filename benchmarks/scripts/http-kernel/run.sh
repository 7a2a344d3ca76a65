#!/usr/bin/env bash
# Where an HTTP answer's CPU goes on a real server (benchmarks/RESULTS.md, "Where an HTTP
# answer's CPU goes"): starts Tachyon (bin/tachyon serve, default JVM flags), the bare Netty
# HTTP ceiling or the Quarkus MCP peer, loads it with 64 keep-alive connections of tools/call
# echo (the HTTP max of `compare`) for WARMUP, then measures WINDOW seconds of it:
#   answers/s, and per answer the server's and the generator's user and system CPU
#   (/proc/PID/stat; tachyon-bench --server-pid), plus with MODE=perfstat the server's syscalls
#   per answer (perf stat tracepoints, over the window less a second at each end).
#
#   run.sh tachyon|http-ceiling|quarkus [bench|wrk] [plain|perfstat]
#
# Generators: bench is tachyon-bench (one MCP session per connection, as compare runs it); wrk
# is the C load generator from Debian's wrk package, here for the HTTP ceiling only (raw POSTs,
# no session), to tell the generator's own cost from the kernel's.
# WARMUP (45), WINDOW (10), OUT (/tmp/http-kernel). Needs root for the perf tracepoints.
set -euo pipefail
target=$1; gen=${2:-bench}; mode=${3:-plain}
root="$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)"
warmup=${WARMUP:-45}; window=${WINDOW:-10}
out=${OUT:-/tmp/http-kernel}/$target-$gen-$(date +%H%M%S); mkdir -p "$out"
port=$((18000 + RANDOM % 800))
mapfile -t flags < <("$root/bin/tachyon" --print-jvm-flags)
case $target in
  tachyon) "$root/bin/tachyon" serve --tcp 127.0.0.1:$((port + 1000)) --http 127.0.0.1:$port >"$out/server.log" 2>&1 &
           ready="tachyon ready"; raw=() ;;
  http-ceiling) java "${flags[@]}" -cp "$root/benchmarks/target/benchmarks.jar" dev.tachyon.benchmarks.load.TachyonBench \
           ceiling --http --port $port >"$out/server.log" 2>&1 &
           ready="ceiling ready"; raw=(--raw) ;;
  quarkus) java "${flags[@]}" -Dquarkus.http.port=$port \
           -jar "$root/benchmarks/peers/quarkus/target/quarkus-app/quarkus-run.jar" >"$out/server.log" 2>&1 &
           ready="Listening on"; raw=() ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
launcher=$!
trap 'kill $launcher $(pgrep -P $launcher) 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q "$ready" "$out/server.log" 2>/dev/null && break; sleep 0.1; done
grep -q "$ready" "$out/server.log" || { echo "no server"; cat "$out/server.log"; exit 1; }
spid=$(pgrep -P $launcher java || echo $launcher)
url=http://127.0.0.1:$port/mcp
events=syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_epoll_pwait2,syscalls:sys_enter_epoll_wait
events+=,syscalls:sys_enter_write,syscalls:sys_enter_futex,context-switches
ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
if [[ $gen == wrk ]]; then
  [[ $target == http-ceiling ]] || { echo "wrk drives the HTTP ceiling only" >&2; exit 2; }
  lua="$out/post.lua"
  printf '%s\n' 'wrk.method = "POST"' 'wrk.headers["Content-Type"] = "application/json"' \
    'wrk.body = '"'"'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"abcdefghijklmnopqrstuvwxyz012345"}}}'"'" >"$lua"
  wrk -t2 -c64 -d${warmup}s -s "$lua" $url >"$out/warmup.txt"
  s0=$(ticks $spid); wrk -t2 -c64 -d${window}s -s "$lua" $url >"$out/gen.txt" & wrapper=$!
  sleep 0.2; gpid=$(pgrep -n -x wrk); g="0 0"
  perf=""
  if [[ $mode == perfstat ]]; then
    perf stat -x, -o "$out/perfstat.txt" -e "$events" -p $spid -- sleep $((window - 1)) & perf=$!
  fi
  while kill -0 $gpid 2>/dev/null; do g=$(ticks $gpid 2>/dev/null || echo "$g"); sleep 0.1; done
  wait $wrapper; s1=$(ticks $spid)
  [[ -z $perf ]] || wait $perf
  # perf counted window - 1 s of the window s: scale its counts to the window's answers
  answers=$(awk '/requests in/{print $1}' "$out/gen.txt"); seconds=$window; g0="0 0"; g1=$g
  counted=$(echo "$answers * ($window - 1) / $window" | bc -l)
else
  "$root/bin/tachyon-bench" --target $url --connections 64 --pipeline 1 "${raw[@]}" --duration ${window}s \
    --warmup ${warmup}s --server-pid $spid --quiet --label "$target" --out "$out/gen" >"$out/gen.txt" 2>&1 & wrapper=$!
  if [[ $mode == perfstat ]]; then # inside the measured window: from 1 s after it opens to 1 s before it closes
    sleep $((warmup + 3)); perf stat -x, -o "$out/perfstat.txt" -e "$events" -p $spid -- sleep $((window - 2))
  fi
  wait $wrapper
  json="$out/gen/$target/cpu.json"
  field() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" "$json"; }
  answers=$(field answers); seconds=$(field windowSeconds)
  counted=$(echo "$answers * ($window - 2) / $seconds" | bc -l)
  as_ticks() { printf "%.0f" "$(echo "($1) * $(getconf CLK_TCK)" | bc -l)"; } # seconds as clock ticks
  total=$(field serverCpuSeconds); system=$(field serverSystemSeconds)
  s0="0 0"; s1="$(as_ticks "$total - $system") $(as_ticks "$system")"
  total=$(field generatorCpuSeconds); system=$(field generatorSystemSeconds)
  g0="0 0"; g1="$(as_ticks "$total - $system") $(as_ticks "$system")"
fi
python3 - "$out" "$target" "$gen" "$answers" "$seconds" "$s0" "$s1" "$g0" "$g1" "$(getconf CLK_TCK)" "$counted" <<'PY'
import sys, os
out, target, gen, answers, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
s0, s1, g0, g1 = [list(map(int, a.split())) for a in sys.argv[6:10]]
tck = int(sys.argv[10]); counted = float(sys.argv[11]); ns = lambda t: t / tck / answers * 1e9
line = '%s / %s: %.0f answers/s; server user %.0f + system %.0f ns per answer; generator user %.0f + system %.0f ns' % (
    target, gen, answers / seconds, ns(s1[0] - s0[0]), ns(s1[1] - s0[1]), ns(g1[0] - g0[0]), ns(g1[1] - g0[1]))
path = os.path.join(out, 'perfstat.txt')
if os.path.exists(path):
    counts = {}
    for row in open(path):
        cells = row.strip().split(',')
        if len(cells) > 2 and cells[0].replace('.', '').isdigit():
            counts[cells[2].replace('syscalls:sys_enter_', '')] = float(cells[0])
    line += '\n  per answer: ' + ', '.join('%s %.2f' % (k, v / counted) for k, v in counts.items())
print(line)
open(os.path.join(out, 'result.txt'), 'w').write(line + '\n')
PY
