"""WhatsApp both ways, as a citizen lives it (issue 8, "done when"): a citizen files a complete complaint,
with both photos and a PDF, entirely in WhatsApp; an officer opens it in the console and sees the
conversation as the citizen saw it (both directions, photos inline, delivery states, the 24-hour window);
the officer asks for information, the request reaches WhatsApp, the citizen answers with a photo, the
officer sees it and resolves with an answer that reaches WhatsApp too. A second citizen who only asks
for an officer appears among the conversations not yet complaints; the admin's WhatsApp page shows the
channel.

The Graph API is scripts/whatsapp/fake_graph.py on loopback: Aduan sends there, downloads the citizen's
media from there, and the test reads what was sent through its control endpoints. The citizen's
messages are signed webhook posts (X-Hub-Signature-256) built here, as Meta would deliver them. The job
runner works inside the server, so every result is awaited by polling.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO_ROOT, _pdf, _photo, free_port, running_server
from pages import CITIZEN, DESCRIPTION, click, context, need, normalised, path_of, text_of, wait_until
from test_officer_flow import PASSWORD, act, sign_in, sign_out

APP_SECRET = "e2e-app-secret"
VERIFY_TOKEN = "e2e-verify-token"
CHAT_TIMEOUT = 60
CODE_IN_TEXT = re.compile(r"\b[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{4}\b")
REQUEST = "Mohon kirim foto KTP-el lama Anda (bagian depan) melalui WhatsApp ini."
ANSWER = "KTP-el Anda sudah dicetak ulang dan dapat diambil di loket 2 kantor Disdukcapil mulai besok."
DESKTOP = (1280, 900)
PHONE = (412, 915)


# --------------------------------------------------------------------------- the fake Graph API


@pytest.fixture(scope="module")
def graph():
    """The fake Graph API; yields its ready JSON (url, graph_url, token, phone_number_id …)."""
    base = Path(tempfile.mkdtemp(prefix="aduan-e2e-graph."))
    ready = base / "ready.json"
    python = os.environ.get("ADUAN_TEST_PYTHON") or str(REPO_ROOT / ".venv-e2e" / "bin" / "python")
    log = open(base / "graph.log", "wb")
    proc = subprocess.Popen([python, str(REPO_ROOT / "scripts/whatsapp/fake_graph.py"), "--ready-file", str(ready),
                             "--exit-on-stdin-eof"], stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while not (ready.exists() and ready.stat().st_size > 0):
        assert proc.poll() is None, f"the fake Graph API stopped:\n{(base / 'graph.log').read_text()}"
        assert time.monotonic() < deadline, "the fake Graph API did not start"
        time.sleep(0.1)
    info = json.loads(ready.read_text())
    try:
        yield info
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def wa_server(tmp_path_factory, graph):
    """An Aduan of its own with the WhatsApp channel pointed at the fake."""
    port = free_port()
    env = {
        "ADUAN_WHATSAPP_TOKEN": graph["token"],
        "ADUAN_WHATSAPP_PHONE_NUMBER_ID": graph["phone_number_id"],
        "ADUAN_WHATSAPP_APP_SECRET": APP_SECRET,
        "ADUAN_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
        "ADUAN_GRAPH_API_URL": graph["graph_url"],
        "ADUAN_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "ADUAN_JOBS": "true",
    }
    with running_server(tmp_path_factory, "whatsapp", extra_env=env, port=port) as base_url:
        yield base_url


def _json(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


def words(message: dict) -> str:
    """The words of a message the office sent, whatever its type."""
    kind = message.get("type", "text")
    if kind == "text":
        return message["text"]["body"]
    if kind == "interactive":
        return message["interactive"]["body"]["text"]
    if kind == "template":
        params = [p.get("text", "") for c in message["template"].get("components", []) for p in c.get("parameters", [])]
        return message["template"]["name"] + " " + " ".join(params)
    if kind in ("image", "document"):
        return message[kind].get("caption", "") + " " + message[kind].get("filename", "")
    return ""


def option_ids(message: dict) -> list[str]:
    action = message.get("interactive", {}).get("action", {})
    ids = [b["reply"]["id"] for b in action.get("buttons", [])]
    ids += [row["id"] for s in action.get("sections", []) for row in s.get("rows", [])]
    return ids


# --------------------------------------------------------------------------- the citizen


class WhatsAppCitizen:
    """A citizen writing to the office: signed webhook posts in, the fake's record of what came back out."""

    def __init__(self, base_url: str, graph: dict, name: str, wa_id: str | None = None):
        self.base, self.graph, self.name = base_url, graph, name
        self.wa_id = wa_id or "628" + str(uuid.uuid4().int)[:10]
        self.count = 0

    # what the office sent
    def sent(self) -> list[dict]:
        return _json(f"{self.graph['url']}/_test/sent?to={self.wa_id}")["data"]

    def sent_ids(self) -> list[str]:
        return _json(f"{self.graph['url']}/_test/sent?to={self.wa_id}").get("ids", [])

    def wait_for(self, after: int, what: str, match=lambda m: True, timeout: float = CHAT_TIMEOUT) -> dict:
        """The first message sent after the first `after` that satisfies `match`."""
        deadline = time.monotonic() + timeout
        while True:
            new = self.sent()[after:]
            for m in new:
                if match(m):
                    return m
            if time.monotonic() > deadline:
                raise AssertionError(f"WhatsApp: {what}: no such message to {self.wa_id} within {timeout:.0f} s; "
                                     f"the office sent since: {[words(m)[:160] for m in new]}")
            time.sleep(0.2)

    # what the citizen sends
    def post(self, message: dict) -> None:
        self.count += 1
        message = {"from": self.wa_id, "id": f"wamid.e2e.{self.wa_id}.{self.count}", "timestamp": str(int(time.time())),
                   **message}
        self._post_value({"contacts": [{"profile": {"name": self.name}, "wa_id": self.wa_id}], "messages": [message]})

    def _post_value(self, value: dict) -> None:
        payload = {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6282288157965", "phone_number_id": self.graph["phone_number_id"]},
            **value}}]}]}
        body = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        req = urllib.request.Request(self.base + "/webhooks/whatsapp", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200, f"the webhook acknowledges with 200, got {r.status}"

    def say(self, text: str, what: str, match=lambda m: True) -> dict:
        before = len(self.sent())
        self.post({"type": "text", "text": {"body": text}})
        return self.wait_for(before, what, match)

    def tap(self, kind: str, option: str, title: str, what: str, match=lambda m: True) -> dict:
        before = len(self.sent())
        reply = "button_reply" if kind == "button" else "list_reply"
        self.post({"type": "interactive", "interactive": {"type": reply, reply: {"id": option, "title": title}}})
        return self.wait_for(before, what, match)

    def media(self, kind: str, data: bytes, mime: str, what: str, caption: str | None = None, filename: str | None = None,
              match=lambda m: True) -> dict:
        media_id = f"media.{uuid.uuid4().hex[:12]}"
        _json(f"{self.graph['url']}/_test/media", {"id": media_id, "bytes_base64": base64.b64encode(data).decode(),
                                                    "mime_type": mime, **({"filename": filename} if filename else {})})
        content = {"id": media_id, "mime_type": mime, "sha256": hashlib.sha256(data).hexdigest()}
        if caption:
            content["caption"] = caption
        if filename:
            content["filename"] = filename
        before = len(self.sent())
        self.post({"type": kind, kind: content})
        return self.wait_for(before, what, match)

    def statuses(self, items: list[tuple[str, str]]) -> None:
        """Delivery callbacks for messages the office sent: (wamid, sent|delivered|read)."""
        self._post_value({"statuses": [{"id": wamid, "status": status, "timestamp": str(int(time.time())),
                                        "recipient_id": self.wa_id} for wamid, status in items]})


# --------------------------------------------------------------------------- screenshots at two widths


def set_width(driver, size: tuple[int, int]) -> None:
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def shots_at_both_widths(driver, shot, name: str, section: str | None = None) -> list[Path]:
    """Full-page screenshots at desktop and phone width, and of `section` alone (the long complaint page)."""
    paths = []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        driver.refresh()
        wait_until(driver, lambda d: d.execute_script("return document.readyState") == "complete", 30, "the page loads")
        set_width(driver, size)  # after the load: chromedriver's phone emulation comes back with each page
        wait_until(driver, lambda d: size[0] in d.execute_script("return [window.innerWidth, screen.width]"), 10, f"the page is {size[0]} px wide")
        paths.append(shot(driver, f"{name}-{label}"))
        if section:
            element = need(driver, section, f"{name}: {section}")
            driver.execute_script("arguments[0].scrollIntoView()", element)
            for image in element.find_elements(By.CSS_SELECTOR, "img"):
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", image)
            time.sleep(0.3)
            paths.append(shot(driver, f"{name}-{label}-section"))
            element.screenshot(str(paths[-1]))
        if label == "phone":
            # A phone's layout viewport grows with what overflows: compare with the screen's 412 px.
            overflow = driver.execute_script("return document.documentElement.scrollWidth - screen.width")
            assert overflow <= 1, f"{name}: the page is {overflow} px wider than the 412 px phone\n{context(driver)}"
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return paths


def assert_translated(driver, what: str) -> None:
    body = driver.find_element(By.TAG_NAME, "body").text
    raw = re.findall(r"\b(?:chat_console|admin|console|chat|form|follow)\.[a-z_]+(?:\.[a-z_]+)*\b", body)
    assert not raw, f"{what}: untranslated message keys on the page: {sorted(set(raw))}\n{context(driver)}"


# --------------------------------------------------------------------------- the flow


def test_citizen_files_and_follows_in_whatsapp(wa_server, graph, browser, shot, create_officer, tmp_path):
    base = wa_server
    create_officer(base, "petugas1", "pengelola", PASSWORD, name="Petugas Pengaduan")
    kk = _photo(tmp_path / "kk.jpg", "KARTU KELUARGA", (235, 235, 245), 1, size=(1200, 900)).read_bytes()
    ktp = _photo(tmp_path / "ktp.jpg", "KTP-el", (170, 200, 235), 2, size=(1200, 900)).read_bytes()
    old_ktp = _photo(tmp_path / "ktp-lama.jpg", "KTP-el LAMA", (200, 220, 200), 3, size=(1000, 750)).read_bytes()
    pdf = _pdf(tmp_path / "pengantar.pdf", "Surat pengantar dari kecamatan").read_bytes()

    # The handshake Meta performs when the webhook is registered.
    with urllib.request.urlopen(f"{base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}"
                                f"&hub.challenge=1158201444", timeout=10) as r:
        assert r.read() == b"1158201444"

    # ---- The citizen files the whole complaint in WhatsApp.
    citizen = WhatsAppCitizen(base, graph, CITIZEN["name"])
    menu = citizen.say("Halo", "the greeting with buttons", match=lambda m: m.get("interactive", {}).get("type") == "button")
    assert menu.get("type") == "interactive" and menu["interactive"]["type"] == "button", f"the greeting offers buttons: {menu}"
    assert "menu:complaint" in option_ids(menu) and "1 × 24 jam" in words(menu), menu
    services = citizen.tap("button", "menu:complaint", "Buat pengaduan", "the list of services",
                              match=lambda m: m.get("interactive", {}).get("type") == "list")
    assert services.get("interactive", {}).get("type") == "list" and "svc:ktp_el" in option_ids(services), services
    citizen.tap("list", "svc:ktp_el", "KTP-el", "the question for the description")
    citizen.say(DESCRIPTION, "the question for the name")
    citizen.say(CITIZEN["name"], "the question for the NIK")
    reason = citizen.say("12345", "the NIK asked again with the reason", match=lambda m: "16" in words(m))
    assert "16" in words(reason), f"the reason names the 16 digits: {words(reason)}"
    citizen.say(CITIZEN["nik"], "the question for the KK number")
    citizen.say(CITIZEN["kk_number"], "the question for the KK photo")
    citizen.media("image", kk, "image/jpeg", "the question for the KTP-el photo", caption="KK saya")
    citizen.media("image", ktp, "image/jpeg", "the question for further documents")
    citizen.media("document", pdf, "application/pdf", "the PDF acknowledged", filename="surat-pengantar.pdf")
    citizen.say("selesai", "the question for the e-mail")
    citizen.say("lewati", "the question about the phone number")
    consent = citizen.tap("button", "phone:yes", "Ya", "the consent question with the privacy link",
                          match=lambda m: "/privasi" in words(m))
    assert "/privasi" in words(consent), f"the consent question links the privacy page: {words(consent)}"
    receipt = citizen.tap("button", "consent:yes", "Setuju", "the receipt with the tracking code",
                          match=lambda m: CODE_IN_TEXT.search(words(m)))
    code = CODE_IN_TEXT.search(words(receipt)).group(0)
    assert "WIB" in words(receipt) or "jam" in words(receipt), f"the receipt gives the deadline: {words(receipt)}"

    # Meta reports the office's messages delivered and read (the first ones read, the receipt delivered).
    ids = [i for i in citizen.sent_ids() if i]
    citizen.statuses([(i, "read") for i in ids[:-1]] + [(ids[-1], "delivered")])

    # ---- The officer opens it and sees the conversation as the citizen saw it.
    sign_in(browser, base, "petugas1", shot, "wa-01-sign-in")
    browser.get(f"{base}/petugas/pengaduan/{normalised(code)}")
    chat = need(browser, "section#chat", "the complaint page shows its WhatsApp conversation in section#chat")
    assert browser.find_elements(By.CSS_SELECTOR, "#chat .bubble-inbound") and browser.find_elements(By.CSS_SELECTOR, "#chat .bubble-outbound"), \
        f"both directions are shown\n{context(browser)}"
    assert DESCRIPTION[:40] in chat.text and code in chat.text, f"the description and the receipt are in the transcript\n{chat.text[:2000]}"
    images = browser.find_elements(By.CSS_SELECTOR, "#chat img.bubble-image")
    assert len(images) >= 2, f"the two photos are shown inline, found {len(images)}"
    def loaded(d):  # the photos load lazily: bring each into view
        return all(d.execute_script("arguments[0].scrollIntoView({block: 'center'});"
                                    "return arguments[0].complete && arguments[0].naturalWidth > 0", i) for i in images)
    wait_until(browser, loaded, 30, "the photos load")
    states = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#chat .bubble-state")]
    assert any("ibaca" in s or "read" in s.lower() for s in states), f"delivery states are shown: {states}"
    window = text_of(browser, "#chat-window", "the 24-hour window is shown")
    assert "24" in window or "jam" in window, window
    assert_translated(browser, "the complaint page")
    assert "surat-pengantar.pdf" in chat.text, "the PDF is in the transcript"
    shots_at_both_widths(browser, shot, "wa-02-complaint-conversation", "section#chat")

    # ---- The officer asks for information; the request reaches WhatsApp.
    before = len(citizen.sent())
    act(browser, "request_info", shot, "wa-03-request", message=REQUEST)
    assert "Menunggu kelengkapan" in text_of(browser, "#status", "the status after asking")
    citizen.wait_for(before, "the officer's request", match=lambda m: REQUEST in words(m) or "kelengkapan" in words(m).lower())

    # The citizen answers with a photo.
    media_id = f"media.{uuid.uuid4().hex[:12]}"
    _json(f"{graph['url']}/_test/media", {"id": media_id, "bytes_base64": base64.b64encode(old_ktp).decode(), "mime_type": "image/jpeg"})
    citizen.post({"type": "image", "image": {"id": media_id, "mime_type": "image/jpeg", "sha256": hashlib.sha256(old_ktp).hexdigest(),
                                              "caption": "Ini foto KTP-el lama saya"}})

    def photo_arrived(d):
        d.refresh()
        return "Ini foto KTP-el lama saya" in d.find_element(By.CSS_SELECTOR, "#timeline").text
    wait_until(browser, photo_arrived, CHAT_TIMEOUT, "the citizen's photo joins the timeline", poll=1.0)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chat img.bubble-image")) >= 3, "the new photo is shown inline in the conversation"
    assert "Diproses" in text_of(browser, "#status", "the status after the citizen's answer")
    shot(browser, "wa-04-photo-answer")

    # The officer resolves with an answer; it reaches WhatsApp.
    before = len(citizen.sent())
    act(browser, "resolve", shot, "wa-05-resolve", message=ANSWER)
    citizen.wait_for(before, "the officer's answer", match=lambda m: ANSWER in words(m))
    browser.refresh()
    assert ANSWER in need(browser, "#chat", "the conversation").text, "the answer is in the conversation"
    shots_at_both_widths(browser, shot, "wa-06-answered-conversation", "section#chat")

    # ---- A second citizen only asks for an officer: a conversation that is not a complaint.
    other = WhatsAppCitizen(base, graph, "Budi Santoso")
    other.say("Halo", "the greeting to the second citizen")
    other.tap("button", "menu:officer", "Bicara ke petugas", "the answer to 'talk to an officer'")
    browser.get(f"{base}/petugas/percakapan")
    table = need(browser, "table#conversations", "the conversations not yet complaints are listed")
    assert other.wa_id in table.text or "Budi Santoso" in table.text, f"the second citizen is listed\n{table.text}"
    assert_translated(browser, "the conversations page")
    shots_at_both_widths(browser, shot, "wa-07-conversations")
    sign_out(browser)

    # ---- The admin's WhatsApp page.
    create_officer(base, "admin1", "admin", PASSWORD, name="Admin Aduan")
    browser.delete_all_cookies()
    sign_in(browser, base, "admin1", shot, "wa-08-admin-sign-in")
    browser.get(f"{base}/petugas/admin/whatsapp")
    need(browser, "#chat-channels", "the admin page shows the channels")
    assert_translated(browser, "the admin WhatsApp page")
    assert int(text_of(browser, "#count-inbound", "the count of received messages") or 0) > 0
    shots_at_both_widths(browser, shot, "wa-09-admin-whatsapp")
