#!/usr/bin/env bash
# Whole-process profile of a real TCP server under compare's TCP load (benchmarks/RESULTS.md,
# "TCP, eleventh pass"): starts Tachyon (bin/tachyon serve, default profile) or the newline-echo
# ceiling with the same JVM flags, drives 64 connections x 16 pipelined tools/call echo
# (warm-up 12 s, 22 s measured), and 14 s after the generator starts measures about 10 s of
# the server: its CPU ticks (/proc/PID/stat) and young GCs, plus one of
#   prof      async-profiler attached with jcmd JVMTI.agent_load (kernel stacks, per thread),
#             written as DIR/NAME/cpu.collapsed; EVENT=event=alloc STOPX=,total for allocations
#   perfstat  perf stat of the syscall tracepoints (reads, sends, epoll waits, futex, ...)
#   strace    strace -f -c for 6 s (slows the server: counts only)
#
#   ASYNC_PROFILER=/path/libasyncProfiler.so run.sh NAME tachyon|ceiling [prof|perfstat|strace]
#
# ASYNC_PROFILER  libasyncProfiler.so (unzip tools.profiler:async-profiler:4.1's linux-x64 jar)
# PROF_OUT        output root (/tmp/tcp-profile); EXTRA  JVM flags added to the server's
# Then: buckets.py DIR/NAME/cpu.collapsed 0 NS_PER_ANSWER, summary.py, gc.py DIR/NAME.
# Needs root (or perf_event_paranoid <= 1) for kernel stacks and the tracepoints.
set -euo pipefail
name=$1; kind=$2; mode=${3:-prof}
root="$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)"
out=${PROF_OUT:-/tmp/tcp-profile}/$name; mkdir -p $out
lib=${ASYNC_PROFILER:?set ASYNC_PROFILER to libasyncProfiler.so}
port=$((17000 + RANDOM % 800))
mapfile -t flags < <($root/bin/tachyon --print-jvm-flags)
gcf="-Xlog:gc:file=$out/gc.log:uptime ${EXTRA:-}"
if [[ $kind == tachyon ]]; then
  TACHYON_CDS=off JAVA_OPTS="$gcf" $root/bin/tachyon serve --tcp 127.0.0.1:$port --http 127.0.0.1:$((port+1000)) >$out/server.log 2>&1 &
  ready="tachyon ready"; raw=()
else
  java "${flags[@]}" $gcf -cp $root/benchmarks/target/benchmarks.jar dev.tachyon.benchmarks.load.TachyonBench ceiling --port $port >$out/server.log 2>&1 &
  ready="ceiling ready"; raw=(--raw)
fi
spid=$!
for i in $(seq 1 300); do grep -q "$ready" $out/server.log 2>/dev/null && break; sleep 0.1; done
pid=$(pgrep -P $spid java || echo $spid)
[[ -d /proc/$pid ]] || { echo "no server"; cat $out/server.log; exit 1; }
echo "server pid $pid port $port" 
$root/bin/tachyon-bench --target tcp://127.0.0.1:$port --connections 64 --pipeline 16 "${raw[@]}" \
   --duration 22s --warmup 12s --quiet --label $name --out ${PROF_OUT:-/tmp/tcp-profile}/gen >$out/gen.log 2>&1 &
gpid=$!
sleep 14
uptime > $out/uptime
[[ $mode == prof ]] && jcmd $pid JVMTI.agent_load $lib "\"start,${EVENT:-event=cpu,interval=1ms},threads\"" >/dev/null
t0=$(date +%s.%N); s0=$(awk '{print $14+$15}' /proc/$pid/stat); g0=$(grep -c 'Pause Young' $out/gc.log || true); cat /proc/$pid/io > $out/io0
if [[ $mode == prof ]]; then
  sleep 10
elif [[ $mode == strace ]]; then
  timeout -s INT 6 strace -f -c -p $pid -o $out/strace.txt || true
elif [[ $mode == perfstat ]]; then
  perf stat -e 'syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_pwait2,syscalls:sys_enter_timerfd_settime,syscalls:sys_enter_eventfd2,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_futex,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_recvmsg,syscalls:sys_exit_read,syscalls:sys_exit_write,syscalls:sys_exit_writev' -p $pid -o $out/perfstat.txt -- sleep 10 || true
fi
t1=$(date +%s.%N); s1=$(awk '{print $14+$15}' /proc/$pid/stat); g1=$(grep -c 'Pause Young' $out/gc.log || true); cat /proc/$pid/io > $out/io1
[[ $mode == prof ]] && jcmd $pid JVMTI.agent_load $lib "\"stop,file=$out/cpu.collapsed,collapsed${STOPX:-}\"" >/dev/null
echo "window $(echo "$t1 - $t0" | bc) s, server ticks $((s1 - s0)) young GCs $((g1 - g0))" > $out/window
wait $gpid || true
kill $spid 2>/dev/null || true; sleep 0.5; kill $pid 2>/dev/null || true
wait $spid 2>/dev/null || true
cat $out/window; grep -i 'answers' $out/gen.log | head -5; cat $out/uptime
