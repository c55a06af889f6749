"""E-mail both ways, as a citizen lives it (issue 7): the citizen files on the web with an e-mail address
and receives the receipt; the one-time link in it opens the follow page without the phone number; an
officer asks for a document; the citizen answers by replying to that e-mail with a photo attached; the
officer sees the reply and the photo in the complaint's timeline.

Real servers on loopback: aiosmtpd (scripts/mail/smtp-server.py) receives Aduan's mail into a maildir, and
a Dovecot of the test's own (scripts/mail/dovecot.sh) holds the office's mailbox, which Aduan polls every
5 seconds. The citizen's reply is put into that mailbox over IMAP (APPEND), as their provider would deliver it.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By

from conftest import REPO_ROOT, free_port, running_server
from pages import CITIZEN, click, context, need, normalised, path_of, text_of, wait_until
from test_citizen_flow import check_receipt, fill_complaint, open_form_from_home, submit_complaint, wait_for_receipt
from test_officer_flow import PASSWORD, act, sign_in

OFFICE = "pengaduan@dharmasrayakab.go.id"
REQUEST = "Mohon kirim foto KK terbaru sebagai balasan e-mail ini."
MAIL_TIMEOUT = 90
IMAP_USER, IMAP_PASSWORD = "kantor", "sandi-kotak-masuk"


@pytest.fixture(scope="module")
def mail_servers(tmp_path_factory):
    """aiosmtpd and Dovecot on loopback; yields (maildir, imap port)."""
    # Not under pytest's folders (mode 0700): Dovecot's own users must reach its folder.
    base = Path(tempfile.mkdtemp(prefix="aduan-e2e-mail."))
    base.chmod(0o755)
    python = os.environ.get("ADUAN_TEST_PYTHON") or str(REPO_ROOT / ".venv-e2e" / "bin" / "python")
    ready = base / "smtp.json"
    smtp = subprocess.Popen([python, str(REPO_ROOT / "scripts/mail/smtp-server.py"), "--plain-port", "0",
                             "--maildir", str(base / "maildir"), "--ready-file", str(ready)],
                            stdout=open(base / "smtp.log", "wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (ready.exists() and ready.stat().st_size > 0):
        assert smtp.poll() is None, f"the SMTP server stopped:\n{(base / 'smtp.log').read_text()}"
        assert time.monotonic() < deadline, "the SMTP server did not start"
        time.sleep(0.1)
    smtp_info = json.loads(ready.read_text())
    dovecot = base / "dovecot"
    imap_port, imaps_port = free_port(), free_port()
    with open(base / "dovecot-start.log", "w") as log:
        subprocess.run([str(REPO_ROOT / "scripts/mail/dovecot.sh"), "start", str(dovecot), str(imap_port), str(imaps_port)],
                       env=dict(os.environ, DOVECOT_TEST_USER=IMAP_USER, DOVECOT_TEST_PASSWORD=IMAP_PASSWORD),
                       stdout=log, stderr=log, stdin=subprocess.DEVNULL, check=True, timeout=120)
    try:
        yield {"maildir": Path(smtp_info["maildir"]), "smtp": f"smtp://{smtp_info['host']}:{smtp_info['plain']}", "imap_port": imap_port}
    finally:
        subprocess.run([str(REPO_ROOT / "scripts/mail/dovecot.sh"), "stop", str(dovecot)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        smtp.terminate()
        smtp.wait(10)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory, mail_servers):
    """An Aduan of its own that sends through the SMTP server and reads the office's mailbox."""
    port = free_port()
    env = {
        "ADUAN_SMTP_URL": mail_servers["smtp"],
        "ADUAN_MAIL_FROM": f'"Disdukcapil Dharmasraya" <{OFFICE}>',
        "ADUAN_IMAP_URL": f"imap://{IMAP_USER}:{quote(IMAP_PASSWORD, safe='')}@127.0.0.1:{mail_servers['imap_port']}/INBOX",
        "ADUAN_IMAP_POLL_SECONDS": "5",
        "ADUAN_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    with running_server(tmp_path_factory, "mail", extra_env=env, port=port) as base_url:
        yield base_url


def mails_to(maildir: Path, recipient: str) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted((maildir / "new").glob("*"), key=lambda p: p.stat().st_mtime):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if recipient in str(message["To"]):
            found.append(message)
    return found


def wait_for_mail(maildir: Path, recipient: str, subject_part: str) -> email.message.EmailMessage:
    deadline = time.monotonic() + MAIL_TIMEOUT
    while time.monotonic() < deadline:
        for message in mails_to(maildir, recipient):
            if subject_part in str(message["Subject"]):
                return message
        time.sleep(0.5)
    raise AssertionError(f"no mail to {recipient} with {subject_part!r} in its subject within {MAIL_TIMEOUT} s; "
                         f"received: {[str(m['Subject']) for m in mails_to(maildir, recipient)]}")


def plain_text(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_citizen_follows_by_mail_and_answers_by_replying(mail_server, mail_servers, browser, files, shot, create_officer):
    base, maildir = mail_server, mail_servers["maildir"]
    create_officer(base, "petugas1", "pengelola", PASSWORD, name="Petugas Pengaduan")

    # The citizen files on the web with an e-mail address and gets the receipt by mail.
    form = open_form_from_home(browser, base, shot, "mail-01")
    fill_complaint(browser, form, files)
    submit_complaint(browser)
    wait_for_receipt(browser)
    code = check_receipt(browser)
    receipt = wait_for_mail(maildir, CITIZEN["email"], f"[Pengaduan {code}]")
    assert receipt["Auto-Submitted"] == "auto-generated"
    assert receipt["Message-ID"].endswith("@dharmasrayakab.go.id>")
    text = plain_text(receipt)
    assert code in text and "WIB" in text, f"the receipt names the code and the deadline:\n{text}"
    link = re.search(r"http://127\.0\.0\.1:\d+/tautan/\S+", text)
    assert link, f"the receipt carries a one-time link:\n{text}"

    # The link opens the follow page with access granted: no phone number typed.
    browser.delete_all_cookies()
    browser.get(link.group(0))
    shot(browser, "mail-02-link")
    click(browser, need(browser, "button#open-complaint", "the link's page has button#open-complaint"))
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation"), 30, "the link opens the conversation")
    assert path_of(browser) == f"/lacak/{normalised(code)}", path_of(browser)
    shot(browser, "mail-03-follow-page-by-link")

    # The officer asks for a document; the request reaches the citizen in the same thread.
    browser.delete_all_cookies()
    sign_in(browser, base, "petugas1", shot, "mail-04-sign-in")
    browser.get(f"{base}/petugas/pengaduan/{normalised(code)}")
    act(browser, "request_info", shot, "mail-05-request", message=REQUEST)
    request = wait_for_mail(maildir, CITIZEN["email"], "Mohon lengkapi")
    assert REQUEST in plain_text(request)
    assert request["In-Reply-To"] == receipt["Message-ID"], [
        (str(m["Subject"]), m["Message-ID"], m["In-Reply-To"]) for m in mails_to(maildir, CITIZEN["email"])]
    assert request.get("Auto-Submitted") is None, "an officer's words are not marked automatic"

    # The citizen replies to that e-mail with a photo of the KK; their provider delivers it to the office.
    reply = EmailMessage()
    reply["From"] = f"{CITIZEN['name']} <{CITIZEN['email']}>"
    reply["To"] = OFFICE
    reply["Subject"] = "Re: " + str(request["Subject"])
    reply["Message-ID"] = f"<{uuid.uuid4().hex}@mail.example.com>"
    reply["In-Reply-To"] = request["Message-ID"]
    reply["References"] = f"{receipt['Message-ID']} {request['Message-ID']}"
    reply["Date"] = email.utils.formatdate(localtime=True)
    reply.set_content("Berikut foto KK terbaru saya.\n\nPada Sen, 30 Nov 2026 pukul 10.00 Disdukcapil menulis:\n> " + REQUEST + "\n")
    reply.add_attachment(Path(files.kk_photo).read_bytes(), maintype="image", subtype="jpeg", filename="foto-kk-terbaru.jpg")
    imap = imaplib.IMAP4("127.0.0.1", mail_servers["imap_port"])
    imap.login(IMAP_USER, IMAP_PASSWORD)
    imap.append("INBOX", None, None, reply.as_bytes(policy=email.policy.SMTP))
    imap.logout()

    # Aduan fetches it within a poll or two; the officer sees the reply and the photo in the timeline.
    def reply_shown(driver):
        driver.get(f"{base}/petugas/pengaduan/{normalised(code)}")
        timeline = driver.find_elements(By.CSS_SELECTOR, "#timeline")
        return timeline and "Berikut foto KK terbaru saya." in timeline[0].text and "foto-kk-terbaru" in timeline[0].text
    wait_until(browser, reply_shown, MAIL_TIMEOUT, "the citizen's e-mail reply and its photo appear in the timeline", poll=2)
    timeline = text_of(browser, "#timeline", "the timeline")
    assert REQUEST in timeline
    assert "Pada Sen" not in timeline.split("Berikut foto KK terbaru saya.")[1][:200], "the quoted history is left out"
    assert "Diproses" in text_of(browser, "#status", "the reply resumes the complaint"), context(browser)
    shot(browser, "mail-06-officer-sees-reply")
