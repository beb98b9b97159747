#!/usr/bin/env bash
# The service files with the built binaries (docs/operations.md "Install as a service"):
#   a. ops/install --destdir stages every file with the right mode (the national agent's unit,
#      its profile directory 0710 and its setgid, sticky inbox 3770 included), replaces the units'
#      /usr/local by --prefix, runs again without change, and never touches an existing
#      server directory or inbox;
#   b. ops/vrs-backup-nightly against a real server directory keeps exactly the newest KEEP
#      backups with their manifests, never deletes a file it did not make nor the backup it
#      just wrote, and deletes nothing when the backup fails; a kept backup restores;
#   c. with systemd-analyze: each service's exposure score is at most 2.0, and
#      `systemd-analyze verify` accepts the staged units (ExecStart on the staged files; the
#      agent's on the built vrs-client).
# Usage: ops_service_test.sh [BIN_DIR [WORK_DIR]] (defaults: build/bin, a new temporary
# directory). Needs no root and starts no server; every command is bounded.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "${1:-$repo/build/bin}" && pwd)
if [ -n "${2:-}" ]; then
  work=$2
  rm -rf "$work"
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
work=$(cd "$work" && pwd)
umask 077

passed=0
fail() { echo "ops_service_test: FAIL: $*" >&2; exit 1; }
ok() { passed=$((passed + 1)); }
# expect DESCRIPTION EXPECTED FOUND
expect() {
  [ "$2" = "$3" ] || fail "$1: expected '$2', found '$3'"
  ok
}
mode_of() { if [ -e "$1" ] || [ -L "$1" ]; then stat -c %a "$1"; else echo "missing"; fi; }
# Every file and directory under a root with its type, mode and (for files) checksum.
tree_of() {
  (cd "$1" && find . -mindepth 1 -printf '%p %y %m\n' | LC_ALL=C sort | while read -r path type mode; do
    if [ "$type" = f ]; then echo "$path $type $mode $(sha256sum "$path" | cut -c1-16)"; else echo "$path $type $mode"; fi
  done)
}
run() { timeout 60 "$@"; }

# --- a. ops/install --destdir ---------------------------------------------------------------
install_sh=$repo/ops/install
backup_sh=$repo/ops/vrs-backup-nightly
stage=$work/stage

rc=0; run "$install_sh" --help >"$work/help.out" 2>&1 || rc=$?
expect "ops/install --help exit status" 0 "$rc"
grep -q -- "--destdir DIR" "$work/help.out" || fail "ops/install --help: expected a line on --destdir, found: $(head -3 "$work/help.out")"
ok
rc=0; run "$install_sh" --no-such-option >/dev/null 2>&1 || rc=$?
expect "ops/install --no-such-option exit status" 2 "$rc"
rc=0; run "$install_sh" --destdir "$work/never" --bindir "$work/no-bin" >"$work/nobin.out" 2>&1 || rc=$?
expect "ops/install with a --bindir lacking binaries: exit status" 1 "$rc"
expect "ops/install with a --bindir lacking binaries: staging root created" "missing" "$(mode_of "$work/never")"

rc=0; run "$install_sh" --destdir "$stage" --bindir "$bin" >"$work/install1.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "ops/install --destdir: expected exit 0, found $rc: $(cat "$work/install1.out")"
ok
grep -qi "systemctl" "$work/install1.out" && ! grep -q "systemctl not called" "$work/install1.out" &&
  fail "ops/install --destdir: expected no systemctl call, found: $(grep -i systemctl "$work/install1.out")"
ok

expected_tree="./etc d 755
./etc/systemd d 755
./etc/systemd/system d 755
./etc/systemd/system/vrs-client-agent.service f 644
./etc/systemd/system/vrs-server-backup.service f 644
./etc/systemd/system/vrs-server-backup.timer f 644
./etc/systemd/system/vrs-server.service f 644
./usr d 755
./usr/local d 755
./usr/local/bin d 755
./usr/local/bin/vrs-ca f 755
./usr/local/bin/vrs-client f 755
./usr/local/bin/vrs-server f 755
./usr/local/lib d 755
./usr/local/lib/vrs d 755
./usr/local/lib/vrs/vrs-backup-nightly f 755
./var d 755
./var/backups d 755
./var/backups/vrs-server d 700
./var/lib d 755
./var/lib/vrs-agent d 710
./var/lib/vrs-agent/inbox d 3770
./var/lib/vrs-server d 700"
found_tree=$(cd "$stage" && find . -mindepth 1 -printf '%p %y %m\n' | LC_ALL=C sort)
[ "$found_tree" = "$expected_tree" ] ||
  fail "staged files and modes differ: expected (-) found (+):
$(diff <(echo "$expected_tree") <(echo "$found_tree") || true)"
ok
for p in vrs-server vrs-client vrs-ca; do
  cmp -s "$bin/$p" "$stage/usr/local/bin/$p" || fail "$stage/usr/local/bin/$p: expected a copy of $bin/$p, found different bytes"
  ok
done
cmp -s "$backup_sh" "$stage/usr/local/lib/vrs/vrs-backup-nightly" ||
  fail "staged backup script: expected a copy of $backup_sh, found different bytes"
ok
for u in vrs-server.service vrs-server-backup.service vrs-server-backup.timer vrs-client-agent.service; do
  cmp -s "$repo/ops/systemd/$u" "$stage/etc/systemd/system/$u" ||
    fail "staged $u: expected a copy of ops/systemd/$u (prefix /usr/local), found: $(diff "$repo/ops/systemd/$u" "$stage/etc/systemd/system/$u" | head -5)"
  ok
done

# A second run changes nothing, and an existing server directory and its files stay as they are,
# as do the agent's profile and inbox (a file waiting in it, a directory the operator changed).
echo "# the operator's configuration" >"$stage/var/lib/vrs-server/vrs-server.toml"
chmod 640 "$stage/var/lib/vrs-server/vrs-server.toml"
chmod 750 "$stage/var/backups/vrs-server"
echo "ref,base_version,reason" >"$stage/var/lib/vrs-agent/inbox/waiting.withdraw.csv"
chmod 640 "$stage/var/lib/vrs-agent/inbox/waiting.withdraw.csv"
mkdir -m 750 "$stage/var/lib/vrs-agent/inbox/done"
chmod 2770 "$stage/var/lib/vrs-agent/inbox"
before=$(tree_of "$stage")
rc=0; run "$install_sh" --destdir "$stage" --bindir "$bin" >"$work/install2.out" 2>&1 || rc=$?
expect "ops/install second run exit status" 0 "$rc"
after=$(tree_of "$stage")
[ "$before" = "$after" ] || fail "second ops/install run: expected no change, found:
$(diff <(echo "$before") <(echo "$after") || true)"
ok
# A missing inbox is made again, setgid, in the existing profile directory, which is left as
# it was.
rm -rf "$stage/var/lib/vrs-agent/inbox"
chmod 700 "$stage/var/lib/vrs-agent"
rc=0; run "$install_sh" --destdir "$stage" --bindir "$bin" >"$work/install2b.out" 2>&1 || rc=$?
expect "ops/install third run exit status" 0 "$rc"
expect "mode of the inbox made again" 3770 "$(mode_of "$stage/var/lib/vrs-agent/inbox")"
expect "mode of the existing profile directory the operator changed" 700 "$(mode_of "$stage/var/lib/vrs-agent")"

# --prefix is written into the units.
rc=0; run "$install_sh" --destdir "$work/stage-opt" --prefix /opt/vrs --bindir "$bin" >"$work/install3.out" 2>&1 || rc=$?
expect "ops/install --prefix /opt/vrs exit status" 0 "$rc"
expect "ExecStart of vrs-server.service with --prefix /opt/vrs" \
  "ExecStart=/opt/vrs/bin/vrs-server run --config /var/lib/vrs-server/vrs-server.toml" \
  "$(grep '^ExecStart=' "$work/stage-opt/etc/systemd/system/vrs-server.service")"
expect "ExecStart of vrs-server-backup.service with --prefix /opt/vrs" \
  "ExecStart=/opt/vrs/lib/vrs/vrs-backup-nightly" \
  "$(grep '^ExecStart=' "$work/stage-opt/etc/systemd/system/vrs-server-backup.service")"
expect "ExecStart of vrs-client-agent.service with --prefix /opt/vrs" \
  "ExecStart=/opt/vrs/bin/vrs-client agent --home /var/lib/vrs-agent --watch /var/lib/vrs-agent/inbox" \
  "$(grep '^ExecStart=' "$work/stage-opt/etc/systemd/system/vrs-client-agent.service")"
expect "mode of vrs-client-agent.service with --prefix /opt/vrs" 644 \
  "$(mode_of "$work/stage-opt/etc/systemd/system/vrs-client-agent.service")"
expect "lines naming /usr/local/ in vrs-client-agent.service with --prefix /opt/vrs" 0 \
  "$(grep -c '/usr/local/' "$work/stage-opt/etc/systemd/system/vrs-client-agent.service" || true)"
expect "files left under /usr/local with --prefix /opt/vrs" "missing" "$(mode_of "$work/stage-opt/usr/local")"

# Without --destdir and without root: refused before anything is done (only testable as root).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$install_sh" 2>/dev/null; then
  rc=0
  setpriv --reuid=65534 --regid=65534 --clear-groups timeout 60 "$install_sh" --bindir "$bin" >"$work/nonroot.out" 2>&1 || rc=$?
  expect "ops/install as a non-root user without --destdir: exit status" 1 "$rc"
  grep -q "run as root" "$work/nonroot.out" || fail "ops/install as non-root: expected 'run as root', found: $(cat "$work/nonroot.out")"
  ok
else
  echo "ops_service_test: skipped the non-root refusal of ops/install (needs root, setpriv, and the script readable by nobody)"
fi

# --- b. ops/vrs-backup-nightly --------------------------------------------------------------
rc=0; run "$backup_sh" --help >"$work/bhelp.out" 2>&1 || rc=$?
expect "vrs-backup-nightly --help exit status" 0 "$rc"
grep -q -- "--keep N" "$work/bhelp.out" || fail "vrs-backup-nightly --help: expected --keep, found: $(head -3 "$work/bhelp.out")"
ok

run "$bin/vrs-ca" init --dir "$work/ca" >"$work/ca.out" 2>&1 || fail "vrs-ca init: $(cat "$work/ca.out")"
run "$bin/vrs-server" init --dir "$work/srv" --ca-dir "$work/ca" --name 127.0.0.1 --port 0 --metrics-port 0 \
  >"$work/init.out" 2>&1 || fail "vrs-server init: $(cat "$work/init.out")"
bdir=$work/backups
mkdir -m 700 "$bdir"
# Things in the backup directory the script did not make, some named almost like its backups.
echo "operator notes" >"$bdir/notes.txt"
echo "old" >"$bdir/vrs-2020.vrsbak"
echo "copy" >"$bdir/vrs-20250101T000000Z.vrsbak.old"
echo "manifest alone" >"$bdir/vrs-20240101T000000Z.vrsbak.manifest.json"
mkdir "$bdir/vrs-20000101T000000Z.vrsbak"
echo "target" >"$work/link-target"
ln -s "$work/link-target" "$bdir/vrs-19990101T000000Z.vrsbak"
foreign="notes.txt vrs-19990101T000000Z.vrsbak vrs-20000101T000000Z.vrsbak vrs-20240101T000000Z.vrsbak.manifest.json vrs-20250101T000000Z.vrsbak.old vrs-2020.vrsbak"
foreign_sums=$(cd "$bdir" && sha256sum notes.txt vrs-2020.vrsbak vrs-20250101T000000Z.vrsbak.old \
  vrs-20240101T000000Z.vrsbak.manifest.json "$work/link-target")

backup() {  # backup NOW [extra args]: runs the script against the test server, KEEP=2
  local now=$1
  shift
  timeout 120 "$backup_sh" --server "$bin/vrs-server" --config "$work/srv/vrs-server.toml" --dir "$bdir" \
    --now "$now" "$@" >>"$work/backup.log" 2>&1
}
backups_in() {  # the backups and manifests in the backup directory, foreign files left out, sorted
  (cd "$bdir" && for f in vrs-*.vrsbak vrs-*.vrsbak.manifest.json; do
    case " $foreign " in *" $f "*) continue ;; esac
    if [ -e "$f" ]; then echo "$f"; fi
  done | LC_ALL=C sort | tr '\n' ' ')
}
listing() { (cd "$bdir" && find . -mindepth 1 -printf '%p %y %m %s %T@ %l\n' | LC_ALL=C sort); }

rc=0; backup 20260101T000000Z --keep 2 || rc=$?
expect "first backup exit status" 0 "$rc"
rc=0; VRS_BACKUP_KEEP=2 backup 20260102T000000Z || rc=$?
expect "second backup (KEEP from VRS_BACKUP_KEEP) exit status" 0 "$rc"
expect "backups after two runs with KEEP=2" \
  "vrs-20260101T000000Z.vrsbak vrs-20260101T000000Z.vrsbak.manifest.json vrs-20260102T000000Z.vrsbak vrs-20260102T000000Z.vrsbak.manifest.json " \
  "$(backups_in)"
rc=0; backup 20260103T000000Z --keep 2 || rc=$?
expect "third backup exit status" 0 "$rc"
expect "backups after three runs with KEEP=2: the two newest with their manifests" \
  "vrs-20260102T000000Z.vrsbak vrs-20260102T000000Z.vrsbak.manifest.json vrs-20260103T000000Z.vrsbak vrs-20260103T000000Z.vrsbak.manifest.json " \
  "$(backups_in)"
expect "mode of a backup file" 600 "$(mode_of "$bdir/vrs-20260103T000000Z.vrsbak")"

# The clock went back: the backup just written is older by name than the others, and is kept.
rc=0; backup 20251231T000000Z --keep 2 || rc=$?
expect "backup with an earlier time than the newest exit status" 0 "$rc"
expect "backups after a run whose time is older than the others, KEEP=2: the new one and the newest other" \
  "vrs-20251231T000000Z.vrsbak vrs-20251231T000000Z.vrsbak.manifest.json vrs-20260103T000000Z.vrsbak vrs-20260103T000000Z.vrsbak.manifest.json " \
  "$(backups_in)"

# Failures delete nothing and leave nothing.
before=$(listing)
rc=0; timeout 60 "$backup_sh" --server "$bin/vrs-server" --config "$work/no-such.toml" --dir "$bdir" \
  --keep 1 --now 20260104T000000Z >>"$work/backup.log" 2>&1 || rc=$?
expect "backup with a bad --config: exit status" 1 "$rc"
expect "backup dir after a failed backup (bad --config)" "$before" "$(listing)"
rc=0; backup 20260103T000000Z --keep 1 || rc=$?
expect "backup onto an existing name (same second): exit status" 1 "$rc"
expect "backup dir after a failed backup (existing name)" "$before" "$(listing)"
rc=0; backup 20260105T000000Z --keep 0 || rc=$?
expect "KEEP=0: exit status" 2 "$rc"
rc=0; VRS_BACKUP_KEEP=-3 backup 20260105T000000Z || rc=$?
expect "KEEP=-3: exit status" 2 "$rc"
rc=0; backup 2026-01-05 --keep 2 || rc=$?
expect "--now in the wrong form: exit status" 2 "$rc"
expect "backup dir after refused KEEP and --now values" "$before" "$(listing)"

# Everything the script did not make is still there, unchanged.
for f in $foreign; do
  [ -e "$bdir/$f" ] || [ -L "$bdir/$f" ] || fail "foreign $bdir/$f: expected untouched, found deleted"
  ok
done
expect "checksums of the foreign files" "$foreign_sums" "$(cd "$bdir" && sha256sum notes.txt vrs-2020.vrsbak \
  vrs-20250101T000000Z.vrsbak.old vrs-20240101T000000Z.vrsbak.manifest.json "$work/link-target")"
[ -L "$bdir/vrs-19990101T000000Z.vrsbak" ] || fail "the symbolic link named like a backup: expected kept, found gone"
ok
[ -d "$bdir/vrs-20000101T000000Z.vrsbak" ] || fail "the directory named like a backup: expected kept, found gone"
ok

# A kept backup restores into a new server directory.
rc=0; run "$bin/vrs-server" restore --from "$bdir/vrs-20260103T000000Z.vrsbak" --dir "$work/restored" \
  --key-file "$work/srv/vrs.db.key" >"$work/restore.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "restore of the newest kept backup: expected exit 0, found $rc: $(tail -3 "$work/restore.out")"
ok

# --- c. systemd-analyze ---------------------------------------------------------------------
if command -v systemd-analyze >/dev/null; then
  for u in vrs-server.service vrs-server-backup.service vrs-client-agent.service; do
    out=$(timeout 60 systemd-analyze security --offline=true "$repo/ops/systemd/$u" 2>&1) ||
      fail "systemd-analyze security --offline=true ops/systemd/$u: expected exit 0, found: $(echo "$out" | tail -3)"
    line=$(echo "$out" | grep "Overall exposure level for $u:" || true)
    score=$(echo "$line" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    [ -n "$score" ] || fail "systemd-analyze security $u: expected an 'Overall exposure level' line, found: $(echo "$out" | tail -2)"
    awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' ||
      fail "exposure score of $u: expected at most 2.0, found $score ($line)"
    ok
    echo "ops_service_test: $u exposure $score"
  done
  # verify: the staged units, with ExecStart (and VRS_SERVER) on the staged files, and the
  # agent's unit with ExecStart on the built vrs-client itself.
  vdir=$work/verify
  mkdir -p "$vdir"
  for u in vrs-server.service vrs-server-backup.service vrs-server-backup.timer; do
    sed "s|/usr/local/|$stage/usr/local/|g" "$stage/etc/systemd/system/$u" >"$vdir/$u"
  done
  sed "s|^ExecStart=/usr/local/bin/vrs-client |ExecStart=$bin/vrs-client |" \
    "$stage/etc/systemd/system/vrs-client-agent.service" >"$vdir/vrs-client-agent.service"
  expect "ExecStart of the agent's unit to verify" \
    "ExecStart=$bin/vrs-client agent --home /var/lib/vrs-agent --watch /var/lib/vrs-agent/inbox" \
    "$(grep '^ExecStart=' "$vdir/vrs-client-agent.service")"
  rc=0
  out=$(cd "$vdir" && timeout 120 systemd-analyze verify "$vdir/vrs-server.service" "$vdir/vrs-server-backup.service" \
    "$vdir/vrs-server-backup.timer" "$vdir/vrs-client-agent.service" 2>&1) || rc=$?
  ours=$(echo "$out" | grep -E "vrs-server|vrs-client|$vdir" || true)
  if [ "$rc" -ne 0 ] || [ -n "$ours" ]; then
    fail "systemd-analyze verify on the staged units: expected exit 0 and no message about them, found exit $rc: $out"
  fi
  ok
else
  echo "ops_service_test: SKIPPED the systemd-analyze checks: systemd-analyze not found (Debian package systemd provides it)"
fi

echo "ops_service_test: $passed passed, 0 failed"
