# shellcheck shell=bash disable=SC2154,SC2120,SC2034
# Shared by crash_test.sh and restore_drill_test.sh (sourced, not run): a CA, a server on
# 127.0.0.1 with fixed free ports (so a restarted or restored server comes back on the same
# one), an administrator, N reporting clients with generated data, and the checks on a store.
# Expects $bin (the built binaries) and $work (a fresh directory); sets $server_pid, $port,
# $mport, $url, $root_fingerprint, members[] and pids[]. Every wait has a deadline.

server_pid=""
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ -n "$server_pid" ]; then kill -9 "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
fail() { echo "${test_name:-test}: FAIL: $*" >&2; [ -f "$work/server.log" ] && tail -20 "$work/server.log" >&2; exit 1; }

# start_server [CONFIG]: runs vrs-server in the background and waits for its port file.
start_server() {
  local config=${1:-$work/srv/vrs-server.toml}
  rm -f "$work/port"
  "$bin/vrs-server" run --config "$config" --port-file "$work/port" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do [ -s "$work/port" ] && return 0; sleep 0.05; done
  fail "server did not start"
}
kill_server() {
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "server did not stop cleanly"
  server_pid=""
}
stored_records() {  # from /metrics: record versions stored since this server process started
  curl -s "http://127.0.0.1:$mport/metrics" | awk '/^vrs_records_stored_total /{print $2}'
}
free_port() {
  local p=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# setup_server: CA, server directory $work/srv, the administrator, the server started.
setup_server() {
  root_fingerprint=$("$bin/vrs-ca" init --dir "$work/ca" | sed -n 's/^  root CA SHA-256 fingerprint //p')
  [ -n "$root_fingerprint" ] || fail "vrs-ca init printed no root fingerprint"
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
}

# enrol_clients N PER_CLIENT TAG: reporters $work/c0 .. c(N-1), each with PER_CLIENT records.
enrol_clients() {
  local n=$1 per=$2 tag=$3 i m h
  local states=(AUS IDN MYS THA PHL VNM NZL LKA BGD PAK KHM MMR SGP FJI PNG TLS)
  members=()
  for i in $(seq 0 $((n - 1))); do
    m="${states[$i]}-$tag$i"
    h="$work/c$i"
    "$bin/vrs-client" enroll --home "$h" --member "$m" --server "$url" >/dev/null
    "$bin/vrs-client" admin enroll --home "$work/admin" --request "$h/enrol-request.json" --role reporter --out "$h/bundle.json" >/dev/null
    "$bin/vrs-client" install --home "$h" --ca-fingerprint "$root_fingerprint" "$h/bundle.json" >/dev/null
    "$bin/vrs-client" gen --seed $((100 + i)) --count "$per" --state "${states[$i]}" --prefix "C$i" --out "$h/data.json" >/dev/null
    members+=("$m")
  done
}

# submit_all N: every client submits its data at once, in batches of 50, in the background.
submit_all() {
  local i
  for i in $(seq 0 $(($1 - 1))); do
    "$bin/vrs-client" submit --home "$work/c$i" --batch-size 50 --timeout 5 "$work/c$i/data.json" >"$work/c$i/submit.log" 2>&1 &
    pids+=($!)
  done
}
wait_clients() {
  local p
  for p in "${pids[@]}"; do wait "$p" || true; done  # a client reports an outage and keeps its envelopes queued
  pids=()
}
# wait_stored AT_LEAST SECONDS: until the server has stored that many records.
wait_stored() {
  local deadline=$((SECONDS + $2)) n
  while :; do
    n=$(stored_records || echo 0)
    [ "${n:-0}" -ge "$1" ] && { echo "${n:-0}"; return 0; }
    [ $SECONDS -ge $deadline ] && fail "only ${n:-0} records stored after $2 s"
    sleep 0.05
  done
}

# sync_all N [ARGS...]: every client syncs (a few tries), then writes its status.
sync_all() {
  local n=$1 i ok
  shift
  for i in $(seq 0 $((n - 1))); do
    ok=""
    for _ in 1 2 3 4 5; do
      if "$bin/vrs-client" sync --home "$work/c$i" --now "$@" >"$work/c$i/sync.log" 2>&1; then ok=1; break; fi
      sleep 0.5
    done
    [ -n "$ok" ] || { cat "$work/c$i/sync.log" >&2; fail "client $i did not finish syncing"; }
  done
}

# sql DIR QUERY: one query on the store of server directory DIR.
sql() {
  local key
  key=$(tr -d '\n' <"$1/vrs.db.key")
  printf 'PRAGMA key = "x'"'"'%s'"'"'";\nPRAGMA cipher_page_size = 4096;\n.headers off\n%s\n' "$key" "$2" |
    sqlcipher "$1/vrs.db" | grep -v '^ok$' || true
}

# check_store DIR N TOTAL SUBMISSIONS: every receipt the clients hold is stored, every record
# exactly once, the expected counts, integrity and the audit chain (vrs-server db check).
check_store() {
  local dir=$1 n=$2 total=$3 expected_subs=$4 i
  for i in $(seq 0 $((n - 1))); do
    "$bin/vrs-client" receipts --home "$work/c$i" --verify >"$work/c$i/receipts.log" 2>&1 ||
      { cat "$work/c$i/receipts.log" >&2; fail "client $i: receipts do not verify"; }
  done
  local held held_n stored_ids missing rows dups per_member subs
  held=$(for i in $(seq 0 $((n - 1))); do cat "$work/c$i/receipts.log"; done |
    grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}' | sort -u)
  held_n=$(echo "$held" | grep -c . || true)
  stored_ids=$(sql "$dir" "SELECT submission_id FROM submissions;" | sort -u)
  missing=$(comm -23 <(echo "$held") <(echo "$stored_ids") | head -5)
  [ -z "$missing" ] || fail "receipted submissions missing from the store: $missing"
  [ "$held_n" -eq "$expected_subs" ] || fail "clients hold $held_n receipts, expected $expected_subs"
  rows=$(sql "$dir" "SELECT count(*) FROM incident_versions;")
  [ "$rows" = "$total" ] || fail "incident_versions has $rows rows, expected $total"
  dups=$(sql "$dir" "SELECT count(*) FROM (SELECT member_id, ref FROM incident_versions GROUP BY member_id, ref HAVING count(*) > 1);")
  [ "$dups" = "0" ] || fail "$dups refs stored more than once"
  per_member=$(sql "$dir" "SELECT count(DISTINCT member_id) FROM incident_versions;")
  [ "$per_member" = "$n" ] || fail "records of $per_member members, expected $n"
  subs=$(sql "$dir" "SELECT count(*) FROM submissions;")
  [ "$subs" = "$expected_subs" ] || fail "$subs submissions stored, expected $expected_subs"
  local integrity
  integrity=$(sql "$dir" "PRAGMA integrity_check;")
  [ "$integrity" = "" ] || fail "integrity_check: $integrity"
  "$bin/vrs-server" db check --db "$dir/vrs.db" --key-file "$dir/vrs.db.key" >"$work/check.log" 2>&1 ||
    { cat "$work/check.log" >&2; fail "vrs-server db check"; }
  checked_receipts=$held_n
  checked_rows=$rows
}
