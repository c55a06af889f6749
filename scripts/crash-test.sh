#!/usr/bin/env bash
# Kills the server with SIGKILL again and again while citizens file complaints, then checks that every
# complaint that was acknowledged (201) is there with byte-identical documents, and that the sweep leaves
# no orphan file behind (issue 6: "Nothing acknowledged lost, nothing left behind"). A benchmark-style
# script, not part of the tests: it prints figures; it exits 1 only when something was lost, mismatched
# or left behind.
#
# Usage: scripts/crash-test.sh [--kills N] [--clients N] [--interval SECONDS] [--bin PATH | --release]
#                              [--postgres URL]
#
#   --kills N        SIGKILLs (default 10), one every --interval seconds (default 2), restarting each time
#   --clients N      concurrent submitters (default 20; benchmarks/filing_load.py, which records every 201
#                    with the SHA-256 of each file it sent)
#   --bin PATH       the aduan binary (default: the debug build, built if missing); --release builds release
#   --postgres URL   run on PostgreSQL at URL instead of SQLite (the database is emptied first: a scratch one)
#
# Afterwards the server is started once more, a pengelola's API token is made (aduan user create/token),
# every recorded complaint is fetched through the staff API and its documents compared with what was
# sent; the files in the store that no row refers to are counted, the server is stopped, and
# `aduan sweep --once` runs with ADUAN_ORPHAN_AGE_MINUTES=0 (safe: nothing is filing then) before they are
# counted again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
KILLS=10
CLIENTS=20
INTERVAL=2
BIN=""
BUILD=debug
PG_URL=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kills) KILLS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --release) BUILD=release; shift ;;
    --postgres) PG_URL=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$BIN" ]]; then
  BIN="$(swift build -c "$BUILD" --show-bin-path)/aduan"
  if [[ $BUILD == release || ! -x "$BIN" ]]; then swift build -c "$BUILD" >&2; fi
fi

DATA=$(mktemp -d -t aduan-crash.XXXXXX)
RECORD="$DATA/acknowledged.jsonl"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER_PID=""
LOAD_PID=""
cleanup() {
  [[ -n "$LOAD_PID" ]] && kill "$LOAD_PID" 2>/dev/null || true
  [[ -n "$SERVER_PID" ]] && kill -KILL "$SERVER_PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
# The load comes from one address: the per-address filing limit is off, as the point is the write path.
export ADUAN_DATA_DIR="$DATA/aduan" ADUAN_SWEEP_SECONDS=0 ADUAN_FILING_RATE_PER_HOUR=0 LOG_LEVEL=warning ADUAN_PASSWORD_COST=4
if [[ -n "$PG_URL" ]]; then
  export DATABASE_URL="$PG_URL"
  "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql" "$PG_URL" -q \
    -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
fi

start_server() {
  "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >>"$DATA/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the server did not come up; its log:" >&2; tail -30 "$DATA/server.log" >&2; return 1
}

orphans() { # stored files no attachment row refers to
  python3 - "$ADUAN_DATA_DIR" "${PG_URL:-}" <<'PY'
import os, sqlite3, subprocess, sys
root, url = sys.argv[1], sys.argv[2]
if url:
    psql = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    out = subprocess.run(["/usr/lib/postgresql/%s/bin/psql" % psql, url, "-At", "-c", "SELECT DISTINCT sha256 FROM attachments"],
                         check=True, capture_output=True, text=True).stdout
    referenced = set(out.split())
else:
    db = sqlite3.connect(os.path.join(root, "aduan.sqlite"))
    referenced = {row[0] for row in db.execute("SELECT DISTINCT sha256 FROM attachments")}
files = root + "/files"
stored = [name for folder in os.listdir(files) if len(folder) == 2 for name in os.listdir(os.path.join(files, folder))]
temporary = os.listdir(os.path.join(files, "tmp"))
print(len([h for h in stored if h not in referenced]) + len(temporary))
PY
}

echo "binary: $BIN; database: ${PG_URL:-SQLite in $ADUAN_DATA_DIR}; $CLIENTS submitters; $KILLS SIGKILLs every ${INTERVAL}s"
"$BIN" migrate -y >/dev/null
start_server
python3 benchmarks/filing_load.py load --port "$PORT" --clients "$CLIENTS" --seconds $((KILLS * INTERVAL + INTERVAL)) \
  --record "$RECORD" --tolerate-down >"$DATA/load.json" &
LOAD_PID=$!
for kill_number in $(seq 1 "$KILLS"); do
  sleep "$INTERVAL"
  kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  start_server
done
wait "$LOAD_PID"; LOAD_PID=""

printf 'kata-sandi-crash-test\n' | "$BIN" user create --username crashtest --role pengelola >/dev/null
TOKEN=$("$BIN" user token --username crashtest --name crash-test | tail -1)
RESULT=$(python3 benchmarks/filing_load.py verify --port "$PORT" --token "$TOKEN" --record "$RECORD")
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
BEFORE=$(orphans)
ADUAN_ORPHAN_AGE_MINUTES=0 "$BIN" sweep --once
AFTER=$(orphans)

python3 - "$(cat "$DATA/load.json")" "$RESULT" "$BEFORE" "$AFTER" <<'PY'
import json, sys
load, result = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("submitted: %s answers %s, %d connection errors while the server was down"
      % (sum(load["statuses"].values()), load["statuses"], load["connection_errors"]))
print("acknowledged %d, lost %d, mismatched %d; orphan files before the sweep %s, after %s"
      % (result["acknowledged"], result["lost"], result["mismatched"], sys.argv[3], sys.argv[4]))
PY
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if r["lost"] == 0 and r["mismatched"] == 0 and sys.argv[2] == "0" else 1)' "$RESULT" "$AFTER"
