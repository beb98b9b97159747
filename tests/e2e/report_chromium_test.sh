#!/usr/bin/env bash
# The HTML report as a browser shows it (docs/reports.md). With the built binaries:
#   1. vrs-client report/analyze refuse bad options with exit 2 before anything is sent;
#   2. `vrs-client report --from-json` renders realistic documents (report_sample: an analyst's
#      and a reporter's) as html, csv and json with mode 0600, and refuses an altered one;
#   3. the HTML loads nothing: no http(s) URL, no script, every href an in-page anchor;
#   4. headless Chromium renders it with no console message, CSP violation, failed load or net
#      error, makes no network request (net log), and the screenshot is a real page.
# Chromium is required: without it the test fails (ops/setup installs it).
#   5. with INTEGRATION_TEST (the analyses integration test binary), the same checks on a report
#      a real server produced: the disclosure test runs against the real server on loopback
#      and writes the bodies it received; the largest regional report is rendered and shown.
# Usage: report_chromium_test.sh BIN_DIR REPORT_SAMPLE WORK_DIR [INTEGRATION_TEST]. Every step
# is bounded.
set -euo pipefail
bin=$1
sample=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
umask 077
fail() { echo "report_chromium_test: FAIL: $*" >&2; exit 1; }
client() { timeout 60 "$bin/vrs-client" "$@"; }

# --- 1. usage errors: exit 2, one line naming the problem ----------------------------------
expect_usage() {
  local expected=$1
  shift
  local rc=0
  client "$@" >"$work/usage.out" 2>"$work/usage.err" || rc=$?
  [ "$rc" -eq 2 ] || fail "vrs-client $* exited $rc, expected 2: $(cat "$work/usage.err")"
  grep -qF -- "$expected" "$work/usage.err" || fail "vrs-client $*: stderr lacks '$expected': $(cat "$work/usage.err")"
}
home=(--home "$work/no-profile")
expect_usage "--region is required" report --period 2025 --format html --out "$work/x.html" "${home[@]}"
expect_usage "--format" report --region all --period 2025 --format pdf --out "$work/x.html" "${home[@]}"
expect_usage "--mode" report --region all --period 2025 --mode boat --format html --out "$work/x.html" "${home[@]}"
expect_usage "--out" report --region all --period 2025 --format html "${home[@]}"
expect_usage "--period \"2025-13\"" report --region all --period 2025-13 --format csv --out "$work/x" "${home[@]}"
expect_usage "the analyses are: totals, trend_monthly" analyze people --region all --period 2025 "${home[@]}"
[ ! -e "$work/x.html" ] && [ ! -e "$work/x" ] || fail "a usage error wrote a file"
client report --help >"$work/help.txt" || fail "report --help"
for word in --from-json --route-country --nationality OBS_STATUS "mode 0600" sha256; do
  grep -qF -- "$word" "$work/help.txt" || fail "report --help does not explain $word"
done

# --- 2. offline rendering of saved documents -----------------------------------------------
"$sample" "$work/analyst.json" || fail "report_sample"
"$sample" "$work/reporter.json" reporter || fail "report_sample reporter"
for who in analyst reporter; do
  client report --from-json "$work/$who.json" --format html --out "$work/$who.html" >"$work/$who.out" 2>"$work/$who.err" ||
    fail "report --from-json $who: $(cat "$work/$who.err")"
  grep -q "^sha256 verified: [0-9a-f]\{64\}$" "$work/$who.err" || fail "no sha256 line: $(cat "$work/$who.err")"
  grep -q "^wrote $work/$who.html$" "$work/$who.err" || fail "no 'wrote' line: $(cat "$work/$who.err")"
  [ "$(stat -c %a "$work/$who.html")" = 600 ] || fail "$who.html is not mode 0600"
done
grep -q "^note: reciprocity: the report holds only your own data" "$work/reporter.err" || fail "no reciprocity note"
client report --from-json "$work/analyst.json" --format csv --out "$work/csv" 2>/dev/null >/dev/null || fail "csv"
[ "$(stat -c %a "$work/csv")" = 700 ] || fail "the csv folder is not mode 0700"
for f in parameters totals trend_monthly trend_quarterly routes route_transits migrants smugglers smuggler_profiles \
         methods documents harm response fees coverage; do
  [ -s "$work/csv/$f.csv" ] || fail "csv/$f.csv missing"
  [ "$(stat -c %a "$work/csv/$f.csv")" = 600 ] || fail "csv/$f.csv is not mode 0600"
done
head -1 "$work/csv/migrants.csv" | grep -q "^nationality,sex,age,migrants,incidents,unaccompanied_children,OBS_STATUS" ||
  fail "migrants.csv header: $(head -1 "$work/csv/migrants.csv")"
grep -q "^SOM,female,child,,,,C" "$work/csv/migrants.csv" || fail "suppressed row of migrants.csv"
client report --from-json "$work/analyst.json" --format json --out "$work/copy.json" 2>/dev/null >/dev/null || fail "json"
cmp -s "$work/analyst.json" "$work/copy.json" || fail "--format json did not keep the document's bytes"
sed 's/"migrants":9876/"migrants":9875/' "$work/analyst.json" >"$work/altered.json"
cmp -s "$work/analyst.json" "$work/altered.json" && fail "the alteration did not apply"
rc=0
client report --from-json "$work/altered.json" --format html --out "$work/altered.html" 2>"$work/altered.err" >/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "an altered report gave exit $rc, expected 1"
grep -q "sha256 mismatch" "$work/altered.err" || fail "altered report: $(cat "$work/altered.err")"
[ ! -e "$work/altered.html" ] || fail "an altered report was rendered"

# --- 2b. a report from the real server --------------------------------------------------------
pages=(analyst reporter)
if [ -n "${4:-}" ]; then
  mkdir -p "$work/dump"
  VRS_TEST_DUMP_DIR="$work/dump" timeout 240 "$4" \
    "disclosure control suppresses small cells and their complements and never lets them be recovered" \
    >"$work/integration.out" 2>&1 || fail "the integration run failed: $(tail -5 "$work/integration.out")"
  real=$(ls -S "$work/dump"/*-regional-*.json 2>/dev/null | head -1 || true)
  [ -n "$real" ] || fail "the integration run wrote no regional report"
  cp "$real" "$work/server.json"
  client report --from-json "$work/server.json" --format html --out "$work/server.html" >/dev/null 2>"$work/server.err" ||
    fail "report --from-json of the server's report: $(cat "$work/server.err")"
  grep -q "^sha256 verified: [0-9a-f]\{64\}$" "$work/server.err" || fail "server report: no sha256 line"
  grep -q '"suppressed":true' "$work/server.json" || fail "the server's report has no suppressed cell to show"
  grep -q 'suppressed' "$work/server.html" || fail "server.html does not mark suppressed cells"
  pages+=(server)
fi

# --- 3. the page loads nothing ---------------------------------------------------------------
for who in "${pages[@]}"; do
  html="$work/$who.html"
  grep -qF "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">" "$html" ||
    fail "$who.html has no strict CSP"
  if grep -Eiq 'https?:|<script|<link|<img|<iframe|<object|<embed|@import|url\(|javascript:' "$html"; then
    fail "$who.html refers to something outside itself: $(grep -Eio '.{30}(https?:|<script|<link|<img|<iframe|<object|<embed|@import|url\(|javascript:).{30}' "$html" | head -3)"
  fi
  if grep -Eo '(src|href|action|xlink:href)="[^"]*"' "$html" | grep -Ev '^href="#[A-Za-z0-9_-]+"$' | grep -q .; then
    fail "$who.html has a non-anchor link: $(grep -Eo '(src|href|action|xlink:href)="[^"]*"' "$html" | grep -Ev '^href="#' | head -3)"
  fi
  if [ "$who" != server ]; then
    grep -q '&lt;b&gt;bold&lt;&#47;b&gt;' "$html" || fail "$who.html does not escape a hostile label"
  fi
  # The small data set of the server run leaves some charts empty; the samples fill them all.
  min_charts=8
  [ "$who" = server ] && min_charts=5
  [ "$(grep -o '<svg ' "$html" | wc -l)" -ge "$min_charts" ] || fail "$who.html has fewer than $min_charts charts"
done
grep -q 'class="banner"' "$work/reporter.html" || fail "no reciprocity banner for the reporter"
grep -q 'whiskers: minimum to maximum' "$work/analyst.html" || fail "no fee whiskers for the analyst"

# --- 4. headless Chromium ----------------------------------------------------------------------
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || fail "chromium is not installed (ops/setup installs it)"
# The browser's own background traffic is switched off so that any request in the net log is
# the page's; the resolver maps every host to nothing, so no request could leave the machine.
chrome_flags=(--headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --no-first-run
  --no-default-browser-check --disable-background-networking --disable-component-update --disable-sync
  --disable-default-apps --disable-extensions --disable-domain-reliability --disable-breakpad
  --disable-client-side-phishing-detection --metrics-recording-only
  --disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication
  --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$work/chrome-profile" --window-size=1280,4000)
# Requests made for a page carry its origin as initiator ("null" for file://); the browser's
# own (update checks, sign-in) say "not an origin".
page_requests() {
  grep -F '"initiator":' "$1" | grep -Fv '"initiator":"not an origin"' | grep -Eo '"url":"[^"]*"' | grep -Fv '"url":"file://' || true
}
console_errors() {
  grep -Ei 'CONSOLE|Content Security Policy|Refused to|Failed to load|net::ERR_|Uncaught' "$1" || true
}

# Controls: the checks below do see a CSP violation and a page's request in this Chromium.
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="%s"></head><body><img src="http://vrs-test.invalid/x.png"></body></html>' \
  "default-src 'none'; img-src data:" >"$work/control-csp.html"
printf '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><img src="http://vrs-test.invalid/x.png"></body></html>' \
  >"$work/control-request.html"
HOME="$work" timeout 60 "$chrome" "${chrome_flags[@]}" --screenshot="$work/control-csp.png" "file://$work/control-csp.html" \
  >/dev/null 2>"$work/control-csp.log" || fail "chromium control run: $(tail -5 "$work/control-csp.log")"
[ -n "$(console_errors "$work/control-csp.log")" ] || fail "control: a CSP violation was not seen in Chromium's log"
HOME="$work" timeout 60 "$chrome" "${chrome_flags[@]}" --log-net-log="$work/control-net.json" \
  --screenshot="$work/control-request.png" "file://$work/control-request.html" >/dev/null 2>"$work/control-request.log" ||
  fail "chromium control run: $(tail -5 "$work/control-request.log")"
page_requests "$work/control-net.json" | grep -qF 'vrs-test.invalid' || fail "control: a page's request was not seen in the net log"

for who in "${pages[@]}"; do
  url="file://$work/$who.html"
  rc=0
  HOME="$work" timeout 60 "$chrome" "${chrome_flags[@]}" --log-net-log="$work/$who-net.json" \
    --screenshot="$work/$who.png" "$url" >"$work/$who-chrome.out" 2>"$work/$who-chrome.log" || rc=$?
  [ "$rc" -eq 0 ] || fail "chromium exited $rc: $(tail -5 "$work/$who-chrome.log")"
  errors=$(console_errors "$work/$who-chrome.log")
  [ -z "$errors" ] || fail "chromium reported an error for $who.html: $(head -5 <<<"$errors")"
  [ -s "$work/$who-net.json" ] || fail "chromium wrote no net log"
  requests=$(page_requests "$work/$who-net.json")
  [ -z "$requests" ] || fail "$who.html made a network request: $(head -3 <<<"$requests")"
  png="$work/$who.png"
  [ -s "$png" ] || fail "no screenshot of $who.html"
  size=$(stat -c %s "$png")
  [ "$size" -gt 60000 ] || fail "the screenshot of $who.html is only $size bytes: a blank page?"
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
  width=$((16#$(od -An -tx1 -j16 -N4 "$png" | tr -d ' \n')))
  height=$((16#$(od -An -tx1 -j20 -N4 "$png" | tr -d ' \n')))
  [ "$width" -ge 1000 ] && [ "$height" -ge 3000 ] || fail "screenshot of $who.html is ${width}x${height}"

  # The DOM as parsed: every section, its charts and the footer made it through.
  HOME="$work" timeout 60 "$chrome" "${chrome_flags[@]}" --dump-dom "$url" >"$work/$who-dom.html" 2>"$work/$who-dom.log" ||
    fail "chromium --dump-dom failed: $(tail -5 "$work/$who-dom.log")"
  for id in s-totals s-trend_monthly s-routes s-migrants s-fees s-coverage s-notes; do
    grep -q "id=\"$id\"" "$work/$who-dom.html" || fail "the DOM of $who.html lacks #$id"
  done
  min_charts=8
  [ "$who" = server ] && min_charts=5
  [ "$(grep -o '<svg ' "$work/$who-dom.html" | wc -l)" -ge "$min_charts" ] || fail "the DOM of $who.html lacks charts"
  grep -q 'SHA-256 of the report data: <code>[0-9a-f]\{64\}</code>' "$work/$who-dom.html" || fail "no SHA-256 footer"
done
echo "report_chromium_test: ok (screenshots: ${pages[*]/#/$work/}.png)"
