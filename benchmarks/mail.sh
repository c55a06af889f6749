#!/usr/bin/env bash
# Prints Aduan's e-mail throughput both ways (issue 7): messages delivered per second through a local SMTP
# server, and mails ingested per second from a local Dovecot. A benchmark: prints figures, never fails on
# timing.
#
# Usage: benchmarks/mail.sh [--debug | --bin PATH] [--messages N] [--mails M]
#   (default) swift build -c release and measure with 500 messages out and 300 mails in.
# Needs what scripts/test.sh installs: dovecot-imapd, openssl and .venv-e2e with aiosmtpd.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=release; BIN=""; ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --debug) BUILD=debug; shift ;;
    --bin) BIN=$2; shift 2 ;;
    --messages|--mails) ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$BIN" ]]; then
  if [[ $BUILD == release ]]; then swift build -c release >&2; else swift build >&2; fi
  BIN="$(swift build -c "$BUILD" --show-bin-path)/aduan"
fi
exec "${PYTHON:-.venv-e2e/bin/python}" benchmarks/mail_load.py --bin "$BIN" "${ARGS[@]}"
