#!/usr/bin/env bash
# Crash test (issue 5): 8 reporters submit 20,000 records concurrently; the server is killed
# with SIGKILL mid-way and restarted; the clients sync. Then:
#   1. every submission a client holds a verified receipt for is stored, with its record count;
#   2. every record is stored exactly once (20,000 rows, no (member, ref) twice);
#   3. PRAGMA integrity_check is ok and the audit chain verifies (vrs-server db check).
# Usage: crash_test.sh BIN_DIR WORK_DIR. Bounded: every wait has a deadline.
set -euo pipefail
bin=$1
work=$2
clients=${VRS_CRASH_CLIENTS:-8}
per_client=${VRS_CRASH_RECORDS:-2500}
rm -rf "$work"
mkdir -p "$work"
umask 077
server_pid=""
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ -n "$server_pid" ]; then kill -9 "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
fail() { echo "crash_test: FAIL: $*" >&2; [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2; exit 1; }

start_server() {
  rm -f "$work/port"
  "$bin/vrs-server" run --config "$work/srv/vrs-server.toml" --port-file "$work/port" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do [ -s "$work/port" ] && return 0; sleep 0.05; done
  fail "server did not start"
}
stored_records() {  # from /metrics: record versions stored since this server process started
  curl -s "http://127.0.0.1:$mport/metrics" | awk '/^vrs_records_stored_total /{print $2}'
}

root_fingerprint=$("$bin/vrs-ca" init --dir "$work/ca" | sed -n 's/^  root CA SHA-256 fingerprint //p')
[ -n "$root_fingerprint" ] || { echo "vrs-ca init printed no root fingerprint" >&2; exit 1; }
free_port() {  # the restarted server must come back on the same port
  local p=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
port=$(free_port)
mport=$(free_port)
[ "$mport" != "$port" ] || mport=$((port + 1))
"$bin/vrs-server" init --dir "$work/srv" --ca-dir "$work/ca" --name 127.0.0.1 --port "$port" --metrics-port "$mport" >/dev/null
sed -i 's/^requests_per_second_per_member = .*/requests_per_second_per_member = 100000/' "$work/srv/vrs-server.toml"
url="https://127.0.0.1:$port"
"$bin/vrs-client" enroll --home "$work/admin" --member AUS-VRSADMIN --server "$url" >/dev/null
"$bin/vrs-server" admin bootstrap --config "$work/srv/vrs-server.toml" --request "$work/admin/enrol-request.json" \
  --out "$work/admin/bundle.json" >/dev/null
"$bin/vrs-client" install --home "$work/admin" --ca-fingerprint "$root_fingerprint" "$work/admin/bundle.json" >/dev/null
start_server

states=(AUS IDN MYS THA PHL VNM NZL LKA BGD PAK KHM MMR SGP FJI PNG TLS)
members=()
for i in $(seq 0 $((clients - 1))); do
  m="${states[$i]}-CRASH$i"
  h="$work/c$i"
  "$bin/vrs-client" enroll --home "$h" --member "$m" --server "$url" >/dev/null
  "$bin/vrs-client" admin enroll --home "$work/admin" --request "$h/enrol-request.json" --role reporter --out "$h/bundle.json" >/dev/null
  "$bin/vrs-client" install --home "$h" --ca-fingerprint "$root_fingerprint" "$h/bundle.json" >/dev/null
  "$bin/vrs-client" gen --seed $((100 + i)) --count "$per_client" --state "${states[$i]}" --prefix "C$i" --out "$h/data.json" >/dev/null
  members+=("$m")
done
total=$((clients * per_client))
echo "crash_test: $clients clients x $per_client records = $total, server $url"

# All clients submit at once (batches of 50: many commits in flight when the kill comes).
for i in $(seq 0 $((clients - 1))); do
  "$bin/vrs-client" submit --home "$work/c$i" --batch-size 50 --timeout 5 "$work/c$i/data.json" >"$work/c$i/submit.log" 2>&1 &
  pids+=($!)
done
# Kill the server once a fifth of the records is stored (at most 60 s), while clients send.
deadline=$((SECONDS + 60))
while :; do
  n=$(stored_records || echo 0)
  [ "${n:-0}" -ge $((total / 5)) ] && break
  [ $SECONDS -ge $deadline ] && fail "only ${n:-0} records stored after 60 s"
  sleep 0.05
done
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
echo "crash_test: server killed with SIGKILL after $n records were acknowledged"
for p in "${pids[@]}"; do
  wait "$p" || true  # a client reports the outage and keeps its envelopes queued
done
pids=()

start_server
echo "crash_test: server restarted; clients sync"
for i in $(seq 0 $((clients - 1))); do
  ok=""
  for _ in 1 2 3 4 5; do
    if "$bin/vrs-client" sync --home "$work/c$i" --now >"$work/c$i/sync.log" 2>&1; then ok=1; break; fi
    sleep 0.5
  done
  [ -n "$ok" ] || { cat "$work/c$i/sync.log" >&2; fail "client $i did not finish syncing"; }
  "$bin/vrs-client" status --home "$work/c$i" >"$work/c$i/status.log" 2>&1 || true
done
kill -TERM "$server_pid"
wait "$server_pid" || fail "server did not stop cleanly"
server_pid=""

key=$(tr -d '\n' <"$work/srv/vrs.db.key")
sql() {
  printf 'PRAGMA key = "x'"'"'%s'"'"'";\nPRAGMA cipher_page_size = 4096;\n.headers off\n%s\n' "$key" "$1" |
    sqlcipher "$work/srv/vrs.db" | tail -n +1 | grep -v '^ok$' || true
}

# 1. Every receipt a client holds is a stored submission with the same record count.
for i in $(seq 0 $((clients - 1))); do
  "$bin/vrs-client" receipts --home "$work/c$i" --verify >"$work/c$i/receipts.log" 2>&1 ||
    { cat "$work/c$i/receipts.log" >&2; fail "client $i: receipts do not verify"; }
done
receipts_json=$(for i in $(seq 0 $((clients - 1))); do cat "$work/c$i/receipts.log"; done)
held=$(echo "$receipts_json" | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}' | sort -u)
held_n=$(echo "$held" | grep -c . || true)
stored_ids=$(sql "SELECT submission_id FROM submissions;" | sort -u)
missing=$(comm -23 <(echo "$held") <(echo "$stored_ids") | head -5)
[ -z "$missing" ] || fail "receipted submissions missing from the store: $missing"
expected_subs=$(( (per_client + 49) / 50 * clients ))
[ "$held_n" -eq "$expected_subs" ] || fail "clients hold $held_n receipts, expected $expected_subs"

# 2. Every record exactly once.
rows=$(sql "SELECT count(*) FROM incident_versions;")
[ "$rows" = "$total" ] || fail "incident_versions has $rows rows, expected $total"
dups=$(sql "SELECT count(*) FROM (SELECT member_id, ref FROM incident_versions GROUP BY member_id, ref HAVING count(*) > 1);")
[ "$dups" = "0" ] || fail "$dups refs stored more than once"
per_member=$(sql "SELECT count(DISTINCT member_id) FROM incident_versions;")
[ "$per_member" = "$clients" ] || fail "records of $per_member members, expected $clients"
subs=$(sql "SELECT count(*) FROM submissions;")
[ "$subs" = "$expected_subs" ] || fail "$subs submissions stored, expected $expected_subs"

# 3. Integrity and the audit chain.
integrity=$(printf 'PRAGMA key = "x'"'"'%s'"'"'";\nPRAGMA cipher_page_size = 4096;\nPRAGMA integrity_check;\n' "$key" |
  sqlcipher "$work/srv/vrs.db")
[ "$integrity" = "ok" ] || fail "integrity_check: $integrity"
"$bin/vrs-server" db check --db "$work/srv/vrs.db" --key-file "$work/srv/vrs.db.key" >"$work/check.log" 2>&1 ||
  { cat "$work/check.log" >&2; fail "vrs-server db check"; }
echo "crash_test: ok: $held_n receipted submissions stored, $rows records each exactly once, integrity ok"
