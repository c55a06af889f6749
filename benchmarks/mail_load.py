#!/usr/bin/env python3
"""Times Aduan's e-mail both ways (issue 7): messages delivered per second through a local SMTP server
(aiosmtpd, scripts/mail/smtp-server.py), and mails ingested per second from a local Dovecot
(scripts/mail/dovecot.sh). Prints figures; never fails on timing.

Usage: benchmarks/mail_load.py --bin PATH [--messages N] [--mails M] [--python PY]

Outbound: N complaints with an e-mail are filed over HTTP while the workers are off (each queues its
receipt), then `aduan jobs --once` delivers them; the time of that command is measured.
Inbound: M new mails (each with a small JPEG) are appended to a fresh Dovecot mailbox, then
`aduan jobs --once` with ADUAN_IMAP_URL fetches and files them (no SMTP: no receipts); timed likewise.
"""
import argparse, base64, imaplib, json, os, socket, subprocess, sys, tempfile, time, urllib.request, uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jpeg():
    # A tiny valid JPEG (8x8 grey), made once with Pillow and inlined.
    return base64.b64decode(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/"
        "wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==")


def multipart(fields, files):
    boundary = "----aduan" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    for name, (filename, data) in files.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def nik(i):
    return f"13100545079{i % 100000:05d}"[:16].ljust(16, "1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--messages", type=int, default=500)
    ap.add_argument("--mails", type=int, default=300)
    ap.add_argument("--python", default=str(ROOT / ".venv-e2e/bin/python"))
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aduan-mail-bench."))
    work.chmod(0o755)  # Dovecot's own users must reach its folder inside
    procs = []
    try:
        # --- SMTP server
        ready = work / "smtp.json"
        smtp = subprocess.Popen([a.python, str(ROOT / "scripts/mail/smtp-server.py"), "--plain-port", "0", "--maildir", str(work / "maildir"),
                                 "--ready-file", str(ready)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(smtp)
        for _ in range(200):
            if ready.exists() and ready.stat().st_size > 0:
                break
            time.sleep(0.1)
        info = json.loads(ready.read_text())
        smtp_url = f"smtp://{info['host']}:{info['plain']}"

        # --- outbound: queue N receipts
        data = work / "data"
        port = free_port()
        env = dict(os.environ, ADUAN_DATA_DIR=str(data), ADUAN_JOBS="off", ADUAN_FILING_RATE_PER_HOUR="0", ADUAN_SWEEP_SECONDS="0",
                   ADUAN_SMTP_URL=smtp_url, ADUAN_MAIL_FROM='"Disdukcapil Dharmasraya" <pengaduan@dharmasrayakab.go.id>', LOG_LEVEL="warning")
        env.pop("DATABASE_URL", None)
        server = subprocess.Popen([a.bin, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(server)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        photo = jpeg()
        for i in range(a.messages):
            body, ctype = multipart({"name": "Warga Uji", "nik": "1310054507900001", "kk_number": "1310050101090002",
                                     "phone": "081234567890", "email": f"warga{i}@example.com", "service": "ktp_el",
                                     "classification": "pengaduan", "description": "KTP-el saya belum dicetak sejak tiga bulan.",
                                     "consent": "true"},
                                    {"kk_photo": ("kk.jpg", photo), "ktp_photo": ("ktp.jpg", photo)})
            req = urllib.request.Request(base + "/api/v1/complaints", data=body, headers={"Content-Type": ctype})
            with urllib.request.urlopen(req) as r:
                assert r.status == 201, r.status
        server.terminate(); server.wait()
        env.pop("ADUAN_JOBS")
        env["ADUAN_JOBS_CONCURRENCY"] = os.environ.get("ADUAN_JOBS_CONCURRENCY", "8")
        started = time.monotonic()
        out = subprocess.run([a.bin, "jobs", "--once"], env=env, capture_output=True, text=True, check=True).stdout.strip()
        elapsed = time.monotonic() - started
        delivered = len(list((work / "maildir" / "new").iterdir()))
        print(f"outbound: {delivered} of {a.messages} receipts delivered through aiosmtpd in {elapsed:.2f} s "
              f"= {delivered / elapsed:.1f} messages/s ({out}; ADUAN_JOBS_CONCURRENCY={env['ADUAN_JOBS_CONCURRENCY']})")

        # --- inbound: Dovecot with M mails
        dv = work / "dovecot"
        dport, dtls = free_port(), free_port()
        user, password = "bench", "bench-sandi"
        # Its output to a file: the daemon keeps the descriptors it inherits open.
        with open(work / "dovecot-start.log", "w") as log:
            subprocess.run([str(ROOT / "scripts/mail/dovecot.sh"), "start", str(dv), str(dport), str(dtls)],
                           env=dict(os.environ, DOVECOT_TEST_USER=user, DOVECOT_TEST_PASSWORD=password), stdout=log, stderr=log,
                           stdin=subprocess.DEVNULL, check=True)
        imap = imaplib.IMAP4("127.0.0.1", dport)
        imap.login(user, password)
        imap.create("bench")
        for i in range(a.mails):
            msg = (f"From: Warga {i} <pengirim{i}@example.net>\r\nTo: pengaduan@dharmasrayakab.go.id\r\nSubject: KTP-el belum jadi {i}\r\n"
                   f"Message-ID: <bench{i}.{uuid.uuid4().hex}@example.net>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0700\r\nMIME-Version: 1.0\r\n"
                   f"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                   f"KTP-el saya sudah rekam tetapi belum dicetak, mohon bantuannya.\r\n--b\r\nContent-Type: image/jpeg\r\n"
                   f"Content-Disposition: attachment; filename=kk.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                   f"{base64.b64encode(photo).decode()}\r\n--b--\r\n")
            imap.append("bench", None, None, msg.encode())
        imap.logout()
        from urllib.parse import quote
        env2 = dict(os.environ, ADUAN_DATA_DIR=str(work / "data-in"), ADUAN_SWEEP_SECONDS="0", LOG_LEVEL="warning",
                    ADUAN_IMAP_URL=f"imap://{quote(user, safe='')}:{quote(password, safe='')}@127.0.0.1:{dport}/bench")
        env2.pop("DATABASE_URL", None)
        started = time.monotonic()
        subprocess.run([a.bin, "jobs", "--once"], env=env2, capture_output=True, text=True, check=True)
        elapsed = time.monotonic() - started
        import sqlite3
        db = sqlite3.connect(work / "data-in" / "aduan.sqlite")
        complaints = db.execute("select count(*) from complaints where channel = 'email'").fetchone()[0]
        print(f"inbound: {complaints} of {a.mails} mails fetched from Dovecot and filed as complaints in {elapsed:.2f} s "
              f"= {complaints / elapsed:.1f} mails/s")
        subprocess.run([str(ROOT / "scripts/mail/dovecot.sh"), "stop", str(dv)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait()
        subprocess.run(["rm", "-rf", str(work)])


if __name__ == "__main__":
    main()
