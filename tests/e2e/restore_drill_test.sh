#!/usr/bin/env bash
# Restore drill (docs/operations.md "Restore"): 8 reporters submit concurrently; while they do,
# `vrs-server backup` copies the store; more submissions are receipted; the server is killed
# with SIGKILL; `vrs-server restore` makes a new directory from the backup and the server starts
# from it. Then:
#   1. every submission receipted before the backup (receipt audit_seq <= the manifest's
#      audit.entries) is in the restored store, and the store passes vrs-server db check;
#   2. the clients' `sync --resend-lost` completes the rest: what was queued is sent, and what
#      was receipted after the backup (lost with the old disk) is sent again under the same id;
#   3. every receipt a client holds is stored, every record exactly once, db check passes.
# Usage: restore_drill_test.sh BIN_DIR WORK_DIR. Bounded: every wait has a deadline.
set -euo pipefail
bin=$1
work=$2
test_name=restore_drill
clients=${VRS_DRILL_CLIENTS:-8}
per_client=${VRS_DRILL_RECORDS:-1500}
rm -rf "$work"
mkdir -p "$work"
umask 077
# shellcheck source=tests/e2e/clients_lib.sh
source "$(dirname "$0")/clients_lib.sh"

setup_server
enrol_clients "$clients" "$per_client" DRILL
total=$((clients * per_client))
echo "restore_drill: $clients clients x $per_client records = $total, server $url"

submit_all "$clients"
n=$(wait_stored $((total / 4)) 60)
"$bin/vrs-server" backup --config "$work/srv/vrs-server.toml" --out "$work/drill.backup" 2>"$work/backup.log" >/dev/null ||
  { cat "$work/backup.log" >&2; fail "backup while the clients submit"; }
backup_end=$(sed -n 's/.*"audit":{"entries":\([0-9]*\).*/\1/p' "$work/drill.backup.manifest.json")
[ -n "$backup_end" ] || fail "the manifest has no audit_entries: $(cat "$work/drill.backup.manifest.json")"
after=$(stored_records || echo 0)
echo "restore_drill: backup taken while serving ($n records stored when it began, audit entries up to $backup_end)"
# More receipts after the backup, then the disk is "lost": SIGKILL while clients still send.
n=$(wait_stored $((after + total / 5 < total ? after + total / 5 : total)) 60)
kill_server
wait_clients
echo "restore_drill: server killed with SIGKILL after $n records; restoring into a new directory"

"$bin/vrs-server" restore --from "$work/drill.backup" --dir "$work/restored" --key-file "$work/srv/vrs.db.key" \
  >"$work/restore.log" 2>&1 || { cat "$work/restore.log" >&2; fail "restore"; }
"$bin/vrs-server" db check --db "$work/restored/vrs.db" --key-file "$work/restored/vrs.db.key" >"$work/check0.log" 2>&1 ||
  { cat "$work/check0.log" >&2; fail "db check of the restored store"; }

# 1. Receipted before the backup: present (exactly once: submission ids are unique).
before_ids=$(for i in $(seq 0 $((clients - 1))); do
  "$bin/vrs-client" receipts --home "$work/c$i"
done | awk -v end="$backup_end" '$1 ~ /^[0-9a-f-]+$/ && length($1) == 36 && $4 ~ /^[0-9]+$/ && $4 + 0 <= end { print $1 }' | sort -u)
stored=$(sql "$work/restored" "SELECT submission_id FROM submissions;" | sort -u)
before_n=$(echo "$before_ids" | grep -c . || true)
[ "$before_n" -gt 0 ] || fail "no receipt with audit_seq <= $backup_end was found: $(head -3 "$work/c0/receipts.log" 2>/dev/null)"
missing=$(comm -23 <(echo "$before_ids") <(echo "$stored") | head -5)
[ -z "$missing" ] || fail "receipted before the backup but missing after the restore: $missing"
lost=$(for i in $(seq 0 $((clients - 1))); do "$bin/vrs-client" receipts --home "$work/c$i"; done |
  grep -oE '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}' | sort -u | comm -23 - <(echo "$stored") | grep -c . || true)
echo "restore_drill: $before_n submissions receipted before the backup are all in the restored store; $lost receipted after it are not"

# 2. The restored server on the same address; the clients complete the rest.
start_server "$work/restored/vrs-server.toml"
sync_all "$clients" --resend-lost
resent=$(cat "$work"/c*/sync.log | sed -n 's/.* \([0-9]*\) of them missing from the server and queued again.*/\1/p' | awk '{s += $1} END {print s + 0}')
[ "$resent" -eq "$lost" ] || fail "sync --resend-lost queued $resent submissions again, expected the $lost lost ones"
stop_server

# 3. Everything, exactly once.
check_store "$work/restored" "$clients" "$total" $(( (per_client + 49) / 50 * clients ))
echo "restore_drill: ok: $resent lost submissions sent again, $checked_receipts receipted submissions stored, $checked_rows records each exactly once, db check ok"
