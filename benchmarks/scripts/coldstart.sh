#!/usr/bin/env bash
# Cold start over stdio: from process start to the `initialize` answer, as a client that spawns
# `bin/tachyon serve --stdio` per session sees it. A benchmark, not a test: it asserts nothing
# about the time, it prints it.
#
#   benchmarks/scripts/coldstart.sh [-n RUNS] [VARIANT...]     (also: bin/tachyon-bench coldstart ...)
#
# Each run starts bin/tachyon, writes one initialize request to its stdin, and stops the clock
# when the answer line arrives (the launcher's own work counts, as it does for a client); then it
# closes stdin and waits for the exit, which is not counted. Prints median, min and max of RUNS
# (default 10) per variant, with the load average beside them:
#
#   plain        JDK 17 (JAVA_HOME, else java on PATH), no class-data archive (TACHYON_CDS=off)
#   cds          the same JDK with the launcher's AppCDS archive (bin/tachyon --train-archive serve --stdio first)
#   jdk25        JDK 25, no archive
#   jdk25-aot    JDK 25 with the launcher's AOT cache (bin/tachyon --train-archive serve --stdio first)
#
# Default variants: plain cds, and jdk25 jdk25-aot where a JDK 25 is found (JDK25_HOME, else
# /usr/lib/jvm/temurin-25*). Timing uses bash's EPOCHREALTIME: no fork in the measured path.
# COLDSTART_STDERR=FILE keeps the servers' stderr (else discarded).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
runs=10
while (($# > 0)); do
    case "$1" in
        -n) runs="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) break ;;
    esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "coldstart: -n needs a positive count" >&2; exit 2; }

jdk17="${JAVA_HOME:-}"
jdk25="${JDK25_HOME:-}"
if [[ -z "$jdk25" ]]; then
    for candidate in /usr/lib/jvm/temurin-25*; do
        [[ -x "$candidate/bin/java" ]] && jdk25="$candidate" && break
    done
fi
variants=("$@")
if ((${#variants[@]} == 0)); then
    variants=(plain cds)
    [[ -n "$jdk25" ]] && variants+=(jdk25 jdk25-aot)
fi

INITIALIZE='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"coldstart","version":"1"}}}'

# One run of bin/tachyon with the environment in "$@" (NAME=VALUE...); prints the milliseconds.
one_run() {
    local start end line pid
    start=$EPOCHREALTIME
    coproc SERVER { exec env "$@" "$root/bin/tachyon" serve --stdio 2>"${COLDSTART_STDERR:-/dev/null}"; }
    pid=$SERVER_PID
    printf '%s\n' "$INITIALIZE" >&"${SERVER[1]}"
    IFS= read -r line <&"${SERVER[0]}" || line=""
    end=$EPOCHREALTIME
    exec {SERVER[1]}>&- # stdin ends: the server answers what it has and exits
    wait "$pid" 2>/dev/null || true
    if [[ "$line" != *'"id":1,"result"'* ]]; then
        echo "coldstart: no initialize answer (got: ${line:0:200})" >&2
        exit 1
    fi
    echo $(( (${end/./} - ${start/./}) / 1000 ))
}

# The environment of a variant, as NAME=VALUE words.
environment_of() {
    case "$1" in
        plain) echo "TACHYON_CDS=off${jdk17:+ JAVA_HOME=$jdk17}" ;;
        cds) echo "TACHYON_CDS=auto${jdk17:+ JAVA_HOME=$jdk17}" ;;
        jdk25) echo "TACHYON_CDS=off JAVA_HOME=$jdk25" ;;
        jdk25-aot) echo "TACHYON_CDS=auto JAVA_HOME=$jdk25" ;;
        *) echo "coldstart: unknown variant '$1' (plain, cds, jdk25, jdk25-aot)" >&2; exit 2 ;;
    esac
}

printf '%-10s %5s %8s %8s %8s   %s\n' variant runs "median" "min" "max" "(ms, process start to initialize answer)"
for variant in "${variants[@]}"; do
    read -ra env_words <<<"$(environment_of "$variant")"
    if [[ "$variant" == jdk25* && -z "$jdk25" ]]; then
        echo "coldstart: no JDK 25 found (set JDK25_HOME)" >&2
        exit 2
    fi
    if [[ "$variant" == *cds* || "$variant" == *aot* ]]; then
        env "${env_words[@]}" "$root/bin/tachyon" --train-archive serve --stdio >/dev/null # builds and trains if needed
    fi
    one_run "${env_words[@]}" >/dev/null # untimed: builds if needed, warms the page cache
    times=()
    for ((i = 0; i < runs; i++)); do
        times+=("$(one_run "${env_words[@]}")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$variant" -v n="$runs" '
        { t[NR] = $1 }
        END {
            median = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            printf "%-10s %5d %8.0f %8d %8d\n", name, n, median, t[1], t[n]
        }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
