#!/usr/bin/env bash
# Prints how many complaints Aduan accepts per second when many citizens file at once (issue 6: "Writes
# that never collide"). A benchmark: it prints figures and never fails on timing.
#
# Usage: benchmarks/filings.sh [--seconds N] [--clients "8 32 64"] [--debug | --bin PATH]
#                              [--postgres URL | --start-postgres]
#
#   (default)          swift build -c release, then measure on a fresh SQLite data folder
#   --debug            use the debug build (swift build) instead — quick checks of the script itself
#   --bin PATH         use this aduan binary, build nothing
#   --postgres URL     also measure on PostgreSQL at URL (the database is emptied first: use a scratch one)
#   --start-postgres   also measure on a throwaway PostgreSQL started here (needs /usr/lib/postgresql/*/bin
#                      and the postgres user; stopped and removed at the end)
#   --seconds N        seconds per measurement (default 20); --clients "LIST" (default "8 32 64")
#
# Each measurement starts the server on 127.0.0.1, lets N clients (benchmarks/filing_load.py: threads,
# one connection each) file complaints with a KK photo, a KTP photo and a PDF for the given time, and
# prints accepted/s, the number of 500s, other non-201 answers, and p50/p95 latency.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_EACH=20
CLIENTS="8 32 64"
BUILD=release
BIN=""
PG_URL=""
START_PG=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --debug) BUILD=debug; shift ;;
    --bin) BIN=$2; shift 2 ;;
    --postgres) PG_URL=$2; shift 2 ;;
    --start-postgres) START_PG=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$BIN" ]]; then
  if [[ $BUILD == release ]]; then swift build -c release >&2; else swift build >&2; fi
  BIN="$(swift build -c "$BUILD" --show-bin-path)/aduan"
fi
WORK=$(mktemp -d -t aduan-filings.XXXXXX)
SERVER_PID=""
PG_DIR=""
PGBIN=""
stop_server() { if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
cleanup() {
  stop_server
  if [[ -n "$PG_DIR" ]]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [[ $START_PG -eq 1 ]]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  PG_DIR=$(mktemp -d -t aduan-filings-pg.XXXXXX); chown postgres:postgres "$PG_DIR"
  PG_PORT=$(free_port)
  (cd "$PG_DIR" && runuser -u postgres -- "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust >/dev/null)
  (cd "$PG_DIR" && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
     -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" start >/dev/null)
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
fi

measure() { # measure LABEL [DATABASE_URL]
  local label=$1 url=${2:-}
  echo "$label ($BIN, $SECONDS_EACH s each):"
  printf '  %8s %12s %9s %10s %9s %9s\n' clients accepted/s "500s" "other≠201" p50_ms p95_ms
  for clients in $CLIENTS; do
    local data="$WORK/data-$label-$clients" port
    mkdir -p "$data"
    port=$(free_port)
    if [[ -n "$url" ]]; then
      # A fresh schema for each run, so every measurement starts from the same empty database.
      "${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}/psql" "$url" -q \
        -c "SET client_min_messages = warning" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null 2>&1 || true
    fi
    # All the load comes from one address: the per-address filing limit is off, the write path is measured.
    env ADUAN_DATA_DIR="$data" ADUAN_SWEEP_SECONDS=0 ADUAN_FILING_RATE_PER_HOUR=0 LOG_LEVEL=warning ${url:+DATABASE_URL=$url} \
      "$BIN" serve --hostname 127.0.0.1 --port "$port" >"$data/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
    local line
    line=$(python3 benchmarks/filing_load.py load --port "$port" --clients "$clients" --seconds "$SECONDS_EACH")
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("  %8d %12.1f %9d %10d %9s %9s" % (r["clients"], r["accepted_per_second"], r["status_500"], r["other_non_201"] + r["connection_errors"], r["p50_ms"], r["p95_ms"]))' "$line"
    stop_server
  done
}

measure sqlite
if [[ -n "$PG_URL" ]]; then measure postgresql "$PG_URL"; fi
