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
test_name=crash_test
clients=${VRS_CRASH_CLIENTS:-8}
per_client=${VRS_CRASH_RECORDS:-2500}
rm -rf "$work"
mkdir -p "$work"
umask 077
# shellcheck source=tests/e2e/clients_lib.sh
source "$(dirname "$0")/clients_lib.sh"

setup_server
enrol_clients "$clients" "$per_client" CRASH
total=$((clients * per_client))
echo "crash_test: $clients clients x $per_client records = $total, server $url"

# All clients submit at once (batches of 50: many commits in flight when the kill comes).
submit_all "$clients"
# Kill the server once a fifth of the records is stored (at most 60 s), while clients send.
n=$(wait_stored $((total / 5)) 60)
kill_server
echo "crash_test: server killed with SIGKILL after $n records were acknowledged"
wait_clients

start_server
echo "crash_test: server restarted; clients sync"
sync_all "$clients"
stop_server

check_store "$work/srv" "$clients" "$total" $(( (per_client + 49) / 50 * clients ))
echo "crash_test: ok: $checked_receipts receipted submissions stored, $checked_rows records each exactly once, integrity ok"
