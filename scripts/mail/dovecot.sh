#!/usr/bin/env bash
# A throwaway Dovecot (Debian's dovecot-imapd) for the IMAP tests, entirely inside one folder.
#
# Usage:
#   scripts/mail/dovecot.sh start DIR PORT_PLAIN PORT_TLS [OWNER_PID]
#   scripts/mail/dovecot.sh stop DIR
#
# start  writes DIR/dovecot.conf (its own config: /etc/dovecot is never read), a self-signed
#        certificate for 127.0.0.1 and localhost (DIR/ca.pem, which is also the server's certificate),
#        a passwd-file with one test user and a maildir under DIR/mail; listens on 127.0.0.1 only: imap
#        (plain and STARTTLS, plaintext login allowed) on PORT_PLAIN and imaps on PORT_TLS. It waits until
#        both ports answer with a greeting, then prints the variables the tests read, as `export` lines:
#          eval "$(scripts/mail/dovecot.sh start "$D" 10143 10993)"
#        With OWNER_PID, a watcher stops this Dovecot and removes DIR once that process has ended (the
#        tests do this when they start Dovecot themselves).
# stop   stops the Dovecot of DIR (DIR is left for its log, DIR/dovecot.log).
#
# Works as root (CI: the mail processes run as the system user `mail`) and as any other user (every
# process runs as that user). Requires dovecot-imapd and openssl.
# The test user and password can be chosen with DOVECOT_TEST_USER / DOVECOT_TEST_PASSWORD; the default
# password has a space, a quote and a backslash, so the client's quoting is exercised.
set -euo pipefail

# A caller may hand its children signals blocked (Foundation's Process on Linux does): Dovecot's
# processes would then never end on SIGTERM. Start again with every signal unblocked (perl-base is
# part of every Debian system).
if [[ -z "${ADUAN_DOVECOT_SIGNALS_RESET:-}" ]] && grep -q '^SigBlk:.*[1-9a-f]' /proc/self/status 2>/dev/null; then
  export ADUAN_DOVECOT_SIGNALS_RESET=1
  exec perl -MPOSIX -e 'sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die "sigprocmask: $!"; exec @ARGV or die "exec: $!"' -- "$0" "$@"
fi

usage() { sed -n "2,21p" "$0" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
cmd="$1"; DIR="$2"

stop() {
  local pidfile="$DIR/run/master.pid"
  [[ -f "$pidfile" ]] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

greets() { # PORT [tls]: true when an IMAP greeting comes from 127.0.0.1:PORT
  # SIGKILL: a caller may have left SIGTERM ignored for its children (timeout's default would not end them).
  local out
  if [[ "${2:-}" == tls ]]; then
    out="$(sleep 0.5 | timeout -s KILL 3 openssl s_client -connect "127.0.0.1:$1" 2>/dev/null || true)"
  else
    out="$(timeout -s KILL 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && head -c 4 <&3" 2>/dev/null || true)"
  fi
  [[ "$out" == *"* OK"* ]]
}

case "$cmd" in
  stop) stop; exit 0 ;;
  start) ;;
  *) usage ;;
esac

[[ $# -ge 4 ]] || usage
PORT_PLAIN="$3"; PORT_TLS="$4"; OWNER="${5:-}"
command -v dovecot >/dev/null || { echo "dovecot not found: apt-get install -y dovecot-imapd" >&2; exit 1; }
command -v openssl >/dev/null || { echo "openssl not found: apt-get install -y openssl" >&2; exit 1; }
TEST_USER="${DOVECOT_TEST_USER:-aduan}"
TEST_PASSWORD="${DOVECOT_TEST_PASSWORD:-uji \"rahasia\" \\ 2026}"

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
stop # a Dovecot left over in the same folder
mkdir -p "$DIR/run" "$DIR/state" "$DIR/mail"

if [[ "$(id -u)" == 0 ]]; then
  # Dovecot refuses root for mail access: the system's `mail` user owns the maildir.
  MAIL_USER=mail; MAIL_GROUP=mail
  INTERNAL_USER=dovecot; LOGIN_USER=dovenull; CHROOT=""
  id dovecot >/dev/null 2>&1 || INTERNAL_USER=mail
  id dovenull >/dev/null 2>&1 || LOGIN_USER=mail
else
  MAIL_USER="$(id -un)"; MAIL_GROUP="$(id -gn)"
  INTERNAL_USER="$MAIL_USER"; LOGIN_USER="$MAIL_USER"; CHROOT="chroot ="
fi
MAIL_UID="$(id -u "$MAIL_USER")"

if [[ ! -f "$DIR/ca.pem" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext "basicConstraints=critical,CA:TRUE" \
    -keyout "$DIR/key.pem" -out "$DIR/ca.pem" 2>/dev/null
fi
printf '%s:{PLAIN}%s::::::\n' "$TEST_USER" "$TEST_PASSWORD" > "$DIR/users"
chmod 0644 "$DIR/users" "$DIR/ca.pem"
chmod 0600 "$DIR/key.pem"
chmod 0755 "$DIR"
chown -R "$MAIL_USER:$MAIL_GROUP" "$DIR/mail"

cat > "$DIR/dovecot.conf" <<EOF
# Written by scripts/mail/dovecot.sh: a test Dovecot on loopback only.
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $DIR/dovecot.log
instance_name = aduan-test-$PORT_PLAIN
protocols = imap
listen = 127.0.0.1
default_internal_user = $INTERNAL_USER
default_login_user = $LOGIN_USER
first_valid_uid = $MAIL_UID
mail_uid = $MAIL_USER
mail_gid = $MAIL_GROUP
mail_location = maildir:$DIR/mail/%u
namespace inbox {
  inbox = yes
  separator = .
}
ssl = yes
ssl_cert = <$DIR/ca.pem
ssl_key = <$DIR/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = static
  args = uid=$MAIL_USER gid=$MAIL_GROUP home=$DIR/mail/%u
}
service imap-login {
  $CHROOT
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT_PLAIN
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $PORT_TLS
    ssl = yes
  }
}
service anvil {
  $CHROOT
}
service stats {
  inet_listener http {
    port = 0
  }
}
protocol imap {
  mail_max_userip_connections = 1000
}
EOF

dovecot -c "$DIR/dovecot.conf"
for _ in $(seq 1 50); do
  if greets "$PORT_PLAIN" && greets "$PORT_TLS" tls; then
    ready=1; break
  fi
  sleep 0.1
done
if [[ -z "${ready:-}" ]]; then
  echo "dovecot did not start listening on 127.0.0.1:$PORT_PLAIN/$PORT_TLS; its log:" >&2
  tail -20 "$DIR/dovecot.log" >&2 || true
  stop
  exit 1
fi

if [[ -n "$OWNER" ]]; then
  # Detached from the caller's output, so that a caller reading our stdout sees its end now.
  nohup bash -c "while kill -0 $OWNER 2>/dev/null; do sleep 1; done; '$0' stop '$DIR' && rm -rf '$DIR'" >/dev/null 2>&1 &
fi

q() { printf "%q" "$1"; }
echo "export ADUAN_TEST_IMAP_PORT=$PORT_PLAIN"
echo "export ADUAN_TEST_IMAPS_PORT=$PORT_TLS"
echo "export ADUAN_TEST_IMAP_USER=$(q "$TEST_USER")"
echo "export ADUAN_TEST_IMAP_PASSWORD=$(q "$TEST_PASSWORD")"
echo "export ADUAN_TEST_IMAP_CA=$(q "$DIR/ca.pem")"
