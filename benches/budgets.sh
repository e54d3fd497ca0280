#!/usr/bin/env bash
# The performance budgets of the one-call program, measured in paired runs against the floor
# (bare reqwest + rustls/ring + tokio, `benches/floor`): machines drift by 20-30 % between
# days, so each figure is a ratio of medians taken in the same session, the two sides
# alternating. Prints one line per budget. Linux only (`/usr/bin/time`, `/proc`).
#
#   benches/budgets.sh [ROUNDS]     (default 3; about 4 minutes per round on 2 cores)
#
# Budgets (README, Performance): clean release build <= 1.10 x the floor; stripped binary
# <= floor + 0.5 MiB; peak RSS of one call <= 6 MiB; client CPU per call <= 1.15 x the floor;
# the generated 83-operation service crate <= 5 s in release.
set -euo pipefail

rounds=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch=target/budgets
mkdir -p "$scratch"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# One clean release build: prints "wall cpu" in seconds.
clean_build() {
    local dir=$1
    shift
    rm -rf "$dir"
    /usr/bin/time -f "%e %U %S" -o "$scratch/time" cargo build -q --release "$@" --target-dir "$dir"
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$scratch/time"
}

: >"$scratch/ours" && : >"$scratch/floor"
for round in $(seq "$rounds"); do
    echo "round $round/$rounds: clean release builds (aws-op one-call program, then the floor)" >&2
    clean_build "$scratch/ours-build" -p aws-op-examples --no-default-features \
        --example create_account_association >>"$scratch/ours"
    clean_build "$scratch/floor-build" --manifest-path benches/floor/Cargo.toml >>"$scratch/floor"
done
ours_wall=$(cut -d' ' -f1 "$scratch/ours" | median)
floor_wall=$(cut -d' ' -f1 "$scratch/floor" | median)
ours_cpu=$(cut -d' ' -f2 "$scratch/ours" | median)
floor_cpu=$(cut -d' ' -f2 "$scratch/floor" | median)
ours_bin=$(stat -c %s "$scratch/ours-build/release/examples/create_account_association")
floor_bin=$(stat -c %s "$scratch/floor-build/release/aws-op-floor")
ours_crates=$(ls "$scratch"/ours-build/release/deps/*.rlib | wc -l)
floor_crates=$(ls "$scratch"/floor-build/release/deps/*.rlib | wc -l)

echo "the emulator, cpu_per_call and the 83-operation crate (release)" >&2
# Built apart, so that the client is built with its own features, not the emulator's too.
cargo build -q --release -p aws-op-emulator
cargo build -q --release -p aws-op-examples --no-default-features --example cpu_per_call
port=$((20000 + RANDOM % 20000))
target/release/aws-op-emulator --port "$port" >"$scratch/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    grep -q "listening" "$scratch/emulator.log" 2>/dev/null && break
    sleep 0.1
done
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIDEMULATOR0000001
export AWS_SECRET_ACCESS_KEY=emulator/secret/key/not-a-real-one
/usr/bin/time -f "%M" -o "$scratch/rss" "$scratch/ours-build/release/examples/create_account_association" \
    --endpoint-url "http://127.0.0.1:$port" --connector-destination-id cd-budget >/dev/null
rss_kib=$(cat "$scratch/rss")
cpu_line=$(target/release/examples/cpu_per_call --endpoint-url "http://127.0.0.1:$port" \
    --calls 20000 --rounds 7 | tail -1)

cargo build -q --release -p aws-op-iot-managed-integrations
: >"$scratch/crate"
for _ in $(seq "$rounds"); do
    touch services/iot-managed-integrations/src/lib.rs
    /usr/bin/time -f "%e" -o "$scratch/time" cargo build -q --release -p aws-op-iot-managed-integrations
    cat "$scratch/time" >>"$scratch/crate"
done
crate_wall=$(median <"$scratch/crate")

printf '%s\n' \
    "clean release build: aws-op ${ours_wall} s (${ours_cpu} s CPU, ${ours_crates} crates), floor ${floor_wall} s (${floor_cpu} s CPU, ${floor_crates} crates): $(ratio "$ours_wall" "$floor_wall") x (budget 1.10 x), medians of $rounds" \
    "stripped binary: aws-op ${ours_bin} B, floor ${floor_bin} B: +$(awk -v a="$ours_bin" -v b="$floor_bin" 'BEGIN { printf "%.2f", (a - b) / 1048576 }') MiB (budget +0.5 MiB)" \
    "peak RSS of one call: $(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }') MiB (budget 6 MiB)" \
    "client CPU per call: ${cpu_line#median CPU/call: } (budget 1.15)" \
    "83-operation crate, release, its dependencies built: ${crate_wall} s (budget 5 s), median of $rounds"
