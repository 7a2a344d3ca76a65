#!/usr/bin/env bash
# TLS and token cost on this machine (issue 12): plaintext against TLS on the JDK and on the
# OpenSSL provider, for TCP and Streamable HTTP throughput; full TLS 1.3 / 1.2 handshakes per
# second; and Streamable HTTP with OAuth on (every request carrying a bearer token validated from
# the server's warm token cache) against auth off.
#
#   benchmarks/tls-bench.sh [OUT_DIR]        (default benchmarks/target/tls-bench)
#
# ROUNDS (3), DURATION (10s) and WARMUP (5s) may be set in the environment; KEY_TYPE (ec) is
# the certificate's key (ec: P-256, rsa: RSA 2048); ONLY (a grep -E pattern, e.g. handshake)
# keeps the rows whose name matches. Three servers run
# side by side on core 0 (bin/tachyon serve: plaintext, tachyon.tls.provider = jdk, = openssl;
# ports 17810-17831), the generator on core 1; the runs alternate plaintext / jdk / openssl
# within each round so that the noise of a shared machine falls on all of them alike. The
# certificate is a throwaway one (tachyon-bench cert, EC P-256) made in OUT_DIR/cert. A fourth
# server (ports 17840-17841) has tachyon.auth on, its issuer a throwaway one on 127.0.0.1:17849
# (benchmarks/bench-issuer.py, python3) whose RSA key signs one token with openssl.
# Prints one line per run, then the median of each row over the rounds; raw lines in
# OUT_DIR/runs.tsv, each run's files under OUT_DIR/runs/.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$(readlink -f "${1:-$root/benchmarks/target/tls-bench}")"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-5s}"
key_type="${KEY_TYPE:-ec}"
only="${ONLY:-.}"
bench="$root/bin/tachyon-bench"
# shellcheck source=bench-lib.sh
. "$root/benchmarks/bench-lib.sh"
mkdir -p "$out/runs"
: >"$out/runs.tsv"

"$bench" cert --out "$out/cert" --key-type "$key_type" >/dev/null
ca="$out/cert/cert.pem"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# start NAME TCP_PORT HTTP_PORT [PROVIDER|auth]: a server on core 0, waiting for its ready line.
start() {
    local name="$1" tcp="$2" http="$3" provider="${4:-}" conf="$out/$1.conf"
    : >"$conf"
    if [[ "$provider" == auth ]]; then
        printf 'tachyon.auth { resource = "%s", authorization-servers = "%s" }\n' "$resource" "$issuer" >"$conf"
    elif [[ -n "$provider" ]]; then
        printf 'tachyon.tls { cert-chain = "%s", private-key = "%s", provider = %s }\n' \
            "$out/cert/cert.pem" "$out/cert/key.pem" "$provider" >"$conf"
    fi
    taskset -c 0 "$root/bin/tachyon" serve --tcp "127.0.0.1:$tcp" --http "127.0.0.1:$http" --config "$conf" \
        >/dev/null 2>"$out/$name.log" &
    pids+=("$!")
    for _ in $(seq 1 600); do
        grep -q "tachyon ready:" "$out/$name.log" && return 0
        sleep 0.2
    done
    echo "tls-bench: server $name did not start:" >&2
    cat "$out/$name.log" >&2
    exit 1
}

load() { # load ROUND ROW TARGET [FLAGS...]: a run of bench-lib's, for the rows ONLY keeps
    grep -qE "$only" <<<"$2" || return 0
    bench_load "$@"
}

handshakes() { # handshakes ROUND ROW TARGET [FLAGS...]
    local round="$1" row="$2" target="$3"
    grep -qE "$only" <<<"$row" || return 0
    shift 3
    local file="$out/runs/$round-$row.txt"
    taskset -c 1 "$bench" handshake --target "$target" --ca "$ca" --duration "$duration" --warmup 3s "$@" \
        >"$file" 2>&1 || { cat "$file" >&2; exit 1; }
    bench_record "$round" "$row" "$file"
}

# The issuer and its one token (RS256, kid "bench", an hour long) for the auth server.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
openssl genrsa -out "$out/issuer-key.pem" 2048 2>/dev/null
python3 "$root/benchmarks/bench-issuer.py" 17849 "$out/issuer-key.pem" >"$out/issuer.log" 2>&1 &
pids+=("$!")
issuer="http://127.0.0.1:17849"
resource="http://127.0.0.1:17841/mcp"
now="$(date +%s)"
jwt_head="$(printf '{"alg":"RS256","typ":"at+jwt","kid":"bench"}' | b64url)"
jwt_body="$(printf '{"iss":"%s","aud":"%s","sub":"bench","client_id":"bench","scope":"mcp","iat":%d,"exp":%d}' \
    "$issuer" "$resource" "$now" "$((now + 3600))" | b64url)"
jwt_sig="$(printf '%s.%s' "$jwt_head" "$jwt_body" | openssl dgst -sha256 -sign "$out/issuer-key.pem" -binary | b64url)"
token="$jwt_head.$jwt_body.$jwt_sig"

start plain 17810 17811
start jdk 17820 17821 jdk
start openssl 17830 17831 openssl
start auth 17840 17841 auth
echo "tls-bench: $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg); rounds $rounds, warmup $warmup, duration $duration, key $key_type"
printf 'round\trow\tper_second\tp50_ms\tp99_ms\n'

tcp=(--connections 64 --pipeline 16)
http=(--connections 64)
for round in $(seq 1 "$rounds"); do
    load "$round" tcp-plain tcp://127.0.0.1:17810 "${tcp[@]}"
    load "$round" tcp-tls-jdk tls://127.0.0.1:17820 --ca "$ca" "${tcp[@]}"
    load "$round" tcp-tls-openssl tls://127.0.0.1:17830 --ca "$ca" "${tcp[@]}"
    load "$round" http-plain http://127.0.0.1:17811/mcp "${http[@]}"
    load "$round" http-auth http://127.0.0.1:17841/mcp --header "Authorization: Bearer $token" "${http[@]}"
    load "$round" https-jdk https://127.0.0.1:17821/mcp --ca "$ca" "${http[@]}"
    load "$round" https-openssl https://127.0.0.1:17831/mcp --ca "$ca" "${http[@]}"
    handshakes "$round" handshake-1.3-jdk tls://127.0.0.1:17820 --tls-protocol TLSv1.3
    handshakes "$round" handshake-1.3-openssl tls://127.0.0.1:17830 --tls-protocol TLSv1.3
    handshakes "$round" handshake-1.2-jdk tls://127.0.0.1:17820 --tls-protocol TLSv1.2
    handshakes "$round" handshake-1.2-openssl tls://127.0.0.1:17830 --tls-protocol TLSv1.2
done

bench_medians "$rounds"
