#!/bin/bash
# fanout-cpu.sh PORT PID MEMBERS RATE [SEED]
# Fan-out with the load client on core 0 (start the server on core 1 with `taskset -c 1`), and
# the server's CPU while it sends: read from /proc 2 s after the connections have opened, and
# again 20 s later. Divide by MEMBERS × RATE × 20 for the CPU per delivery.
set -euo pipefail
if [ $# -lt 4 ]; then
    echo "usage: bench/fanout-cpu.sh PORT SERVER_PID MEMBERS RATE [SEED (default /tmp/bench/seed.json)]" >&2
    exit 2
fi
port=$1 pid=$2 members=$3 rate=$4 seed=${5:-/tmp/bench/seed.json}
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
taskset -c 0 stdbuf -oL .build/release/wildcat-load fanout --url "http://127.0.0.1:$port" --seed "$seed" \
    --members "$members" --rate "$rate" --duration 20 > "$out" 2>&1 &
load=$!
until grep -q "live connections open" "$out"; do
    kill -0 $load 2>/dev/null || { cat "$out"; exit 1; }
    sleep 0.1
done
sleep 2
before=$(cpu "$pid")
sleep 20
after=$(cpu "$pid")
wait $load
tail -1 "$out"
seconds=$(echo "scale=2; ($after - $before) / $tick" | bc)
echo "server CPU over 20 s of sending: $seconds s, $(echo "scale=2; $seconds * 1000000 / ($members * $rate * 20)" | bc) µs a delivery"
