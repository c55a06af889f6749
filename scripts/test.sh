#!/usr/bin/env bash
# The one test command of Aduan: everything that CI runs, on a fresh Debian 12 machine or a developer's.
#
# Usage: ./scripts/test.sh [--no-postgres] [--no-browser] [--no-swift-tests] [--no-fuzz] [-h|--help]
#
#   (no option)       install what is missing (Debian: chromium, chromium-driver, postgresql; PyPI into
#                     .venv-e2e: e2e/requirements.txt), start a throwaway PostgreSQL on 127.0.0.1, build,
#                     run `swift test` (SQLite always, PostgreSQL through ADUAN_TEST_DATABASE_URL), then the
#                     browser tests (pytest + Selenium + headless Chromium) against the built `aduan`.
#   --no-postgres     quick local loop: Swift tests on SQLite only, no PostgreSQL server
#   --no-browser      quick local loop: no browser tests (and no chromium/venv install)
#   --no-swift-tests  build, but run only the browser tests
#   --no-fuzz         quick local loop: skip the fuzz smoke run (after swift test: ./scripts/fuzz.sh 10,
#                     each document inspector fuzzed for 10 s, about 1.5 min with its build)
#
# Environment: ADUAN_SCREENSHOTS (default .build/e2e-screenshots, emptied each run) receives a PNG of every
# browser step; PYTEST_ARGS adds arguments to pytest (e.g. PYTEST_ARGS="-k nojs -x").
# Exit status: 0 when every step passed; 1 otherwise. PostgreSQL is stopped and its directory removed on
# every exit, Ctrl-C included.
set -euo pipefail
# shellcheck disable=SC2317  # functions below are called through run_step and trap

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WITH_POSTGRES=1
WITH_BROWSER=1
WITH_SWIFT_TESTS=1
WITH_FUZZ=1
ONLY_PG_SMOKE=0
for arg in "$@"; do
  case "$arg" in
    --no-postgres) WITH_POSTGRES=0 ;;
    --no-browser) WITH_BROWSER=0 ;;
    --no-swift-tests) WITH_SWIFT_TESTS=0 ;;
    --no-fuzz) WITH_FUZZ=0 ;;
    --only-postgres-smoke) ONLY_PG_SMOKE=1 ;; # hidden: start, query, stop PostgreSQL, nothing else
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

export DEBIAN_FRONTEND=noninteractive
START_TIME=$SECONDS
LOG_DIR="$(mktemp -d -t aduan-test-logs.XXXXXX)"
PG_DIR=""
PG_PORT=""
PGBIN=""
declare -a SUMMARY=()
FAILED=0

section() { if [[ -t 1 ]]; then printf '\n\033[1m==> %s\033[0m\n' "$*"; else printf '\n==> %s\n' "$*"; fi; }
note() { printf '    %s\n' "$*"; }
record() { # record STEP RESULT SECONDS
  SUMMARY+=("$(printf '%-44s %-8s %5ss' "$1" "$2" "$3")")
  if [[ "$2" == FAILED ]]; then FAILED=1; fi
}

# ----------------------------------------------------------------------------- cleanup

stop_postgres() {
  if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
    if [[ -n "$PGBIN" && -f "$PG_DIR/data/postmaster.pid" ]]; then
      (cd "$PG_DIR" && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop) \
        >/dev/null 2>&1 || {
        # pg_ctl could not stop it: end that server (and only it) by its pid.
        pid="$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
        if [[ -n "$pid" ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
      }
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}

cleanup() {
  local rc=$?
  stop_postgres
  rm -rf "$LOG_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo; echo "interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------------------- installing

APT_UPDATED=0
apt_install() { # apt_install PACKAGE... (only the missing ones are passed in)
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: $* — run as root, or: sudo apt-get install -y $*" >&2
    return 1
  fi
  if [[ $APT_UPDATED -eq 0 ]]; then
    note "apt-get update"
    apt-get update -qq || return 1
    APT_UPDATED=1
  fi
  note "apt-get install $*"
  apt-get install -y -qq "$@" >"$LOG_DIR/apt.log" 2>&1 || {
    tail -40 "$LOG_DIR/apt.log" >&2
    return 1
  }
}

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

find_pgbin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; fi
}

install_system_packages() {
  local missing=()
  if [[ $WITH_POSTGRES -eq 1 ]] && [[ -z "$(find_pgbin)" ]]; then missing+=(postgresql); fi
  if [[ $ONLY_PG_SMOKE -eq 0 ]]; then
    # the mail tests: a real IMAP server (Dovecot, started on loopback by the tests) and Python for aiosmtpd
    have_pkg dovecot-imapd || missing+=(dovecot-imapd)
    command -v openssl >/dev/null || missing+=(openssl)
    command -v python3 >/dev/null || missing+=(python3)
    if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then missing+=(python3-venv); fi
  fi
  if [[ $WITH_BROWSER -eq 1 && $ONLY_PG_SMOKE -eq 0 ]]; then
    { command -v chromium >/dev/null && [[ -x /usr/bin/chromium ]]; } || missing+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
    # fonts for readable screenshots (chromium only recommends them)
    have_pkg fonts-liberation || missing+=(fonts-liberation)
  fi
  if [[ ${#missing[@]} -eq 0 ]]; then
    note "all present"
  else
    apt_install "${missing[@]}"
  fi
}

setup_venv() {
  local venv="$ROOT/.venv-e2e"
  if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$venv"
    note "python3 -m venv .venv-e2e"
    python3 -m venv "$venv"
  fi
  note "pip install -r e2e/requirements.txt -r scripts/mail/requirements.txt"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/e2e/requirements.txt" -r "$ROOT/scripts/mail/requirements.txt"
  "$venv/bin/python" -c 'import selenium, pytest, PIL, aiosmtpd; print("    selenium", selenium.__version__, "| pytest", pytest.__version__, "| pillow", PIL.__version__, "| aiosmtpd", aiosmtpd.__version__)'
}

# ----------------------------------------------------------------------------- PostgreSQL

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
  PGBIN="$(find_pgbin)"
  [[ -n "$PGBIN" ]] || { echo "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin" >&2; return 1; }
  id postgres >/dev/null 2>&1 || { echo "no 'postgres' system user (is the postgresql package installed?)" >&2; return 1; }
  PG_DIR="$(mktemp -d -t aduan-pg.XXXXXX)"
  chown postgres:postgres "$PG_DIR"
  chmod 700 "$PG_DIR"
  note "initdb ($("$PGBIN/postgres" --version)) in $PG_DIR"
  (cd "$PG_DIR" && runuser -u postgres -- "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust \
    -E UTF8 --locale=C.UTF-8) >"$LOG_DIR/initdb.log" 2>&1 || { cat "$LOG_DIR/initdb.log" >&2; return 1; }
  local port tries=0
  for port in $(seq 55432 55531); do
    port_in_use "$port" && continue
    tries=$((tries + 1))
    if (cd "$PG_DIR" && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
         -w -t 30 -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c full_page_writes=off -c max_connections=500" \
         start) >"$LOG_DIR/pg_ctl.log" 2>&1; then
      PG_PORT=$port
      break
    fi
    [[ $tries -ge 5 ]] && break
  done
  if [[ -z "$PG_PORT" ]]; then
    echo "PostgreSQL did not start:" >&2
    cat "$LOG_DIR/pg_ctl.log" "$PG_DIR/server.log" >&2 2>/dev/null || true
    return 1
  fi
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE DATABASE aduan_test" || return 1
  export ADUAN_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/aduan_test"
  note "PostgreSQL listening on 127.0.0.1:$PG_PORT; ADUAN_TEST_DATABASE_URL=$ADUAN_TEST_DATABASE_URL"
}

# ----------------------------------------------------------------------------- steps

run_step() { # run_step NAME COMMAND... — records OK/FAILED and the time taken; never exits
  local name="$1" t0=$SECONDS rc=0
  shift
  "$@" || rc=$?
  if [[ $rc -eq 0 ]]; then record "$name" OK $((SECONDS - t0)); else record "$name" FAILED $((SECONDS - t0)); fi
  return "$rc"
}

swift_build() { swift build --build-tests 2>&1 | tee "$LOG_DIR/swift-build.log"; }

swift_tests() {
  swift test --skip-build 2>&1 | tee "$LOG_DIR/swift-test.log"
}

browser_tests() {
  local bin_dir
  bin_dir="$(swift build --show-bin-path)"
  export ADUAN_BIN="$bin_dir/aduan"
  [[ -x "$ADUAN_BIN" ]] || { echo "the server executable $ADUAN_BIN was not built" >&2; return 1; }
  export ADUAN_SCREENSHOTS="${ADUAN_SCREENSHOTS:-$ROOT/.build/e2e-screenshots}"
  rm -rf "$ADUAN_SCREENSHOTS"
  mkdir -p "$ADUAN_SCREENSHOTS"
  note "ADUAN_BIN=$ADUAN_BIN"
  note "ADUAN_SCREENSHOTS=$ADUAN_SCREENSHOTS"
  local rc=0
  # shellcheck disable=SC2086
  env -u DATABASE_URL "$ROOT/.venv-e2e/bin/python" -m pytest -q --tb=short -p no:cacheprovider ${PYTEST_ARGS:-} "$ROOT/e2e" \
    2>&1 | tee "$LOG_DIR/pytest.log" || rc=$?
  if [[ $rc -eq 5 ]]; then echo "pytest collected no browser test: e2e/ is broken" >&2; fi
  return "$rc"
}

# ----------------------------------------------------------------------------- main

if [[ $ONLY_PG_SMOKE -eq 1 ]]; then
  section "PostgreSQL smoke test (start, create database, query, stop)"
  install_system_packages
  start_postgres
  "$PGBIN/psql" -X -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d aduan_test \
    -c "SELECT 'connected to ' || current_database() || ' as ' || current_user || ', superuser=' || usesuper FROM pg_user WHERE usename = current_user"
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
    -c "CREATE DATABASE aduan_smoke_tmp" -c "DROP DATABASE aduan_smoke_tmp"
  note "CREATE/DROP DATABASE as postgres: OK"
  note "stopping (trap) and removing $PG_DIR"
  exit 0
fi

section "System packages"
run_step "system packages" install_system_packages || true

if [[ ($WITH_BROWSER -eq 1 || $WITH_SWIFT_TESTS -eq 1) && $FAILED -eq 0 ]]; then
  section "Python venv for the browser tests and the mail servers (.venv-e2e)"
  run_step "python venv (.venv-e2e)" setup_venv || true
  # The Swift tests start the SMTP server (aiosmtpd) and Dovecot themselves, with this Python.
  export ADUAN_TEST_PYTHON="$ROOT/.venv-e2e/bin/python"
fi

if [[ $WITH_POSTGRES -eq 1 && $FAILED -eq 0 ]]; then
  section "PostgreSQL on 127.0.0.1 (throwaway)"
  run_step "postgresql start" start_postgres || true
fi

BUILT=0
if [[ $FAILED -eq 0 ]]; then
  section "swift build --build-tests"
  if run_step "swift build --build-tests" swift_build; then BUILT=1; fi
fi

if [[ $BUILT -eq 1 && $WITH_SWIFT_TESTS -eq 1 ]]; then
  if [[ -n "${ADUAN_TEST_DATABASE_URL:-}" ]]; then
    section "swift test (SQLite, and PostgreSQL at 127.0.0.1:$PG_PORT)"
  else
    section "swift test (SQLite only)"
  fi
  run_step "swift test" swift_tests || true
fi

if [[ $BUILT -eq 1 && $WITH_SWIFT_TESTS -eq 1 && $WITH_FUZZ -eq 1 ]]; then
  section "Fuzz smoke (scripts/fuzz.sh 10)"
  run_step "fuzz smoke" ./scripts/fuzz.sh 10 || true
fi

# The Swift tests are done with PostgreSQL: free it before the browser tests.
stop_postgres

if [[ $BUILT -eq 1 && $WITH_BROWSER -eq 1 ]]; then
  section "Browser tests (pytest e2e, headless Chromium)"
  run_step "browser tests (pytest e2e)" browser_tests || true
fi

section "Summary ($(( (SECONDS - START_TIME) / 60 )) min $(( (SECONDS - START_TIME) % 60 )) s)"
for line in "${SUMMARY[@]}"; do echo "    $line"; done
[[ $WITH_POSTGRES -eq 0 ]] && echo "    (PostgreSQL skipped: --no-postgres)"
[[ $WITH_BROWSER -eq 0 ]] && echo "    (browser tests skipped: --no-browser)"
[[ $WITH_SWIFT_TESTS -eq 0 ]] && echo "    (swift test skipped: --no-swift-tests)"
[[ $WITH_FUZZ -eq 0 ]] && echo "    (fuzz smoke skipped: --no-fuzz)"
if [[ -n "${ADUAN_SCREENSHOTS:-}" && -d "${ADUAN_SCREENSHOTS:-}" ]]; then
  echo "    screenshots: $ADUAN_SCREENSHOTS"
fi
if [[ $BUILT -eq 0 && -f "$LOG_DIR/swift-build.log" ]]; then
  echo; echo "swift build failed; its errors:"; grep -E 'error:' "$LOG_DIR/swift-build.log" | head -40 || true
fi

# End with the runners' own closing lines (swift test's, then pytest's).
if [[ -f "$LOG_DIR/swift-test.log" || -f "$LOG_DIR/pytest.log" ]]; then
  echo
  echo "Runner results:"
fi
if [[ -f "$LOG_DIR/swift-test.log" ]]; then
  # XCTest's total (left out when it ran none: the tests may all be Swift Testing), then Swift Testing's
  grep -E "Executed [0-9]+ tests?, with" "$LOG_DIR/swift-test.log" | tail -1 | grep -v "Executed 0 tests" || true
  grep -E "Test run with [0-9]+ tests?" "$LOG_DIR/swift-test.log" | tail -1 || true
fi
if [[ -f "$LOG_DIR/pytest.log" ]]; then
  grep -v '^[[:space:]]*$' "$LOG_DIR/pytest.log" | tail -1
fi

if [[ $FAILED -ne 0 ]]; then exit 1; fi
exit 0
