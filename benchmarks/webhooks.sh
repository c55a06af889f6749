#!/usr/bin/env bash
# Prints how many signed WhatsApp webhook posts Aduan acknowledges per second, and checks that the
# messages they carry are processed exactly once however often each is delivered (issue 8). A benchmark:
# prints figures, never fails on timing.
#
# Usage: benchmarks/webhooks.sh [--debug | --bin PATH] [--messages N] [--repeat R] [--clients C]
#   (default) swift build -c release; 1000 messages, each posted 3 times, by 16 clients.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=release; BIN=""; ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --debug) BUILD=debug; shift ;;
    --bin) BIN=$2; shift 2 ;;
    --messages|--repeat|--clients) ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$BIN" ]]; then
  if [[ $BUILD == release ]]; then swift build -c release >&2; else swift build >&2; fi
  BIN="$(swift build -c "$BUILD" --show-bin-path)/aduan"
fi
exec "${PYTHON:-python3}" benchmarks/webhook_load.py --bin "$BIN" "${ARGS[@]}"
