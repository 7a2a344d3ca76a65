# Shared by the benchmark scripts (source it): starting `bin/tachyon serve` and reading results.
#
#   source "$root/benchmarks/scripts/serve.sh"
#   start_server LOG serve-arguments...   # sets $server (its pid), waits for the ready line, stops it on exit
#   SERVER_CPUS=0 / BENCH_CPUS=1            # pin the server / the generator to these CPUs (taskset -c)
#   json_number FILE KEY                  # the number after "KEY": in a result.json

# Starts the server in the background with its stderr in LOG, waits up to 3 minutes for its
# ready line, and arranges for it to be stopped (SIGTERM, then waited for) when the script exits.
start_server() {
    local log="$1"
    shift
    ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} bin/tachyon serve "$@" 2>"$log" &
    server=$!
    trap 'stop_server' EXIT
    for _ in $(seq 1 180); do
        grep -q "tachyon ready" "$log" && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 1
    done
    echo "$(basename "$0"): the server did not start:" >&2
    cat "$log" >&2
    exit 1
}

stop_server() {
    [[ -n "${bench_pid:-}" ]] && kill "$bench_pid" 2>/dev/null || true
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}

json_number() {
    sed -n "s/.*\"$2\": \([-0-9.]*\).*/\1/p" "$1" | head -1
}
