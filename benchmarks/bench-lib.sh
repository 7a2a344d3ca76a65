# Shared by the benchmark scripts that alternate rows in rounds (tls-bench.sh, cluster-bench.sh);
# sourced, not run. The caller sets: root (the checkout), out (the output folder, with runs/),
# duration and warmup. Every run adds one line to $out/runs.tsv:
# round, row, per second, p50 ms, p99 ms.

# bench_record ROUND ROW SUMMARY_FILE: answers or handshakes per second, p50 and p99 (ms) of one
# tachyon-bench summary as a TSV line, printed and added to $out/runs.tsv.
bench_record() {
    local round="$1" row="$2" file="$3" rate p50 p99
    if grep -q "^  handshakes" "$file"; then
        rate="$(awk '/^  handshakes/ {gsub(",", "", $6); print $6}' "$file")"
        p50="$(awk '/^  latency/ {print $3}' "$file")"
        p99="$(awk '/^  latency/ {print $9}' "$file")"
    else
        rate="$(awk '/^  throughput/ {gsub(",", "", $2); print $2}' "$file")"
        p50="$(awk '/^  latency/ {print $3}' "$file")"
        p99="$(awk '/^  latency/ {print $7}' "$file")"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$row" "$rate" "$p50" "$p99" | tee -a "$out/runs.tsv"
}

# bench_load ROUND ROW TARGET [FLAGS...]: one load run of the generator, pinned to core 1.
bench_load() {
    local round="$1" row="$2" target="$3"
    shift 3
    local file="$out/runs/$round-$row.txt"
    taskset -c 1 "$root/bin/tachyon-bench" --target "$target" --duration "$duration" --warmup "$warmup" --threads 1 \
        --quiet --out "$out/runs" --label "$round-$row" "$@" >"$file" 2>&1 || { cat "$file" >&2; exit 1; }
    bench_record "$round" "$row" "$file"
}

# bench_medians ROUNDS: the median of each row of $out/runs.tsv over the rounds, rows in the
# order they first ran.
bench_medians() {
    local row
    echo
    echo "medians over $1 rounds (row, per second, p50 ms, p99 ms):"
    for row in $(cut -f2 "$out/runs.tsv" | awk '!seen[$0]++'); do
        printf '%-24s %12s %10s %10s\n' "$row" "$(bench_median "$row" 3)" "$(bench_median "$row" 4)" \
            "$(bench_median "$row" 5)"
    done
}

bench_median() { # ROW COLUMN
    awk -F'\t' -v row="$1" -v col="$2" '$2 == row {print $col}' "$out/runs.tsv" | sort -g \
        | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
