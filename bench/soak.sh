#!/usr/bin/env bash
# Soak: 10,000 members live for 10 minutes while one member posts, the server's memory sampled
# every 30 s. Every message must reach every member (none dropped), and memory must stay flat
# after the first minutes.
#   bench/soak.sh SEED_JSON DATA_DIR [MEMBERS=10000] [SECONDS=600] [RATE=1]
# SEED_JSON and DATA_DIR: from `wildcat-load seed --data DATA_DIR --members 10100 --out SEED_JSON`.
set -euo pipefail
cd "$(dirname "$0")/.."
R=${R:-.build/release}
SEED=$1
DATA=$2
MEMBERS=${3:-10000}
SECONDS_=${4:-600}
RATE=${5:-1}
ulimit -n "$(ulimit -Hn)"
"$R/wildcat" serve --data "$DATA" --port 8097 --log-level warning --message-rate 1000000 --write-rate 1000000 > /tmp/soak-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:8097/healthz >/dev/null; do sleep 0.5; done
"$R/wildcat-load" fanout --url http://127.0.0.1:8097 --seed "$SEED" --members "$MEMBERS" --rate "$RATE" --duration "$SECONDS_" > /tmp/soak-fanout.out 2>&1 &
load=$!
start=$(date +%s)
echo "seconds  server RSS (MiB)  open connections"
while kill -0 $load 2>/dev/null; do
  rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$server/status)
  conns=$(ss -tn state established "( sport = :8097 )" | tail -n +2 | wc -l)
  printf "%7d  %16s  %16s\n" $(( $(date +%s) - start )) "$rss" "$conns"
  sleep 30
done
cat /tmp/soak-fanout.out
