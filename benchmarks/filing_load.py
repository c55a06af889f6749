#!/usr/bin/env python3
"""Files complaints against a running Aduan as fast as N clients can, for benchmarks/filings.sh and
scripts/crash-test.sh. Standard library only: threads, http.client, multipart built by hand.

  filing_load.py load --port P --clients N --seconds S [--record FILE] [--tolerate-down]
      N threads each file complaints (a unique KK photo, a KTP photo and a unique PDF) one after the
      other for S seconds and print one JSON line: accepted, accepted_per_second, statuses, errors,
      p50_ms, p95_ms. With --record, every 201 is appended to FILE as JSON (tracking code and the
      SHA-256 of each file sent). With --tolerate-down, connection errors (the server being killed)
      are counted and retried after a short pause instead of ending the thread.
  filing_load.py verify --port P --token T --record FILE
      Fetches every recorded complaint through the staff API and compares each document's bytes with
      what was sent. Prints one JSON line: acknowledged, lost, mismatched.
"""
import argparse
import hashlib
import http.client
import json
import os
import socket
import threading
import time
import uuid


def segment(marker, payload):
    length = len(payload) + 2
    return bytes([0xFF, marker, length >> 8, length & 0xFF]) + payload


def jpeg(unique: bytes) -> bytes:
    """A small well-formed baseline JPEG without metadata (as Tests/AppTests/Support/Fixtures.swift)."""
    body = (segment(0xDB, bytes([0]) + bytes([1] * 64))
            + segment(0xC0, bytes([8, 0, 16, 0, 16, 1, 1, 0x11, 0]))
            + segment(0xC4, bytes([0x00]) + bytes(15) + bytes([1, 0]))
            + segment(0xDA, bytes([1, 1, 0, 0, 63, 0]))
            + bytes((i * 37 + 11) % 251 for i in range(200))
            + bytes([0xFF, 0xD9]))
    return bytes([0xFF, 0xD8]) + segment(0xE0, b"JFIF" + bytes([0, 1, 2, 0, 0, 72, 0, 72, 0, 0])) + body + unique


def pdf(unique: str) -> bytes:
    return ("%%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%% %s\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n" % unique).encode()


FIELDS = {
    "name": "Siti Rahmawati", "nik": "1310054507900001", "kk_number": "1310050101090002",
    "phone": "0812-3456-7890", "email": "warga@example.com", "service": "ktp_el", "classification": "pengaduan",
    "description": "KTP-el saya belum dicetak sejak tiga bulan, padahal sudah rekam.", "district": "13.10.02",
    "confidential": "false", "consent": "true",
}
KTP = jpeg(b"ktp")


def filing():
    """A multipart body and the SHA-256 of each file in it, by field."""
    unique = uuid.uuid4().hex
    files = {"kk_photo": ("foto-kk.jpg", "image/jpeg", jpeg(unique.encode())),
             "ktp_photo": ("foto-ktp.jpg", "image/jpeg", KTP),
             "document": ("surat.pdf", "application/pdf", pdf(unique))}
    boundary = "----AduanLoad" + unique
    parts = []
    for name, value in FIELDS.items():
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode())
    for kind, (filename, content_type, data) in files.items():
        field = "documents" if kind == "document" else kind
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                      % (boundary, field, filename, content_type)).encode() + data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode())
    hashes = {kind: hashlib.sha256(data).hexdigest() for kind, (_, _, data) in files.items()}
    return b"".join(parts), "multipart/form-data; boundary=" + boundary, hashes


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000, 1)


def load(args):
    stop_at = time.monotonic() + args.seconds
    lock = threading.Lock()
    statuses, latencies = {}, []
    errors = [0]
    record = open(args.record, "a") if args.record else None

    def client():
        connection = None
        while time.monotonic() < stop_at:
            body, content_type, hashes = filing()
            started = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
                connection.request("POST", "/api/v1/complaints", body=body, headers={"Content-Type": content_type})
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException):
                if connection is not None:
                    connection.close()
                connection = None
                with lock:
                    errors[0] += 1
                if not args.tolerate_down:
                    return
                time.sleep(0.2)
                continue
            elapsed = time.monotonic() - started
            with lock:
                statuses[response.status] = statuses.get(response.status, 0) + 1
                latencies.append(elapsed)
                if response.status == 201 and record is not None:
                    code = json.loads(answer)["tracking_code"]
                    record.write(json.dumps({"code": code, "sha256": hashes}) + "\n")
                    record.flush()
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None

    threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if record is not None:
        record.close()
    accepted = statuses.get(201, 0)
    print(json.dumps({
        "clients": args.clients, "seconds": round(elapsed, 1), "accepted": accepted,
        "accepted_per_second": round(accepted / elapsed, 1) if elapsed else 0,
        "status_500": statuses.get(500, 0), "other_non_201": sum(n for s, n in statuses.items() if s not in (201, 500)),
        "statuses": {str(k): v for k, v in sorted(statuses.items())}, "connection_errors": errors[0],
        "p50_ms": percentile(latencies, 0.5), "p95_ms": percentile(latencies, 0.95),
    }))


def get(port, path, token):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def verify(args):
    acknowledged = lost = mismatched = 0
    with open(args.record) as lines:
        for line in lines:
            entry = json.loads(line)
            acknowledged += 1
            status, data = get(args.port, "/api/v1/staff/complaints/" + entry["code"], args.token)
            if status != 200:
                lost += 1
                continue
            documents = json.loads(data)["documents"]
            received = {}
            for document in documents:
                status, content = get(args.port, document["url"], args.token)
                received[document["kind"]] = hashlib.sha256(content).hexdigest() if status == 200 else None
            if received != entry["sha256"]:
                mismatched += 1
    print(json.dumps({"acknowledged": acknowledged, "lost": lost, "mismatched": mismatched}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    load_parser = commands.add_parser("load")
    load_parser.add_argument("--port", type=int, required=True)
    load_parser.add_argument("--clients", type=int, default=8)
    load_parser.add_argument("--seconds", type=float, default=10)
    load_parser.add_argument("--record")
    load_parser.add_argument("--tolerate-down", action="store_true")
    verify_parser = commands.add_parser("verify")
    verify_parser.add_argument("--port", type=int, required=True)
    verify_parser.add_argument("--token", required=True)
    verify_parser.add_argument("--record", required=True)
    args = parser.parse_args()
    load(args) if args.command == "load" else verify(args)


if __name__ == "__main__":
    main()
