"""Helpers for driving Aduan's public pages the way a citizen on a phone does.

Every helper that looks for something the page contract promises fails with an AssertionError that says
which contract point is missing, on which URL, and what the page showed instead.
"""

from __future__ import annotations

import re
import time
import urllib.request
from urllib.parse import urlparse

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

# --------------------------------------------------------------------------- contract data

CODE_ALPHABET = "23456789ACDEFGHJKMNPQRTUVWXY"
CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{5}}-[{CODE_ALPHABET}]{{5}}-[{CODE_ALPHABET}]{{4}}$")

CITIZEN = {
    "name": "Siti Rahmawati",
    "nik": "1310054507900001",  # a woman (day 05 + 40) born 5 July 1990
    "kk_number": "1310050101090002",
    "phone": "0812-3456-7890",
    "email": "warga@example.com",
}
PHONE_OTHER_NOTATION = "+62 812 3456 7890"
DESCRIPTION = (
    "Saya mengajukan perubahan data KTP-el karena pindah alamat tiga minggu lalu, tetapi sampai sekarang "
    "belum ada kabar. Mohon informasi kapan KTP-el saya bisa diambil."
)

# Every field of form#complaint-form, by name.
FORM_FIELDS = [
    "name", "nik", "kk_number", "phone", "email", "service", "classification", "district",
    "description", "kk_photo", "ktp_photo", "documents", "confidential", "consent",
]

# Words that an Indonesian error message is very likely to contain, and English ones it should not.
INDONESIAN_WORDS = re.compile(
    r"\b(harus|wajib|tidak|belum|mohon|perlu|silakan|centang|isi|isikan|salah|sah|digit|angka|"
    r"setuju|persetujuan|kosong|lengkapi|periksa|benar)\b", re.I)
ENGLISH_WORDS = re.compile(r"\b(must|required|invalid|please|field|should|missing|enter)\b", re.I)


# --------------------------------------------------------------------------- looking


def context(driver, limit: int = 1200) -> str:
    """What the browser shows now, for failure messages."""
    try:
        body = driver.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        body = "(no body)"
    body = re.sub(r"\n{2,}", "\n", body).strip()
    if len(body) > limit:
        body = body[:limit] + " …"
    return f"  url:   {driver.current_url}\n  title: {driver.title!r}\n  page text:\n    " + body.replace("\n", "\n    ")


def path_of(driver) -> str:
    return urlparse(driver.current_url).path


def need(driver, css: str, what: str, root=None):
    """The first element matching css, or an AssertionError naming the contract point."""
    found = (root or driver).find_elements(By.CSS_SELECTOR, css)
    if not found:
        raise AssertionError(f"contract: {what}\n  expected an element matching `{css}`, found none\n{context(driver)}")
    return found[0]


def text_of(driver, css: str, what: str) -> str:
    return need(driver, css, what).text.strip()


def wait_until(driver, condition, timeout: float, what: str, poll: float = 0.25):
    """Polls condition(driver) until it returns something truthy."""
    end = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = condition(driver)
            if value:
                return value
        except (StaleElementReferenceException, WebDriverException) as e:
            last_error = e
        if time.monotonic() > end:
            extra = f"\n  last error: {last_error.__class__.__name__}: {str(last_error)[:200]}" if last_error else ""
            raise AssertionError(f"contract: {what}\n  not reached within {timeout:.0f} s{extra}\n{context(driver)}")
        time.sleep(poll)


def visible_texts(driver, css: str) -> list[str]:
    out = []
    for e in driver.find_elements(By.CSS_SELECTOR, css):
        try:
            if e.is_displayed() and e.text.strip():
                out.append(e.text.strip())
        except StaleElementReferenceException:
            pass
    return out


def shown_errors(driver) -> list[str]:
    """Visible, non-empty error texts: .field-error elements and #form-errors."""
    return visible_texts(driver, ".field-error") + visible_texts(driver, "#form-errors")


# --------------------------------------------------------------------------- acting


def click(driver, element) -> None:
    """Clicks like a finger would; falls back to a scripted click when a sticky bar covers the element."""
    try:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    except WebDriverException:
        pass
    try:
        element.click()
    except (ElementClickInterceptedException, ElementNotInteractableException):
        driver.execute_script("arguments[0].click()", element)


def field(form, name: str, driver):
    found = form.find_elements(By.NAME, name)
    if not found:
        raise AssertionError(f"contract: the form has a field named `{name}`\n  none found\n{context(driver)}")
    return found[0]


def fill(driver, form, name: str, value: str) -> None:
    el = field(form, name, driver)
    el.clear()
    el.send_keys(value)


def select_value(driver, form, name: str, value: str) -> None:
    el = field(form, name, driver)
    values = [o.get_attribute("value") for o in el.find_elements(By.TAG_NAME, "option")]
    assert value in values, (
        f"contract: select `{name}` has an option with value {value!r}\n  its values: {values}\n{context(driver)}")
    Select(el).select_by_value(value)


def _click_control(driver, el) -> None:
    """Radio buttons and check boxes are often styled: click the input, else its label, else by script."""
    try:
        el.click()
        return
    except (ElementClickInterceptedException, ElementNotInteractableException):
        pass
    el_id = el.get_attribute("id")
    labels = driver.find_elements(By.CSS_SELECTOR, f'label[for="{el_id}"]') if el_id else []
    labels += el.find_elements(By.XPATH, "./ancestor::label")
    for label in labels:
        try:
            label.click()
            return
        except (ElementClickInterceptedException, ElementNotInteractableException):
            continue
    driver.execute_script("arguments[0].click()", el)


def choose(driver, form, name: str, value: str) -> None:
    radios = form.find_elements(By.CSS_SELECTOR, f'input[type="radio"][name="{name}"]')
    values = [r.get_attribute("value") for r in radios]
    match = [r for r in radios if r.get_attribute("value") == value]
    assert match, f"contract: radio `{name}` has value {value!r}\n  its values: {values}\n{context(driver)}"
    _click_control(driver, match[0])
    assert match[0].is_selected(), f"could not select radio {name}={value}\n{context(driver)}"


def set_checked(driver, form, name: str, checked: bool = True) -> None:
    el = field(form, name, driver)
    if el.is_selected() != checked:
        _click_control(driver, el)
    assert el.is_selected() == checked, f"could not set checkbox `{name}` to {checked}\n{context(driver)}"


def attach(driver, form, name: str, *paths) -> None:
    el = field(form, name, driver)
    assert el.get_attribute("type") == "file", f"contract: `{name}` is a file input\n{context(driver)}"
    el.send_keys("\n".join(str(p) for p in paths))


def submit_button(driver, form, what: str):
    for css in ('button[type="submit"]', 'input[type="submit"]', "button:not([type])"):
        found = form.find_elements(By.CSS_SELECTOR, css)
        if found:
            return found[0]
    raise AssertionError(f"contract: {what} has a submit button\n  none found\n{context(driver)}")


# --------------------------------------------------------------------------- checks


def label_problems(driver, form) -> list[str]:
    """Names of FORM_FIELDS that are missing or have a control without a <label>."""
    problems = []
    for name in FORM_FIELDS:
        controls = [c for c in form.find_elements(By.NAME, name) if c.get_attribute("type") != "hidden"]
        if not controls:
            problems.append(f"{name}: no such field")
            continue
        for c in controls:
            c_id = c.get_attribute("id")
            labelled = bool(c_id and driver.find_elements(By.CSS_SELECTOR, f'label[for="{c_id}"]'))
            labelled = labelled or bool(c.find_elements(By.XPATH, "./ancestor::label"))
            if not labelled:
                desc = name + (f"={c.get_attribute('value')}" if c.get_attribute("type") in ("radio",) else "")
                problems.append(f"{desc}: no <label> (neither label[for=id] nor an enclosing label)")
    return problems


def field_error(driver, form, name: str) -> str | None:
    """The visible .field-error text that belongs to field `name`: linked through aria-describedby, or the
    nearest .field-error inside an ancestor of the field that holds no other contract field."""
    controls = form.find_elements(By.NAME, name)
    if not controls:
        return None
    control = controls[0]
    for ref in (control.get_attribute("aria-describedby") or "").split():
        for e in driver.find_elements(By.ID, ref):
            if "field-error" in (e.get_attribute("class") or "").split() and e.text.strip():
                return e.text.strip()
    ancestors = control.find_elements(By.XPATH, "./ancestor::*")[::-1]  # nearest first
    for anc in ancestors:
        if anc.tag_name.lower() in ("form", "body", "html"):
            return None
        errors = [e for e in anc.find_elements(By.CSS_SELECTOR, ".field-error") if e.is_displayed() and e.text.strip()]
        if errors:
            others = {c.get_attribute("name") for c in anc.find_elements(By.CSS_SELECTOR, "[name]")}
            others = (others & set(FORM_FIELDS)) - {name}
            if others:
                return None  # this container is shared with other fields: the error is not "next to" ours
            return errors[0].text.strip()
    return None


def normalised(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", code).upper()


def download(driver, href: str) -> tuple[str, bytes]:
    """GET a link with the browser's cookies (the documents are served only to the proven citizen)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    req = urllib.request.Request(href, headers={"Cookie": cookies, "User-Agent": driver.execute_script("return navigator.userAgent")})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.headers.get("Content-Type", ""), r.read()
