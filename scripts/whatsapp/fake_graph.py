#!/usr/bin/env python3
"""A fake of Meta's Graph API for Aduan's tests (Python 3 standard library only).

It follows the documented contract of the parts Aduan uses, on 127.0.0.1 only:

  POST /{phone_number_id}/messages   WhatsApp Cloud API send: checks the bearer token and the body (the
                                     Cloud API's limits: text 4096, interactive body 1024, 1-3 buttons of
                                     at most 20 characters, list rows 1-10 of 24 with descriptions of 72,
                                     template name and language.code), records it, answers
                                     {"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],
                                      "messages":[{"id":"wamid.<random>"}]}
  POST /{phone_number_id}/media      multipart/form-data with messaging_product=whatsapp, type, file:
                                     stores the file, answers {"id": "<media id>"}
  GET  /{media-id}                   {messaging_product, url (back to this server: /download/<id>),
                                      mime_type, sha256 (hex), file_size, id}
  GET  /download/<id>                the bytes; needs the bearer token like Meta's media URL
  GET  /attachment/<id>              the same bytes without a token (a Messenger/Instagram CDN URL)
  GET  /redirect?location=URL        302 to URL (for the clients' redirect rules)
  POST /me/messages                  Messenger/Instagram Send API (page token): checks recipient.id,
                                     messaging_type, message.text (2000) and quick_replies (13, titles
                                     20); records it; answers {"recipient_id", "message_id"}

An optional version segment (/v23.0/...) is accepted before any Graph path. Missing or wrong bearer
tokens get 401 with Graph error 190 (OAuthException).

Control endpoints for the tests (no token), everything keyed by recipient or media id so that tests
running in parallel against one server do not see each other:

  POST /_test/media    {"id", "bytes_base64" | "size" (synthetic bytes, never kept in memory),
                        "mime_type", "filename"?, "file_size"? (what GET /{id} claims),
                        "sha256"? (what GET /{id} claims), "chunked"? (served without a
                        Content-Length, so only the reader can stop a file larger than it wants)}
  GET  /_test/media/<id>   what was stored: {id, mime_type, filename, size, sha256, sent_bytes, fields}
  POST /_test/fail     {"to", "code", "http_status"?, "count"?, "subcode"?, "message"?, "type"?,
                        "details"?, "raw"? (a body that is not JSON)}: the next `count` sends to `to`
                        (WhatsApp wa_id or Messenger recipient id) fail so
  GET  /_test/sent?to=RECIPIENT   {"data": [the JSON bodies sent to RECIPIENT, in order],
                                   "ids": [the message id answered for each, in the same order]}
  POST /_test/reset    forget everything

When listening, the ready file (JSON: host, port, url, graph_url, token, page_token, phone_number_id,
pid) is written atomically and "ready <file>" printed. The process stops on SIGTERM or SIGINT, and with
--exit-on-stdin-eof when its standard input closes (the test process that started it ended).
"""
import argparse
import base64
import email.parser
import email.policy
import hashlib
import http.server
import ipaddress
import json
import os
import re
import secrets
import signal
import sys
import threading
import urllib.parse

VERSION = re.compile(r"^/v\d+(\.\d+)?(?=/)")
CHUNK = 64 * 1024
MB = 1024 * 1024
MEDIA_LIMITS = {
    "image/jpeg": 5 * MB, "image/png": 5 * MB,
    "application/pdf": 100 * MB, "text/plain": 100 * MB, "application/msword": 100 * MB,
    "application/vnd.ms-excel": 100 * MB, "application/vnd.ms-powerpoint": 100 * MB,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 * MB,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 * MB,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * MB,
    "audio/aac": 16 * MB, "audio/amr": 16 * MB, "audio/mpeg": 16 * MB, "audio/mp4": 16 * MB, "audio/ogg": 16 * MB,
    "video/mp4": 16 * MB, "video/3gpp": 16 * MB, "image/webp": 500 * 1024,
}


class GraphFailure(Exception):
    def __init__(self, status, code, message, type_="OAuthException", subcode=None, details=None, raw=None):
        super().__init__(message)
        self.status, self.code, self.message, self.type = status, code, message, type_
        self.subcode, self.details, self.raw = subcode, details, raw

    def body(self):
        if self.raw is not None:
            return self.raw.encode()
        error = {"message": self.message, "type": self.type, "code": self.code,
                 "fbtrace_id": "A" + secrets.token_hex(8)}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.details is not None:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        return json.dumps({"error": error}).encode()


def invalid(message, code=100, details=None):
    return GraphFailure(400, code, message, details=details or message)


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with getattr(self, "lock", threading.Lock()):
            self.sent = {}
            self.ids = {}
            self.media = {}
            self.failures = {}

    def record(self, to, body, message_id=None):
        with self.lock:
            self.sent.setdefault(to, []).append(body)
            self.ids.setdefault(to, []).append(message_id)

    def take_failure(self, to):
        with self.lock:
            queue = self.failures.get(to)
            if not queue:
                return None
            failure = queue[0]
            failure["count"] -= 1
            if failure["count"] <= 0:
                queue.pop(0)
            return failure


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeGraph/1.0"

    def log_message(self, format, *args):  # quiet: the tests read what matters from /_test/
        if self.server.options.verbose:
            sys.stderr.write("fake_graph: " + format % args + "\n")

    # -- plumbing

    @property
    def state(self):
        return self.server.state

    def send_json(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_failure(self, failure):
        body = failure.body()
        self.send_response(failure.status)
        self.send_header("Content-Type", "text/html" if failure.raw is not None else "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        if failure.status == 401:
            self.send_header("WWW-Authenticate", 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token."')
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        # Read once, before any answer: a body left unread would spoil the next request on the connection.
        if self._body is None:
            length = int(self.headers.get("Content-Length") or 0)
            self._body = self.rfile.read(length) if length else b""
        return self._body

    def read_json(self):
        try:
            value = json.loads(self.read_body() or b"null")
        except ValueError:
            raise invalid("(#100) The request body is not valid JSON")
        if not isinstance(value, dict):
            raise invalid("(#100) The request body must be a JSON object")
        return value

    def bearer(self):
        header = self.headers.get("Authorization") or ""
        if header.lower().startswith("bearer "):
            return header[7:].strip()
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        return (query.get("access_token") or [None])[0]

    def require(self, *tokens):
        if self.bearer() not in tokens:
            raise GraphFailure(401, 190, "Invalid OAuth access token - Cannot parse access token")

    def split_path(self):
        parts = urllib.parse.urlsplit(self.path)
        path = VERSION.sub("", parts.path)
        return path, urllib.parse.parse_qs(parts.query)

    def handle_any(self, method):
        self._body = None
        try:
            if method == "POST":
                self.read_body()
            path, query = self.split_path()
            route = getattr(self, "route_" + method)
            route(path, query)
        except GraphFailure as failure:
            self.send_failure(failure)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("POST")

    # -- routes

    def route_GET(self, path, query):
        options = self.server.options
        if path == "/_test/sent":
            to = (query.get("to") or [""])[0]
            with self.state.lock:
                data = list(self.state.sent.get(to, []))
                ids = list(self.state.ids.get(to, []))
            return self.send_json(200, {"data": data, "ids": ids})
        if path.startswith("/_test/media/"):
            with self.state.lock:
                media = self.state.media.get(path.rsplit("/", 1)[1])
                if media is None:
                    return self.send_json(404, {"error": "no such media"})
                described = {key: value for key, value in media.items() if key != "bytes"}
            return self.send_json(200, described)
        if path == "/redirect":
            location = (query.get("location") or [""])[0]
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.startswith("/download/"):
            self.require(options.token)
            return self.serve_media(path.rsplit("/", 1)[1])
        if path.startswith("/attachment/"):
            return self.serve_media(path.rsplit("/", 1)[1])
        match = re.fullmatch(r"/([A-Za-z0-9_.-]+)", path)
        if match:
            self.require(options.token)
            media_id = match.group(1)
            with self.state.lock:
                media = self.state.media.get(media_id)
            if media is None:
                raise GraphFailure(400, 100, f"Unsupported get request. Object with ID '{media_id}' does not exist, "
                                   "cannot be loaded due to missing permissions, or does not support this operation.",
                                   type_="GraphMethodException", subcode=33)
            host, port = self.server.server_address[:2]
            return self.send_json(200, {
                "messaging_product": "whatsapp",
                "url": f"http://{host}:{port}/download/{media_id}",
                "mime_type": media["mime_type"],
                "sha256": media["claimed_sha256"],
                "file_size": str(media["claimed_size"]),
                "id": media_id,
            })
        raise GraphFailure(404, 100, f"Unknown path components: {path}", type_="OAuthException")

    def route_POST(self, path, query):
        options = self.server.options
        if path == "/_test/reset":
            self.read_body()
            self.state.reset()
            return self.send_json(200, {"ok": True})
        if path == "/_test/media":
            return self.control_media(self.read_json())
        if path == "/_test/fail":
            spec = self.read_json()
            if not spec.get("to") or "code" not in spec:
                return self.send_json(400, {"error": "to and code are required"})
            spec.setdefault("count", 1)
            with self.state.lock:
                self.state.failures.setdefault(spec["to"], []).append(spec)
            return self.send_json(200, {"ok": True})
        if path == "/me/messages":
            self.require(options.page_token)
            return self.messenger_send(self.read_json())
        match = re.fullmatch(r"/([A-Za-z0-9_.-]+)/(messages|media)", path)
        if match:
            self.require(options.token)
            if match.group(1) != options.phone_number_id:
                raise GraphFailure(400, 100, f"Unsupported post request. Object with ID '{match.group(1)}' does not exist, "
                                   "cannot be loaded due to missing permissions, or does not support this operation.",
                                   type_="GraphMethodException", subcode=33)
            if match.group(2) == "messages":
                return self.whatsapp_send(self.read_json())
            return self.upload()
        raise GraphFailure(404, 100, f"Unknown path components: {path}")

    # -- WhatsApp

    def queued_failure(self, to):
        failure = self.state.take_failure(to)
        if failure is None:
            return
        status = failure.get("http_status") or 400
        raise GraphFailure(status, failure["code"], failure.get("message") or f"(#{failure['code']}) failure requested by the test",
                           type_=failure.get("type") or "OAuthException", subcode=failure.get("subcode"),
                           details=failure.get("details"), raw=failure.get("raw"))

    def whatsapp_send(self, body):
        if body.get("messaging_product") != "whatsapp":
            raise invalid("(#100) The parameter messaging_product is required.", details="messaging_product must be whatsapp")
        to = body.get("to")
        if not isinstance(to, str) or not to:
            raise invalid("(#100) The parameter to is required.")
        kind = body.get("type", "text")
        if kind not in body or not isinstance(body[kind], dict):
            raise invalid(f"(#100) Param {kind} is required", code=131008, details=f"the {kind} object is missing")
        check_whatsapp(kind, body[kind])
        self.queued_failure(to)
        wamid = "wamid." + base64.b64encode(secrets.token_bytes(24)).decode()
        self.state.record(to, body, wamid)
        wa_id = re.sub(r"\D", "", to) or to
        return self.send_json(200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": wa_id}],
            "messages": [{"id": wamid}],
        })

    def upload(self):
        content_type = self.headers.get("Content-Type") or ""
        if not content_type.lower().startswith("multipart/form-data"):
            raise invalid("(#100) The request must be multipart/form-data")
        raw = self.read_body()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + raw)
        fields, file = {}, None
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename() is not None:
                file = (part.get_filename(), part.get_content_type(), part.get_payload(decode=True) or b"")
            elif name:
                fields[name] = (part.get_payload(decode=True) or b"").decode()
        if fields.get("messaging_product") != "whatsapp":
            raise invalid("(#100) The parameter messaging_product is required.")
        if file is None:
            raise invalid("(#100) The parameter file is required.")
        mime = fields.get("type")
        if not mime:
            raise invalid("(#100) The parameter type is required.")
        limit = MEDIA_LIMITS.get(mime)
        if limit is None:
            raise invalid(f"(#131053) Media upload error: unsupported file type {mime}", code=131053)
        if len(file[2]) > limit:
            raise invalid(f"(#131053) Media upload error: file is over {limit} bytes", code=131053)
        media_id = str(secrets.randbelow(10**15) + 10**15)
        self.store_media(media_id, file[2], mime, file[0], fields=fields, part_type=file[1])
        return self.send_json(200, {"id": media_id})

    # -- Messenger and Instagram

    def messenger_send(self, body):
        recipient = (body.get("recipient") or {}).get("id")
        if not recipient:
            raise invalid("(#100) The parameter recipient is required")
        if body.get("messaging_type") not in ("RESPONSE", "UPDATE", "MESSAGE_TAG"):
            raise invalid("(#100) Invalid messaging_type")
        message = body.get("message") or {}
        text = message.get("text")
        if not (isinstance(text, str) and text) and "attachment" not in message:
            raise invalid("(#100) Message cannot be empty, must provide valid attachment or text")
        if isinstance(text, str) and utf16(text) > 2000:
            raise invalid("(#100) Length of param message[text] must be less than or equal to 2000")
        replies = message.get("quick_replies")
        if replies is not None:
            if not isinstance(replies, list) or not 1 <= len(replies) <= 13:
                raise invalid("(#100) param message[quick_replies] must have at most 13 elements")
            for reply in replies:
                if reply.get("content_type") == "text" and not (0 < utf16(reply.get("title") or "") <= 20 and reply.get("payload")):
                    raise invalid("(#100) quick reply titles must have 1 to 20 characters and a payload")
        self.queued_failure(recipient)
        self.state.record(recipient, body)
        return self.send_json(200, {"recipient_id": recipient, "message_id": "m_" + secrets.token_urlsafe(24)})

    # -- media

    def store_media(self, media_id, data, mime, filename, fields=None, size=None, claimed_size=None, claimed_sha256=None, part_type=None, chunked=False):
        real_size = len(data) if data is not None else size
        digest = hashlib.sha256(data).hexdigest() if data is not None else synthetic_sha256(size)
        with self.state.lock:
            self.state.media[media_id] = {
                "id": media_id, "bytes": data, "mime_type": mime, "filename": filename, "size": real_size,
                "sha256": digest, "claimed_size": real_size if claimed_size is None else claimed_size,
                "claimed_sha256": digest if claimed_sha256 is None else claimed_sha256,
                "fields": fields or {}, "part_type": part_type, "sent_bytes": 0, "downloads": 0, "chunked": chunked,
            }

    def control_media(self, spec):
        media_id = spec.get("id") or str(secrets.randbelow(10**15) + 10**15)
        data = base64.b64decode(spec["bytes_base64"]) if "bytes_base64" in spec else None
        if data is None and not isinstance(spec.get("size"), int):
            return self.send_json(400, {"error": "bytes_base64 or size is required"})
        self.store_media(media_id, data, spec.get("mime_type") or "application/octet-stream", spec.get("filename"),
                         size=spec.get("size"), claimed_size=spec.get("file_size"), claimed_sha256=spec.get("sha256"),
                         chunked=bool(spec.get("chunked")))
        return self.send_json(200, {"id": media_id})

    def serve_media(self, media_id):
        with self.state.lock:
            media = self.state.media.get(media_id)
            if media is not None:
                media["downloads"] += 1
        if media is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", media["mime_type"])
        if media["chunked"]:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(media["size"]))
        self.end_headers()
        sent = 0
        try:
            for chunk in chunks(media["bytes"], media["size"]):
                if media["chunked"]:
                    self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                else:
                    self.wfile.write(chunk)
                sent += len(chunk)
                with self.state.lock:
                    media["sent_bytes"] = max(media["sent_bytes"], sent)
            if media["chunked"]:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def chunks(data, size):
    if data is not None:
        for start in range(0, len(data), CHUNK):
            yield data[start:start + CHUNK]
        return
    block = bytes(range(256)) * (CHUNK // 256)
    remaining = size
    while remaining > 0:
        piece = block[:min(CHUNK, remaining)]
        remaining -= len(piece)
        yield piece


def synthetic_sha256(size):
    if size > 32 * MB:  # not worth the time: such files serve the size limits, never a checksum
        return "0" * 64
    digest = hashlib.sha256()
    for chunk in chunks(None, size):
        digest.update(chunk)
    return digest.hexdigest()


def utf16(text):
    return len(text.encode("utf-16-le")) // 2


def check_whatsapp(kind, value):
    """The Cloud API's documented limits; one label over its limit rejects the whole message."""
    def fail(what):
        raise invalid(f"(#131009) Parameter value is not valid: {what}", code=131009, details=what)

    if kind == "text":
        body = value.get("body")
        if not isinstance(body, str) or not 0 < utf16(body) <= 4096:
            fail("text.body must have 1 to 4096 characters")
    elif kind == "interactive":
        body = (value.get("body") or {}).get("text")
        action = value.get("action") or {}
        if value.get("type") == "button":
            if not isinstance(body, str) or not 0 < utf16(body) <= 1024:
                fail("interactive.body.text must have 1 to 1024 characters")
            buttons = action.get("buttons") or []
            if not 1 <= len(buttons) <= 3:
                fail("1 to 3 buttons")
            titles = [((button.get("reply") or {}).get("title") or "") for button in buttons]
            if any(button.get("type") != "reply" or not (button.get("reply") or {}).get("id") for button in buttons):
                fail("each button is a reply with an id")
            if any(not 0 < utf16(title) <= 20 for title in titles) or len(set(titles)) != len(titles):
                fail("button titles must be unique and have 1 to 20 characters")
        elif value.get("type") == "list":
            if not isinstance(body, str) or not 0 < utf16(body) <= 4096:
                fail("interactive.body.text must have 1 to 4096 characters")
            if not 0 < utf16(action.get("button") or "") <= 20:
                fail("action.button must have 1 to 20 characters")
            sections = action.get("sections") or []
            rows = [row for section in sections for row in (section.get("rows") or [])]
            if not sections or not 1 <= len(rows) <= 10:
                fail("1 to 10 rows in all")
            if len(sections) > 1 and any(not section.get("title") for section in sections):
                fail("section titles are required with more than one section")
            for row in rows:
                if not row.get("id") or not 0 < utf16(row.get("title") or "") <= 24 or utf16(row.get("description") or "") > 72:
                    fail("rows need an id, a title of 1 to 24 characters and a description of at most 72")
        else:
            fail("interactive.type must be button or list here")
    elif kind == "template":
        if not value.get("name") or not (value.get("language") or {}).get("code"):
            raise invalid("(#100) template.name and template.language.code are required")
    elif kind in ("image", "document", "audio", "video", "sticker"):
        if not value.get("id") and not value.get("link"):
            fail(f"{kind} needs an id or a link")
        if utf16(value.get("caption") or "") > 1024:
            fail("caption must have at most 1024 characters")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="test-whatsapp-token")
    parser.add_argument("--page-token", default="test-page-token")
    parser.add_argument("--phone-number-id", default="106540352242922")
    parser.add_argument("--ready-file")
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    if not ipaddress.ip_address(options.host).is_loopback:
        sys.exit("fake_graph.py listens on loopback addresses only")

    server = Server((options.host, options.port), Handler)
    server.options = options
    server.state = State()
    host, port = server.server_address[:2]

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    if options.exit_on_stdin_eof:
        def watch_stdin():
            while sys.stdin.buffer.read(4096):
                pass
            stop()
        threading.Thread(target=watch_stdin, daemon=True).start()

    url = f"http://{host}:{port}"
    ready = dict(host=host, port=port, url=url, graph_url=url + "/v23.0", token=options.token,
                 page_token=options.page_token, phone_number_id=options.phone_number_id, pid=os.getpid())
    if options.ready_file:
        temporary = options.ready_file + ".tmp"
        with open(temporary, "w") as file:
            json.dump(ready, file)
        os.rename(temporary, options.ready_file)
    print(f"ready {options.ready_file or json.dumps(ready)}", flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
