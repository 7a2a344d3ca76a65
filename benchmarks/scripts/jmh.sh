#!/usr/bin/env bash
# Runs the JMH suites of the benchmarks module with the GC profiler (allocation per operation)
# and writes a Markdown table of the results.
#
#   benchmarks/scripts/jmh.sh [REGEX] [JMH flags...]
#
# REGEX picks benchmarks (default: every suite). The default JMH settings are 1 fork, 3 warm-up
# and 5 measured iterations of 1 s; flags after REGEX are passed to JMH and override them.
# Output: benchmarks/target/jmh/results.json (JMH's JSON) and benchmarks/target/jmh/jmh.md.
# Builds the benchmarks jar first when it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
regex="${1:-.}"
shift || true
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || mvn -B -q package -pl benchmarks -am -DskipTests
out=benchmarks/target/jmh
mkdir -p "$out"
java -jar "$jar" "$regex" -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc -rf json -rff "$out/results.json" "$@"
{
    echo "JMH on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(java -version 2>&1 | head -1), $(date -u +%F), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| benchmark | params | ops/s | ± (99.9%) | B/op |"
    echo "|---|---|---:|---:|---:|"
    python3 - "$out/results.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].replace("dev.tachyon.benchmarks.", "")
    params = ", ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    m = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    err = m.get("scoreError")
    err = "" if err is None or err != err else f"{err:,.0f}"
    print(f"| {name} | {params} | {m['score']:,.0f} | {err} | {'' if alloc is None else f'{alloc:,.0f}'} |")
    for sub, sm in sorted(r.get("secondaryMetrics", {}).items()):
        if not sub.startswith("gc.") and sm.get("scoreUnit") == m.get("scoreUnit"):
            print(f"| {name}:{sub} | {params} | {sm['score']:,.0f} | | |")
PY
} > "$out/jmh.md"
cat "$out/jmh.md"
