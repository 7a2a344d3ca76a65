#!/usr/bin/env bash
# Several Tachyon instances behind HAProxy on this machine (loopback only): the cluster of README
# "Running several instances", for trying it out and for the cluster tests.
#
#   deploy/local-cluster.sh up [N]       start N instances (default 3) and HAProxy; returns once
#                                        all are ready and prints, one per line:
#                                          http://127.0.0.1:PORT/mcp            the balancer, HTTP
#                                          tcp://127.0.0.1:PORT                 the balancer, raw TCP
#                                          node1 pid PID http://127.0.0.1:PORT/ each node's admin URL
#   deploy/local-cluster.sh down         stop everything `up` started (also after a node was killed)
#   deploy/local-cluster.sh stop NODE    SIGTERM one node (it drains) and wait until it exited
#   deploy/local-cluster.sh start NODE   start a stopped or killed node again, on its ports
#   deploy/local-cluster.sh render HTTP_BIND TCP_BIND NODE=HTTP,TCP,ADMIN_PORT...
#                                        print deploy/haproxy/haproxy.cfg filled in for these
#                                        instances (host:port each; admin port on the same host)
#
# CLUSTER_DIR   the run directory (default ${TMPDIR:-/tmp}/tachyon-cluster): ports, pids, logs,
#               the rendered haproxy.cfg and the shared requestState key (generated once, mode
#               600, kept by `down` so that a new `up` accepts the states the old one sealed)
# JAVA_HOME, JAVA_OPTS  as bin/tachyon takes them
# TACHYON_JVM_PROFILE   the bin/tachyon --jvm-profile of the nodes (default small-footprint)
#
# Every node gets tachyon.cluster.node-id = nodeI, the shared key, tcp/http/admin on free
# loopback ports, and PROXY protocol on its tcp and http listeners (HAProxy sends it).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
run="${CLUSTER_DIR:-${TMPDIR:-/tmp}/tachyon-cluster}"
profile="${TACHYON_JVM_PROFILE:-small-footprint}"
ready_timeout=120

die() {
    echo "local-cluster: $*" >&2
    exit 1
}

haproxy_bin() {
    local candidate
    for candidate in "$(command -v haproxy || true)" /usr/sbin/haproxy /usr/local/sbin/haproxy; do
        [[ -n "$candidate" && -x "$candidate" ]] && { echo "$candidate"; return; }
    done
    die "haproxy is not installed (Debian: apt-get install haproxy)"
}

# The widest band of ports outside the kernel's ephemeral range, as "FIRST COUNT". A node restarts
# on its old ports; one in the ephemeral range may meanwhile be the local end of some client's
# connection (the balancer's health checks, a test's load), and then the restart cannot bind it.
port_band() {
    local low high
    read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || { low=32768; high=60999; }
    if ((low - 10000 >= 65535 - high)); then
        echo "10000 $((low - 10000))"
    else
        echo "$((high + 1)) $((65535 - high))"
    fi
}

# A TCP port free on 127.0.0.1 right now, outside the ephemeral range, and not one handed out
# before in this run.
free_port() {
    local port first count
    read -r first count < <(port_band)
    ((count >= 100)) || die "no band of 100 ports outside the ephemeral range $(cat /proc/sys/net/ipv4/ip_local_port_range)"
    while :; do
        port=$((first + (RANDOM * 32768 + RANDOM) % count))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! grep -qx "$port" "$run/ports" 2>/dev/null; then
            echo "$port" >>"$run/ports"
            echo "$port"
            return
        fi
    done
}

# The pid in $1 if that process is alive and is ours (its command line names this run directory).
# A starting node passes through several execs (setsid, env, bash, java), and during an exec its
# command line reads empty for a moment: then it is read again, unless the process is a zombie.
# (No `| grep -q` here: under pipefail, grep leaving early can fail the pipe by SIGPIPE.)
live_pid() {
    local pid cmdline attempt
    [[ -f "$1" ]] || return 1
    pid="$(cat "$1")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1 # no such process
        if [[ -n "$cmdline" ]]; then
            [[ "$cmdline" == *"$run/"* ]] || return 1
            echo "$pid"
            return 0
        fi
        [[ "$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]] || return 1
        sleep 0.05
    done
    return 1
}

start_node() {
    local node="$1"
    [[ -f "$run/$node.conf" ]] || die "no node $node in $run"
    if live_pid "$run/$node.pid" >/dev/null; then
        die "$node is already running"
    fi
    # setsid: a node is its own process group, so Ctrl-C in this shell does not reach it.
    TACHYON_CLUSTER_NODE_ID="$node" \
    TACHYON_PROTOCOL_REQUEST_STATE_KEY="$(cat "$run/request-state.key")" \
        setsid "$root/bin/tachyon" --jvm-profile "$profile" serve --config "$run/$node.conf" \
        </dev/null >>"$run/$node.log" 2>&1 &
    echo $! >"$run/$node.pid"
}

# Waits until every node named answers 200 on /ready; fails naming one that died.
await_ready() {
    local node deadline=$((SECONDS + ready_timeout))
    for node in "$@"; do
        until curl -fs -o /dev/null "http://127.0.0.1:$(port_of "$node" admin)/ready"; do
            live_pid "$run/$node.pid" >/dev/null || { tail -n 20 "$run/$node.log" >&2; die "$node exited while starting (log: $run/$node.log)"; }
            ((SECONDS < deadline)) || die "$node not ready after ${ready_timeout}s (log: $run/$node.log)"
            sleep 0.2
        done
    done
}

port_of() {
    sed -n "s/^$2 = //p" "$run/$1.ports"
}

# The node ids of the run directory, node1 first and node10 after node9.
nodes() {
    local f
    for f in "$run"/node*.conf; do
        if [[ -e "$f" ]]; then basename "$f" .conf; fi
    done | sort -V
}

write_node() {
    local node="$1" tcp http admin
    tcp="$(free_port)"; http="$(free_port)"; admin="$(free_port)"
    printf 'tcp = %s\nhttp = %s\nadmin = %s\n' "$tcp" "$http" "$admin" >"$run/$node.ports"
    cat >"$run/$node.conf" <<CONF
# Written by deploy/local-cluster.sh for $node (its node id and the shared key come from the
# environment: TACHYON_CLUSTER_NODE_ID, TACHYON_PROTOCOL_REQUEST_STATE_KEY).
tachyon {
  tcp { host = "127.0.0.1", port = $tcp, proxy-protocol = true }
  http { enabled = true, host = "127.0.0.1", port = $http, proxy-protocol = true }
  admin { enabled = true, host = "127.0.0.1", port = $admin }
}
CONF
}

# deploy/haproxy/haproxy.cfg filled in: render HTTP_BIND TCP_BIND NODE=HTTP,TCP,ADMIN_PORT...
# writes every @NODE@ line once per node, in the order given (comments as they are).
render() {
    (($# >= 3)) || die "render takes HTTP_BIND TCP_BIND and one NODE=HTTP,TCP,ADMIN_PORT per node"
    local http_bind="$1" tcp_bind="$2" spec=() node rest
    shift 2
    for node in "$@"; do
        [[ "$node" =~ ^[a-z0-9-]+=[^,]+,[^,]+,[0-9]+$ ]] || die "not NODE=HTTP,TCP,ADMIN_PORT: $node"
        rest="${node#*=}"
        spec+=("${node%%=*}" "${rest//,/ }")
    done
    awk -v http_bind="$http_bind" -v tcp_bind="$tcp_bind" -v spec="${spec[*]}" '
        BEGIN { n = split(spec, s, " ") }
        /^[ \t]*#/ { print; next }
        {
            gsub(/@HTTP_BIND@/, http_bind); gsub(/@TCP_BIND@/, tcp_bind)
            if ($0 !~ /@NODE@/) { print; next }
            for (i = 1; i <= n; i += 4) {
                line = $0
                gsub(/@NODE@/, s[i], line); gsub(/@HTTP@/, s[i + 1], line)
                gsub(/@TCP@/, s[i + 2], line); gsub(/@ADMIN_PORT@/, s[i + 3], line)
                print line
            }
        }' "$root/deploy/haproxy/haproxy.cfg"
}

# The configuration of the cluster in the run directory.
render_cluster() {
    local node specs=()
    for node in $(nodes); do
        specs+=("$node=127.0.0.1:$(port_of "$node" http),127.0.0.1:$(port_of "$node" tcp),$(port_of "$node" admin)")
    done
    render "127.0.0.1:$(cat "$run/balancer-http.port")" "127.0.0.1:$(cat "$run/balancer-tcp.port")" "${specs[@]}"
}

up() {
    local count="${1:-3}" node i hap
    [[ "$count" =~ ^[1-9][0-9]?$ ]] || die "up takes a number of instances (1..99), not '$count'"
    hap="$(haproxy_bin)"
    mkdir -p "$run"
    if live_pid "$run/haproxy.pid" >/dev/null || [[ -n "$(for n in $(nodes); do live_pid "$run/$n.pid"; done)" ]]; then
        die "a cluster is already running in $run: deploy/local-cluster.sh down first"
    fi
    rm -f "$run"/node*.conf "$run"/node*.ports "$run"/node*.pid "$run"/node*.log "$run/ports"
    if [[ ! -s "$run/request-state.key" ]]; then
        (umask 077 && openssl rand -base64 32 >"$run/request-state.key")
    fi
    # Build once here, not three times at once in the nodes' launchers.
    "$root/bin/tachyon" version >/dev/null
    free_port >"$run/balancer-http.port"
    free_port >"$run/balancer-tcp.port"
    for ((i = 1; i <= count; i++)); do
        write_node "node$i"
    done
    for node in $(nodes); do
        start_node "$node"
    done
    await_ready $(nodes)
    render_cluster >"$run/haproxy.cfg"
    "$hap" -c -q -f "$run/haproxy.cfg" || die "HAProxy refuses $run/haproxy.cfg"
    setsid "$hap" -db -f "$run/haproxy.cfg" </dev/null >>"$run/haproxy.log" 2>&1 &
    echo $! >"$run/haproxy.pid"
    local deadline=$((SECONDS + 15))
    until (exec 3<>"/dev/tcp/127.0.0.1/$(cat "$run/balancer-http.port")") 2>/dev/null; do
        live_pid "$run/haproxy.pid" >/dev/null || { cat "$run/haproxy.log" >&2; die "HAProxy exited"; }
        ((SECONDS < deadline)) || die "HAProxy does not listen after 15s"
        sleep 0.1
    done
    echo "http://127.0.0.1:$(cat "$run/balancer-http.port")/mcp"
    echo "tcp://127.0.0.1:$(cat "$run/balancer-tcp.port")"
    for node in $(nodes); do
        echo "$node pid $(cat "$run/$node.pid") http://127.0.0.1:$(port_of "$node" admin)/"
    done
}

# SIGTERM to the pid in file $1 if it is still ours, then waits (SIGKILL after $2 seconds).
stop_pid() {
    local pid waited=0
    pid="$(live_pid "$1")" || { rm -f "$1"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= $2 * 10)); then
            kill -KILL "$pid" 2>/dev/null || true
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    rm -f "$1"
}

down() {
    local node
    [[ -d "$run" ]] || return 0
    stop_pid "$run/haproxy.pid" 10
    for node in $(nodes); do
        stop_pid "$run/$node.pid" 30 &
    done
    wait
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    stop) [[ $# == 2 ]] || die "stop takes a node id"; [[ -f "$run/$2.conf" ]] || die "no node $2 in $run"; stop_pid "$run/$2.pid" 30 ;;
    render) shift; render "$@" ;;
    start) [[ $# == 2 ]] || die "start takes a node id"; start_node "$2"; await_ready "$2"; echo "$2 pid $(cat "$run/$2.pid") http://127.0.0.1:$(port_of "$2" admin)/" ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
