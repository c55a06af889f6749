#!/usr/bin/env python3
"""A real SMTP server for Aduan's tests, built on aiosmtpd (scripts/mail/requirements.txt).

One process, listening on 127.0.0.1 only, on up to four ports (0 picks a free one):

  --plain-port           plain SMTP, no TLS, no AUTH (like a relay on the same machine)
  --starttls-port        STARTTLS required, then AUTH (PLAIN and LOGIN) required
  --starttls-login-port  the same, but offering only AUTH LOGIN
  --smtps-port           TLS from the first byte (RFC 8314), AUTH (PLAIN and LOGIN) required

A throwaway CA and a server certificate for localhost, 127.0.0.1 and ::1 are made with openssl at
start in --cert-dir; the CA file to trust is written to the ready file. Every accepted message is
stored byte for byte as received (after the transparency dots are removed) in the maildir:
DIR/new/<name>, with its envelope in DIR/envelope/<name>.json: {"file", "mail_from", "rcpt_tos",
"mail_options", "listener", "tls", "auth_user", "auth_mechanism"}.

--reject-recipient ADDR answers RCPT with 550 5.1.1 (repeatable); --defer-recipient ADDR with 451
4.2.2. When listening, the ready file (JSON: host, the port of each listener, maildir, ca, user,
password, reject, deferred, pid) is written atomically and "ready <file>" printed. The process stops on
SIGTERM or SIGINT, and with --exit-on-stdin-eof when its standard input closes (a test that started
it ends, so does the server); --remove-on-exit DIR deletes DIR then.
"""
import argparse
import asyncio
import ipaddress
import itertools
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

LISTENERS = ("plain", "starttls", "starttls_login", "smtps")


def make_certificates(directory):
    """A CA and a server certificate signed by it; returns (ca, certificate, key) paths."""
    os.makedirs(directory, exist_ok=True)
    ca, ca_key = os.path.join(directory, "ca.pem"), os.path.join(directory, "ca.key")
    cert, key = os.path.join(directory, "server.pem"), os.path.join(directory, "server.key")
    csr, ext = os.path.join(directory, "server.csr"), os.path.join(directory, "server.ext")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def run(*arguments):
        subprocess.run(["openssl", *arguments], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    run("req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "3", "-subj", "/CN=Aduan test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    with open(ext, "w") as file:
        file.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n"
                   "basicConstraints=critical,CA:FALSE\n"
                   "keyUsage=critical,digitalSignature\n"
                   "extendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert,
        "-days", "3", "-extfile", ext)
    return ca, cert, key


class Maildir:
    """Writes each message to tmp/ and renames it into new/, then its envelope beside it."""

    def __init__(self, root):
        self.root = root
        for sub in ("tmp", "new", "cur", "envelope"):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        self.counter = itertools.count(1)

    def store(self, content, record):
        name = f"{time.time_ns()}.P{os.getpid()}Q{next(self.counter)}.aduan-test"
        temporary = os.path.join(self.root, "tmp", name)
        with open(temporary, "wb") as file:
            file.write(content)
        os.rename(temporary, os.path.join(self.root, "new", name))
        record = dict(record, file=f"new/{name}")
        temporary = os.path.join(self.root, "tmp", name + ".json")
        with open(temporary, "w") as file:
            json.dump(record, file)
        os.rename(temporary, os.path.join(self.root, "envelope", name + ".json"))
        return name


class Handler:
    def __init__(self, listener, maildir, reject, defer):
        self.listener = listener
        self.maildir = maildir
        self.reject = reject
        self.defer = defer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in local recipient table"
        if address.lower() in self.defer:
            return f"451 4.2.2 <{address}>: Mailbox temporarily full, try again later"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        name = self.maildir.store(envelope.original_content, {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "listener": self.listener,
            "tls": session.ssl is not None or self.listener == "smtps",
            "auth_user": getattr(session, "aduan_user", None),
            "auth_mechanism": getattr(session, "aduan_mechanism", None),
        })
        return f"250 2.0.0 OK queued as {name}"


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        if ok:
            session.aduan_user = user
            session.aduan_mechanism = mechanism
        return AuthResult(success=ok, handled=False)
    return authenticate


async def serve(options):
    host = ipaddress.ip_address(options.host)
    if not host.is_loopback:
        sys.exit("smtp-server.py listens on loopback addresses only")
    maildir = Maildir(os.path.abspath(options.maildir))
    ca, cert, key = make_certificates(os.path.abspath(options.cert_dir or os.path.join(options.maildir, "..", "smtp-tls")))
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    authenticate = authenticator_for(options.user, options.password)
    reject = {address.lower() for address in options.reject_recipient}
    defer = {address.lower() for address in options.defer_recipient}
    loop = asyncio.get_running_loop()

    def factory(listener):
        common = dict(hostname="localhost", ident="Aduan test SMTP", data_size_limit=options.size_limit, loop=loop)
        handler = Handler(listener, maildir, reject, defer)
        if listener == "plain":
            return SMTP(handler, **common)
        if listener == "smtps":  # already TLS: aiosmtpd cannot see it, so AUTH must not wait for STARTTLS
            return SMTP(handler, auth_required=True, auth_require_tls=False, authenticator=authenticate, **common)
        exclude = ["PLAIN"] if listener == "starttls_login" else []
        return SMTP(handler, tls_context=server_tls, require_starttls=True, auth_required=True,
                    authenticator=authenticate, auth_exclude_mechanism=exclude, **common)

    ports = {}
    servers = []
    for listener in LISTENERS:
        port = getattr(options, f"{listener}_port")
        if port is None:
            continue
        server = await loop.create_server(lambda listener=listener: factory(listener), options.host, port,
                                          ssl=server_tls if listener == "smtps" else None)
        servers.append(server)
        ports[listener] = server.sockets[0].getsockname()[1]

    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if options.exit_on_stdin_eof:
        def watch_stdin():
            while sys.stdin.buffer.read(4096):
                pass
            loop.call_soon_threadsafe(stop.set)
        threading.Thread(target=watch_stdin, daemon=True).start()

    ready = dict(host=options.host, **ports, maildir=maildir.root, ca=ca, user=options.user,
                 password=options.password, reject=sorted(reject), deferred=sorted(defer), pid=os.getpid())
    if options.ready_file:
        temporary = options.ready_file + ".tmp"
        with open(temporary, "w") as file:
            json.dump(ready, file)
        os.rename(temporary, options.ready_file)
    print(f"ready {options.ready_file or json.dumps(ready)}", flush=True)

    await stop.wait()
    for server in servers:
        server.close()
    if options.remove_on_exit:
        shutil.rmtree(options.remove_on_exit, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    for listener in LISTENERS:
        parser.add_argument(f"--{listener.replace('_', '-')}-port", type=int, metavar="PORT")
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert-dir", help="where the throwaway certificates go (default: beside the maildir)")
    parser.add_argument("--user", default="aduan-test@example.test")
    parser.add_argument("--password", default="sandi uji@2026")
    parser.add_argument("--reject-recipient", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--defer-recipient", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--size-limit", type=int, default=33_554_432, help="SIZE offered in EHLO, in bytes")
    parser.add_argument("--ready-file")
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument("--remove-on-exit", metavar="DIR", help="a folder (e.g. holding the maildir) to delete when stopping")
    options = parser.parse_args()
    if not any(getattr(options, f"{listener}_port") is not None for listener in LISTENERS):
        parser.error("give at least one of --plain-port, --starttls-port, --starttls-login-port, --smtps-port")
    # aiosmtpd warns that AUTH without STARTTLS is unsafe; on the smtps port TLS is already there.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    asyncio.run(serve(options))


if __name__ == "__main__":
    main()
