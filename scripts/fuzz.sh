#!/usr/bin/env bash
# Coverage-guided fuzzing of the document inspectors, the MIME and IMAP parsers and the chat webhook
# parsers (libFuzzer + AddressSanitizer).
#
# Usage: ./scripts/fuzz.sh [SECONDS] [TARGET...]
#
#   SECONDS  how long each target runs (default 60)
#   TARGET   any of: jpeg png tiff heif pdf recognise mime imap chat (default: all)
#
# The sources of Sources/AduanCore/Documents (Foundation only) are compiled once by
# `swiftc -sanitize=fuzzer,address` into a static module AduanDocuments, those of the inbound-mail
# parser (Sources/AduanCore/Mail/Inbound*.swift) into AduanMail, the IMAP response parser
# (Sources/AduanCore/Mail/IMAP*.swift) into AduanIMAP, the WhatsApp and Messenger webhook parsers (the
# files named in sources_of, not all of Sources/AduanCore/Chat, whose conversation rules need more of
# AduanCore) into AduanChat; each target in
# fuzz/targets/<name>.swift is linked against its module into .build-fuzz/<name>, starts from the committed
# seeds in fuzz/corpus/<name>/ (new inputs it finds go to .build-fuzz/corpus/<name>/, not into git), and
# saves any crashing input to .build-fuzz/crashes/<name>/. Exit status: 0 when no target crashed, 1 otherwise.
# Turn a crash into a regression test in Tests/AduanCoreTests/Documents/ (or .../Mail/, .../Chat/) before fixing it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECONDS_PER_TARGET="${1:-60}"
shift || true
[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || { echo "SECONDS must be a whole number (see the header of $0)" >&2; exit 2; }
ALL=(jpeg png tiff heif pdf recognise mime imap chat)
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=("${ALL[@]}")

OUT="$ROOT/.build-fuzz"
mkdir -p "$OUT"
SWIFTC="${SWIFTC:-swiftc}"
# A photo or PDF is at most ADUAN_MAX_FILE_MB, but the parsers' logic is the same at any size:
# small inputs keep the runs fast and let the fuzzer explore structure instead of bulk.
MAX_LEN=16384

quiet() { grep -v "Cannot export local symbol" || true; } # ld.gold's harmless ASan notes

# The module a target links against, and that module's sources.
module_of() {
  case "$1" in
    mime) echo AduanMail ;;
    imap) echo AduanIMAP ;;
    chat) echo AduanChat ;;
    *) echo AduanDocuments ;;
  esac
}
sources_of() {
  case "$1" in
    AduanMail) ls "$ROOT"/Sources/AduanCore/Mail/Inbound*.swift ;;
    AduanIMAP) ls "$ROOT"/Sources/AduanCore/Mail/IMAP*.swift ;;
    # The parsers, the events they produce, and what those name (channels, and for MessageChannel the
    # complaint's actions and statuses).
    AduanChat) ls "$ROOT"/Sources/AduanCore/Chat/{ChatEvents,ChatWebhookLimits,WhatsAppWebhook,MessengerWebhook}.swift \
      "$ROOT"/Sources/AduanCore/{ComplaintChannel,ComplaintAction,ComplaintStatus}.swift "$ROOT"/Sources/AduanCore/Messaging/CitizenMessageKind.swift ;;
    *) ls "$ROOT"/Sources/AduanCore/Documents/*.swift ;;
  esac
}

build_module() {
  local module="$1" lib="$OUT/lib/$1"
  local sources
  mapfile -t sources < <(sources_of "$module")
  if [[ ! -f "$lib/lib$module.a" || -n "$(find "${sources[@]}" -newer "$lib/lib$module.a")" ]]; then
    echo "==> building $module (sanitized)"
    rm -rf "$lib" && mkdir -p "$lib"
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g -enable-testing -module-name "$module" \
      -emit-library -static -emit-module -emit-module-path "$lib/$module.swiftmodule" \
      "${sources[@]}" -o "$lib/lib$module.a" 2>&1 | quiet
    [[ -f "$lib/lib$module.a" ]] || { echo "build of $module failed" >&2; exit 1; }
  fi
}

crashed=()
for t in "${TARGETS[@]}"; do
  entry="$ROOT/fuzz/targets/$t.swift"
  [[ -f "$entry" ]] || { echo "unknown target: $t" >&2; exit 2; }
  module="$(module_of "$t")"
  build_module "$module"
  LIB="$OUT/lib/$module"
  bin="$OUT/$t"
  if [[ ! -x "$bin" || "$entry" -nt "$bin" || "$LIB/lib$module.a" -nt "$bin" ]]; then
    echo "==> building $t"
    rm -f "$bin"
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g -I "$LIB" -L "$LIB" "-l$module" \
      "$entry" -o "$bin" 2>&1 | quiet
    [[ -x "$bin" ]] || { echo "build of $t failed" >&2; exit 1; }
  fi
  mkdir -p "$OUT/corpus/$t" "$OUT/crashes/$t"
  echo "==> fuzzing $t for ${SECONDS_PER_TARGET}s"
  rc=0
  "$bin" "$OUT/corpus/$t" "$ROOT/fuzz/corpus/$t" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len="$MAX_LEN" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$OUT/crashes/$t/" -print_final_stats=1 \
    >"$OUT/$t.log" 2>&1 || rc=$?
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$OUT/$t.log" | sed 's/^/    /' || true
  if [[ $rc -ne 0 ]]; then
    echo "    CRASH in $t (exit $rc); input in .build-fuzz/crashes/$t/, log .build-fuzz/$t.log:"
    grep -E "ERROR|Fatal error|SUMMARY|Test unit written" "$OUT/$t.log" | head -5 | sed 's/^/    /'
    crashed+=("$t")
  fi
done

if [[ ${#crashed[@]} -gt 0 ]]; then
  echo "fuzz: crashes in: ${crashed[*]}"
  exit 1
fi
echo "fuzz: ${#TARGETS[@]} targets, ${SECONDS_PER_TARGET}s each, no crash"
