#!/usr/bin/env bash
# The vote storm and the live fan-out through nginx, with one Wildcat node and then with two
# on one PostgreSQL, each node held to the same CPU quota (a cgroup), so that two nodes on this
# 2-core machine are compared fairly with one.
#   bench/two-nodes.sh DATABASE_URL SEED_JSON [QUOTA_PERCENT_OF_A_CORE=40] [FANOUT_MEMBERS=2000] [WRK_CONNECTIONS=64]
# DATABASE_URL: a database seeded by `wildcat-load seed --database-url` (see bench/README.md).
# Needs root (cgroups), nginx and wrk (Debian's packages, installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
R=${R:-.build/release}
DB=$1
SEED=$2
QUOTA=${3:-40}
FANOUT_MEMBERS=${4:-2000}
# A node batches the ballots that arrive together: with fewer clients each, it spends more per
# ballot, so two nodes are compared with one at the same client count and at twice it.
CONNECTIONS=${5:-64}
command -v nginx >/dev/null 2>&1 || { apt-get install -y nginx-light >/dev/null 2>&1 || apt-get install -y nginx >/dev/null; }
command -v wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
# cgroup v1's cpu controller where it is mounted so (this machine); v2's cpu.max elsewhere.
if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then cg=/sys/fs/cgroup/cpu; v=1; else cg=/sys/fs/cgroup; v=2; fi

hold() { # hold PID to QUOTA % of one core in a cgroup of its own
  local dir=$cg/wildcat-bench-$1
  mkdir -p "$dir"
  if [ $v = 1 ]; then
    echo 100000 > "$dir/cpu.cfs_period_us"; echo $((QUOTA * 1000)) > "$dir/cpu.cfs_quota_us"
  else
    echo "+cpu" > $cg/cgroup.subtree_control 2>/dev/null || true
    echo "$((QUOTA * 1000)) 100000" > "$dir/cpu.max"
  fi
  echo "$2" > "$dir/cgroup.procs"
}

stop_all() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  pkill -f "wildcat serve --database-url $DB --port 820" 2>/dev/null || true
  sleep 1
}
trap 'stop_all; rm -rf "$work"' EXIT

node_cpu() { # CPU time of the nodes so far, in hundredths of a second
  local total=0 pid
  for pid in $(pgrep -f "wildcat serve --database-url $DB --port 820"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo $total
}

run() { # run N: N nodes behind nginx
  local n=$1 upstreams="" i
  stop_all
  for i in $(seq 1 "$n"); do
    "$R/wildcat" serve --database-url "$DB" --port "820$i" --log-level warning --write-rate 1000000 --message-rate 1000000 > "$work/node$i.log" 2>&1 &
    hold "node$i" $!
    upstreams="$upstreams server 127.0.0.1:820$i;"
  done
  cat > "$work/nginx.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile 20000;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 9000; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  upstream wildcat { $upstreams keepalive 256; }
  upstream wildcat_live { $upstreams }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  server {
    listen 127.0.0.1:8200;
    location = /live {
      proxy_pass http://wildcat_live;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_read_timeout 1h;
    }
    location / {
      proxy_pass http://wildcat;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
CONF
  nginx -c "$work/nginx.conf" -p "$work"
  for i in $(seq 1 "$n"); do
    until curl -sf "http://127.0.0.1:820$i/healthz" >/dev/null; do sleep 0.5; done
  done
  echo "== $n node(s), each held to $QUOTA % of a core, through nginx; wrk with $CONNECTIONS connections"
  # A new proposal for each run, so that every ballot is a first one; wrk then posts ballots
  # for 20 s, a different member's token each time (bench/wrk/post.lua).
  local token assembly proposal
  token=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['tokens'][-1])" "$SEED")
  assembly=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['assembly'])" "$SEED")
  proposal=$(curl -sf -X POST "http://127.0.0.1:8200/api/v1/assemblies/$assembly/proposals" -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" -d '{"title":"Strike?","method":"yesno","closesInMinutes":600}' \
    | python3 -c "import json,sys;print(json.load(sys.stdin)['proposal']['id'])")
  local before after
  before=$(node_cpu)
  WRK_SEED="$SEED" WRK_PATH="/api/v1/assemblies/$assembly/proposals/$proposal/ballot" WRK_BODY='{"choice":"yes"}' \
    wrk -t2 -c"$CONNECTIONS" -d20s --latency -s bench/wrk/post.lua http://127.0.0.1:8200 | grep -E "Requests/sec|Non-2xx|50%|99%|Socket errors"
  after=$(node_cpu)
  local stored
  stored=$(psql -qAt "$DB" -c "SELECT COUNT(*) FROM ballots WHERE proposal_id = '$proposal'")
  python3 -c "import sys; cpu, n = (int(sys.argv[2]) - int(sys.argv[1])) / 100, int(sys.argv[3]); print(f'ballots stored: {n}; the nodes\' CPU: {cpu:.2f} s, {cpu * 1000 / max(n, 1):.3f} ms a ballot')" "$before" "$after" "$stored"
  "$R/wildcat-load" fanout --url http://127.0.0.1:8200 --seed "$SEED" --members "$FANOUT_MEMBERS" --rate 10 --duration 20 | tail -2
}

run 1
run 2
