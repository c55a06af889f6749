"""The office answers: an officer signs in, finds the new complaint at the top of the queue and asks for a
document; the citizen adds it; the officer forwards the complaint to a unit; the unit's officer resolves
it; the citizen sees the answer.

The complaints officer (pengelola) sees complainants' identities, so the console makes them set up
two-factor authentication at the first sign-in and asks for the code afterwards; the test computes the
codes as an authenticator app does (RFC 6238, HMAC-SHA1, 6 digits, 30 s).

Console contract (Bahasa Indonesia UI):
  /petugas/masuk            form#login-form (input[name=username], input[name=password], button#sign-in)
  /petugas/masuk/kode       form#code-form (input[name=code]): the authenticator's code
  /petugas/akun/dua-langkah code#totp-secret (base32), form#two-factor-form (input[name=code])
  /petugas/antrean          table.queue, one tbody tr per complaint, each with a.complaint-link (the code)
  /petugas/pengaduan/{code} #status, details > form#action-{type} (request_info, forward, resolve, …) with
                            textarea[name=message], select[name=unit] for forward; button#sign-out
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pages import PHONE_OTHER_NOTATION, attach, click, context, need, normalised, path_of, text_of, wait_until
from test_citizen_flow import (
    check_receipt,
    count_documents,
    fill_complaint,
    give_proof,
    open_follow_page,
    open_form_from_home,
    reply_form,
    submit_complaint,
    wait_for_receipt,
)

PAGE_TIMEOUT = 30
PASSWORD = "kata-sandi-petugas-2026"
REQUEST = "Mohon unggah surat keterangan perekaman KTP-el dari kecamatan."
ANSWER = "KTP-el Anda sudah dicetak ulang dan dapat diambil di kantor Disdukcapil mulai besok."


# The authenticator of each officer: base32 secret and the last step whose code was used (the server
# accepts each code once, and the steps just before and after the current one).
AUTHENTICATORS: dict[str, dict] = {}
CONSOLE_LANDINGS = ("/petugas/antrean", "/petugas/masuk/kode", "/petugas/akun/dua-langkah")


def totp(secret_base32: str, step: int) -> str:
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8), casefold=True)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def fresh_code(username: str) -> str:
    """A code of a step the server has not accepted yet for this officer."""
    auth = AUTHENTICATORS[username]
    while True:
        now = int(time.time() // 30)
        step = max(now - 1, auth["last_step"] + 1)
        if step <= now + 1:
            auth["last_step"] = step
            return totp(auth["secret"], step)
        time.sleep(1)


def enter_code(driver, form_css: str, username: str, what: str):
    form = need(driver, form_css, what)
    form.find_element(By.NAME, "code").send_keys(fresh_code(username))
    click(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def sign_in(driver, base_url, username, shot, name):
    driver.get(base_url + "/petugas/masuk")
    form = need(driver, "form#login-form", "the sign-in page has form#login-form")
    form.find_element(By.NAME, "username").send_keys(username)
    form.find_element(By.NAME, "password").send_keys(PASSWORD)
    shot(driver, name)
    click(driver, need(driver, "button#sign-in", "the sign-in button"))
    wait_until(driver, lambda d: path_of(d) in CONSOLE_LANDINGS, PAGE_TIMEOUT,
               f"{username} lands on the queue, the code step or the two-factor set-up after the password")
    if path_of(driver) == "/petugas/akun/dua-langkah":
        # First sign-in of a role that must use two-factor authentication: set up the authenticator.
        secret = text_of(driver, "#totp-secret", "the set-up page shows the secret in code#totp-secret").strip()
        AUTHENTICATORS[username] = {"secret": secret, "last_step": -1}
        shot(driver, name + "-two-factor-setup")
        enter_code(driver, "form#two-factor-form", username, "the set-up page has form#two-factor-form")
        wait_until(driver, lambda d: path_of(d) == "/petugas/akun", PAGE_TIMEOUT, "setting up two-factor leads to the account page")
        driver.get(base_url + "/petugas/antrean")
    elif path_of(driver) == "/petugas/masuk/kode":
        assert username in AUTHENTICATORS, f"{username} is asked for a code but never set up an authenticator\n{context(driver)}"
        enter_code(driver, "form#code-form", username, "the code step has form#code-form")
    wait_until(driver, lambda d: path_of(d) == "/petugas/antrean", PAGE_TIMEOUT,
               f"{username} lands on the queue /petugas/antrean after signing in")


def sign_out(driver):
    click(driver, need(driver, "button#sign-out", "the console offers button#sign-out"))
    wait_until(driver, lambda d: path_of(d) == "/petugas/masuk", PAGE_TIMEOUT, "signing out returns to /petugas/masuk")


def open_from_queue(driver, code, what):
    rows = driver.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
    assert rows, f"{what}: the queue lists complaints in table.queue tbody tr\n{context(driver)}"
    links = rows[0].find_elements(By.CSS_SELECTOR, "a.complaint-link")
    assert links and normalised(links[0].text) == normalised(code), (
        f"{what}: the new complaint {code} is at the top of the queue; the first row shows "
        f"{links[0].text if links else rows[0].text!r}\n{context(driver)}")
    click(driver, links[0])
    wait_until(driver, lambda d: path_of(d).startswith("/petugas/pengaduan/"), PAGE_TIMEOUT, f"{what}: the complaint opens")


def act(driver, action, shot, name, message=None, unit=None):
    form = need(driver, f"form#action-{action}", f"the complaint page offers form#action-{action}")
    details = form.find_element(By.XPATH, "./ancestor::details")
    if details.get_attribute("open") is None:
        click(driver, details.find_element(By.TAG_NAME, "summary"))
    if unit:
        Select(form.find_element(By.NAME, "unit")).select_by_value(unit)
    if message:
        area = form.find_element(By.NAME, "message")
        area.clear()
        area.send_keys(message)
    shot(driver, name)
    click(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_until(driver, lambda d: "ok=" in d.current_url, PAGE_TIMEOUT, f"the {action} action is saved")


def test_officer_asks_unit_resolves_citizen_sees_answer(office_server, browser, files, shot, create_officer):
    base = office_server
    create_officer(base, "petugas1", "pengelola", PASSWORD, name="Petugas Pengaduan")
    create_officer(base, "dafduk1", "bidang", PASSWORD, unit="dafduk", name="Staf Dafduk")

    # The citizen files a complaint.
    form = open_form_from_home(browser, base, shot, "officer-01")
    fill_complaint(browser, form, files)
    submit_complaint(browser)
    wait_for_receipt(browser)
    code = check_receipt(browser)

    # The officer finds it at the top of the queue and asks for a document.
    sign_in(browser, base, "petugas1", shot, "officer-02-sign-in")
    shot(browser, "officer-03-queue")
    open_from_queue(browser, code, "the complaints officer")
    shot(browser, "officer-04-complaint")
    act(browser, "request_info", shot, "officer-05-request", message=REQUEST)
    assert "Menunggu kelengkapan" in text_of(browser, "#status", "the status after asking")
    sign_out(browser)

    # The citizen reads the request and adds the document.
    open_follow_page(browser, base, code, shot, "officer-06")
    give_proof(browser, PHONE_OTHER_NOTATION)
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation"), PAGE_TIMEOUT, "the proof opens the conversation")
    assert REQUEST in need(browser, "#conversation", "the conversation").text, "the citizen sees the officer's request"
    before = count_documents(browser)
    reply = reply_form(browser)
    reply.find_element(By.NAME, "message").send_keys("Terlampir surat keterangan dari kecamatan.")
    attach(browser, reply, "documents", files.pdf2)
    click(browser, reply.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_until(browser, lambda d: count_documents(d) == before + 1, 120, "the added document is listed")
    shot(browser, "officer-07-citizen-added")
    assert "Diproses" in text_of(browser, "#status", "the status after the citizen's answer")

    # The officer forwards it to Dafduk.
    browser.delete_all_cookies()
    sign_in(browser, base, "petugas1", shot, "officer-08-sign-in")
    browser.get(f"{base}/petugas/pengaduan/{normalised(code)}")
    act(browser, "forward", shot, "officer-09-forward", message="Mohon cetak ulang KTP-el.", unit="dafduk")
    sign_out(browser)

    # The unit's officer sees it in the queue and resolves it.
    sign_in(browser, base, "dafduk1", shot, "officer-10-unit-sign-in")
    open_from_queue(browser, code, "the unit's officer")
    act(browser, "resolve", shot, "officer-11-resolve", message=ANSWER)
    assert "Selesai" in text_of(browser, "#status", "the status after resolving")
    sign_out(browser)

    # The citizen sees the answer.
    browser.delete_all_cookies()
    open_follow_page(browser, base, code, shot, "officer-12")
    give_proof(browser, PHONE_OTHER_NOTATION)
    wait_until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#conversation"), PAGE_TIMEOUT, "the proof opens the conversation")
    assert "Selesai" in text_of(browser, "#status", "the citizen sees the status")
    assert ANSWER in need(browser, "#conversation", "the conversation").text, "the citizen reads the answer"
    shot(browser, "officer-13-citizen-sees-answer")
