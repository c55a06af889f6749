#!/usr/bin/env bash
# Prints how fast the officers' queue pages through many complaints (issue: "paging that stays fast with
# a million complaints"). A benchmark: it prints figures and never fails on timing.
#
# Usage: benchmarks/queue-paging.sh [COMPLAINTS] [ADUAN_BIN]     (default 1000000, .build/release/aduan
#        if built, else .build/debug/aduan). Needs sqlite3 and curl; runs on 127.0.0.1 only.
#
# The complaints are written straight into a fresh SQLite database by SQL (filing a million through the
# API would take hours); they carry what the queue reads: status, deadlines, queue key, service, unit,
# phone, NIK and description. Then the staff API is asked for the first page, for pages deep in the
# queue by following the cursor, and for filtered and searched pages; each request is timed by curl.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
COUNT=${1:-1000000}
BIN=${2:-}
if [[ -z "$BIN" ]]; then
  if [[ -x .build/release/aduan ]]; then BIN=.build/release/aduan; else BIN=.build/debug/aduan; fi
fi
DATA=$(mktemp -d -t aduan-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT
export ADUAN_DATA_DIR="$DATA" ADUAN_SWEEP_SECONDS=0 LOG_LEVEL=warning

echo "binary: $BIN"
"$BIN" migrate -y >/dev/null
printf 'kata-sandi-benchmark\n' | "$BIN" user create --username bench --role pengelola >/dev/null
TOKEN=$("$BIN" user token --username bench --name benchmark | tail -1)

echo "writing $COUNT complaints into SQLite…"
start=$(date +%s.%N)
sqlite3 "$DATA/aduan.sqlite" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $COUNT)
INSERT INTO complaints (id, tracking_code, status, channel, service_code, classification, description, reporter_name,
  nik, kk_number, phone, email, confidential, consent_at, consent_version, received_at, first_response_due_at,
  first_responded_at, resolution_days, resolution_due_at, paused_since, updated_at, unit_code, queue_due_at)
SELECT printf('%08X-0000-4000-8000-%012X', i, i), printf('B%013d', i),
  CASE i % 10 WHEN 6 THEN 'in_progress' WHEN 7 THEN 'in_progress' WHEN 8 THEN 'needs_info' WHEN 9 THEN 'closed' ELSE 'received' END,
  CASE i % 3 WHEN 0 THEN 'web' WHEN 1 THEN 'whatsapp' ELSE 'lapor' END,
  CASE i % 4 WHEN 0 THEN 'kk' WHEN 1 THEN 'ktp_el' WHEN 2 THEN 'akta_kelahiran' ELSE 'pindah' END,
  'pengaduan', 'Keluhan nomor ' || i || ' tentang dokumen kependudukan yang belum selesai', 'Warga ' || i,
  printf('131005%06d%04d', 10190 + (i % 28), 1 + i % 9999), printf('131005%010d', i), printf('62812%08d', i), NULL, 0,
  1790000000 + i * 5, '2026-11', 1790000000 + i * 5, 1790000000 + i * 5 + 86400,
  CASE WHEN i % 10 IN (6, 7) THEN 1790000000 + i * 5 + 3600 END, 5,
  1790000000 + i * 5 + 7 * 86400, CASE WHEN i % 10 = 8 THEN 1790000000 + i * 5 + 7200 END, 1790000000 + i * 5,
  CASE i % 5 WHEN 0 THEN 'dafduk' WHEN 1 THEN 'capil' END,
  CASE i % 10 WHEN 8 THEN 253402300799 WHEN 9 THEN 253402300799
    WHEN 6 THEN 1790000000 + i * 5 + 7 * 86400 WHEN 7 THEN 1790000000 + i * 5 + 7 * 86400
    ELSE 1790000000 + i * 5 + 86400 END
FROM n;
COMMIT;
ANALYZE;
SQL
printf 'written in %.1f s; database %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$(du -h "$DATA/aduan.sqlite" | cut -f1)"

"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

BASE="http://127.0.0.1:$PORT/api/v1/staff/complaints"
timed() { # timed LABEL QUERY → prints the time and remembers the body in $BODY
  local out; out=$(mktemp)
  local t; t=$(curl -s -o "$out" -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$BASE$2")
  BODY=$(cat "$out"); rm -f "$out"
  printf '%-44s %7.1f ms  (%s items)\n' "$1" "$(echo "$t * 1000" | bc)" "$(grep -o '"tracking_code"' <<<"$BODY" | wc -l)"
}
cursor() { python3 -c 'import json,sys; print(json.load(sys.stdin).get("next_cursor") or "")' <<<"$BODY"; }

echo
echo "queue of $COUNT complaints, 50 a page (staff API, $BIN):"
timed "first page" "?limit=50"
next=$(cursor)
for page in 2 3 4 5; do timed "page $page (cursor)" "?limit=50&cursor=$next"; next=$(cursor); done
timed "unit dafduk, first page" "?unit=dafduk&limit=50"
timed "service kk, overdue" "?service=kk&sla=overdue&limit=50"
timed "status needs_info" "?status=needs_info&limit=50"
MID=$((COUNT / 2))
DIGITS=$(printf '%08d' "$MID")
timed "search: phone in another notation" "?q=0812-${DIGITS:0:4}-${DIGITS:4:4}&limit=50"
timed "search: NIK" "?q=$(printf '131005%06d%04d' $((10190 + MID % 28)) $((1 + MID % 9999)))&limit=50"
timed "search: words of the description (no index)" "?q=nomor%20$MID%20tentang&limit=50"
