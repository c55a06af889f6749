"""A citizen on a phone files a complaint, follows it, proves who she is, and adds a document.

Page contract (Bahasa Indonesia UI), as agreed with the application:
  /                          a#file-complaint -> /pengaduan/baru, a#follow-complaint -> /lacak
  /pengaduan/baru            form#complaint-form (POST /pengaduan, multipart), labelled fields, errors in
                             .field-error inside the field's container and a #form-errors summary,
                             kept uploads shown as .kept-file after a rejected submission
  /pengaduan/{code}/bukti    #tracking-code (XXXXX-XXXXX-XXXX), #deadline (… WIB …), #print-receipt
  /lacak                     form#follow-form with input[name=code]
  /lacak/{code}              #status, #deadline, #timeline, form#proof-form (input[name=proof]);
                             after the right proof: #conversation, #documents (one li per document),
                             form#reply-form (textarea[name=message], input[type=file][name=documents])
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from selenium.webdriver.common.by import By

from pages import (
    CITIZEN,
    CODE_RE,
    DESCRIPTION,
    ENGLISH_WORDS,
    INDONESIAN_WORDS,
    PHONE_OTHER_NOTATION,
    attach,
    choose,
    click,
    context,
    download,
    field,
    field_error,
    fill,
    label_problems,
    need,
    normalised,
    path_of,
    select_value,
    set_checked,
    shown_errors,
    submit_button,
    text_of,
    wait_until,
)

SUBMIT_TIMEOUT = 120  # two phone photos through a debug build
PAGE_TIMEOUT = 30


# --------------------------------------------------------------------------- steps


def open_form_from_home(driver, base_url, shot, prefix):
    driver.get(base_url + "/")
    shot(driver, f"{prefix}-home" if prefix else "home")
    link = need(driver, "a#file-complaint", "the home page links to the complaint form with a#file-complaint")
    follow = need(driver, "a#follow-complaint", "the home page links to the follow page with a#follow-complaint")
    assert urlparse(link.get_attribute("href")).path == "/pengaduan/baru", (
        f"contract: a#file-complaint goes to /pengaduan/baru, it goes to {link.get_attribute('href')!r}")
    assert urlparse(follow.get_attribute("href")).path == "/lacak", (
        f"contract: a#follow-complaint goes to /lacak, it goes to {follow.get_attribute('href')!r}")
    click(driver, link)
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "form#complaint-form"), PAGE_TIMEOUT,
               "a#file-complaint opens a page with form#complaint-form")
    return need(driver, "form#complaint-form", "the complaint form")


def check_form_shape(driver):
    form = need(driver, "form#complaint-form", "the complaint form is form#complaint-form")
    method = (form.get_attribute("method") or "").lower()
    enctype = (form.get_attribute("enctype") or "").lower()
    action = urlparse(form.get_attribute("action") or "").path
    assert (method, enctype, action) == ("post", "multipart/form-data", "/pengaduan"), (
        "contract: form#complaint-form posts multipart/form-data to /pengaduan; it has "
        f"method={method!r} enctype={enctype!r} action path={action!r}")
    problems = label_problems(driver, form)
    assert not problems, "contract: every field of form#complaint-form exists and has a <label>:\n  " + "\n  ".join(problems)
    radios = {r.get_attribute("value") for r in form.find_elements(By.CSS_SELECTOR, 'input[type=radio][name=classification]')}
    assert {"pengaduan", "aspirasi", "informasi"} <= radios, (
        f"contract: classification radios have values pengaduan/aspirasi/informasi; found {sorted(radios)}")
    docs = field(form, "documents", driver)
    assert docs.get_attribute("multiple") is not None, "contract: the `documents` file input accepts several files (multiple)"
    need(driver, "button#submit-complaint", "the complaint form's submit button is button#submit-complaint")
    return form


def fill_complaint(driver, form, files, *, nik=CITIZEN["nik"], consent=True, documents=True):
    fill(driver, form, "name", CITIZEN["name"])
    fill(driver, form, "nik", nik)
    fill(driver, form, "kk_number", CITIZEN["kk_number"])
    fill(driver, form, "phone", CITIZEN["phone"])
    fill(driver, form, "email", CITIZEN["email"])
    select_value(driver, form, "service", "ktp_el")
    choose(driver, form, "classification", "pengaduan")
    fill(driver, form, "description", DESCRIPTION)
    attach(driver, form, "kk_photo", files.kk_photo)
    attach(driver, form, "ktp_photo", files.ktp_photo)
    if documents:
        attach(driver, form, "documents", files.pdf)
    set_checked(driver, form, "consent", consent)


def submit_complaint(driver):
    click(driver, need(driver, "button#submit-complaint", "the submit button button#submit-complaint"))


def wait_for_receipt(driver, what="a valid complaint ends on the receipt page /pengaduan/{code}/bukti"):
    def arrived(d):
        if re.search(r"^/pengaduan/[^/]+/bukti/?$", path_of(d)) and d.find_elements(By.CSS_SELECTOR, "#tracking-code"):
            return True
        return False

    try:
        wait_until(driver, arrived, SUBMIT_TIMEOUT, what)
    except AssertionError as e:
        errors = shown_errors(driver)
        raise AssertionError(f"{e}\n  errors shown: {errors}") from None


def check_receipt(driver):
    code = text_of(driver, "#tracking-code", "the receipt shows the code in #tracking-code")
    assert CODE_RE.match(code), (
        f"contract: #tracking-code holds 14 characters of 23456789ACDEFGHJKMNPQRTUVWXY as 5-5-4 with dashes; "
        f"it holds {code!r}")
    url_code = re.search(r"^/pengaduan/([^/]+)/bukti", path_of(driver)).group(1)
    assert normalised(url_code) == normalised(code), f"the receipt URL's code {url_code!r} is not the shown {code!r}"
    deadline = text_of(driver, "#deadline", "the receipt shows the response deadline in #deadline")
    assert "WIB" in deadline, f"contract: #deadline is a sentence with the time in WIB; it says {deadline!r}"
    need(driver, "#print-receipt", "the receipt has a print button #print-receipt")
    return code


def open_follow_page(driver, base_url, code, shot, prefix):
    driver.get(base_url + "/")
    click(driver, need(driver, "a#follow-complaint", "the home page links to /lacak with a#follow-complaint"))
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "form#follow-form"), PAGE_TIMEOUT,
               "/lacak shows form#follow-form")
    form = need(driver, "form#follow-form", "/lacak has form#follow-form")
    fill(driver, form, "code", code)
    shot(driver, f"{prefix}-follow-code" if prefix else "follow-code")
    click(driver, submit_button(driver, form, "form#follow-form"))
    wait_until(driver, lambda d: path_of(d).startswith("/lacak/") and d.find_elements(By.CSS_SELECTOR, "#status"),
               PAGE_TIMEOUT, "submitting the code opens /lacak/{code} with #status")
    got = path_of(driver).split("/")[2]
    assert normalised(got) == normalised(code), f"the follow page is for {got!r}, not for {code!r}"


def check_status_page_without_proof(driver):
    status = text_of(driver, "#status", "/lacak/{code} shows the status in #status")
    assert "Diterima" in status, f"contract: a new complaint's #status says 'Diterima'; it says {status!r}"
    need(driver, "#deadline", "/lacak/{code} shows the deadline in #deadline")
    need(driver, "#timeline", "/lacak/{code} shows the history in #timeline")
    need(driver, "form#proof-form input[name=proof]", "/lacak/{code} asks for the second proof in form#proof-form")
    assert not driver.find_elements(By.CSS_SELECTOR, "#conversation"), (
        "contract: the conversation (#conversation) is hidden until the second proof is given")
    source = driver.page_source
    leaked = [label for label, value in (("NIK", CITIZEN["nik"]), ("KK number", CITIZEN["kk_number"]),
                                         ("name", CITIZEN["name"]), ("e-mail", CITIZEN["email"]),
                                         ("phone", "3456-7890"), ("phone", "34567890"))
              if value in source]
    assert not leaked, f"DESIGN: a tracking code alone shows only the status; the page contains the {leaked}"


def give_proof(driver, proof):
    form = need(driver, "form#proof-form", "the follow page has form#proof-form")
    fill(driver, form, "proof", proof)
    click(driver, submit_button(driver, form, "form#proof-form"))


def reply_form(driver):
    form = need(driver, "form#reply-form", "after the proof the page has form#reply-form")
    need(driver, "textarea[name=message]", "form#reply-form has textarea[name=message]", root=form)
    need(driver, 'input[type=file][name=documents]', "form#reply-form has a file input `documents`", root=form)
    submit_button(driver, form, "form#reply-form")
    return form


def count_documents(driver):
    return len(driver.find_elements(By.CSS_SELECTOR, "#documents li"))


# --------------------------------------------------------------------------- tests


def test_file_follow_and_add_document(server, browser, files, shot):
    """The whole happy path with JavaScript on (phone photos may be downscaled before upload)."""
    d = browser
    open_form_from_home(d, server, shot, "")
    form = check_form_shape(d)
    shot(d, "form")
    fill_complaint(d, form, files)
    shot(d, "form-filled")
    submit_complaint(d)
    wait_for_receipt(d)
    code = check_receipt(d)
    shot(d, "receipt")

    open_follow_page(d, server, code, shot, "")
    check_status_page_without_proof(d)
    shot(d, "status-no-proof")

    give_proof(d, "0899-0000-1111")
    wait_until(d, lambda x: shown_errors(x) or x.find_elements(By.CSS_SELECTOR, "#conversation"), PAGE_TIMEOUT,
               "a wrong proof shows an error (.field-error or #form-errors)")
    shot(d, "wrong-proof")
    assert shown_errors(d), f"contract: a wrong proof shows an error (.field-error or #form-errors)\n{context(d)}"
    assert not d.find_elements(By.CSS_SELECTOR, "#conversation"), "a wrong proof must not open #conversation"

    give_proof(d, PHONE_OTHER_NOTATION)
    wait_until(d, lambda x: x.find_elements(By.CSS_SELECTOR, "#conversation"), PAGE_TIMEOUT,
               f"the phone in another notation ({PHONE_OTHER_NOTATION!r}) is accepted as proof and #conversation shows")
    shot(d, "conversation")
    n = count_documents(d)
    assert n == 3, (f"contract: #documents lists one li per document, 3 after filing (KK photo, KTP-el photo, PDF); "
                    f"found {n}\n{context(d)}")

    message = "Berikut saya lampirkan surat keterangan tambahan dari kantor wali nagari."
    form = reply_form(d)
    fill(d, form, "message", message)
    attach(d, form, "documents", files.pdf2)
    shot(d, "reply-filled")
    click(d, submit_button(d, form, "form#reply-form"))
    wait_until(d, lambda x: message in (x.find_element(By.CSS_SELECTOR, "#conversation").text
                                        if x.find_elements(By.CSS_SELECTOR, "#conversation") else ""),
               SUBMIT_TIMEOUT, "after sending, the message shows inside #conversation")
    n = count_documents(d)
    assert n == 4, f"contract: after adding one PDF, #documents has 4 li; found {n}\n{context(d)}"
    shot(d, "after-reply")


def test_rejected_submission_keeps_typed_data_and_photos(server, phone, files, shot):
    """A wrong NIK and no consent: Indonesian errors by the fields, typed data and chosen photos kept."""
    d = phone
    tag = "js" if d._aduan_javascript else "nojs"
    d.get(server + "/pengaduan/baru")
    form = need(d, "form#complaint-form", "/pengaduan/baru shows form#complaint-form")
    fill_complaint(d, form, files, nik="1234", consent=False, documents=False)
    # Let the server judge: the browser's own validation (required, pattern) would stop the submission here.
    d.execute_script("arguments[0].noValidate = true", form)
    shot(d, f"bad-{tag}-filled")
    submit_complaint(d)
    wait_until(d, lambda x: shown_errors(x) or "/bukti" in x.current_url, SUBMIT_TIMEOUT,
               "a submission with NIK '1234' and no consent is answered with errors")
    shot(d, f"bad-{tag}-errors")
    assert "/bukti" not in d.current_url, "a complaint with NIK '1234' and no consent was accepted"

    form = need(d, "form#complaint-form", "the rejected submission shows form#complaint-form again")
    summary = need(d, "#form-errors", "a rejected submission has a #form-errors summary")
    assert summary.is_displayed() and summary.text.strip(), "contract: #form-errors is visible and not empty"
    problems = []
    for name in ("nik", "consent"):
        msg = field_error(d, form, name)
        if msg is None:
            problems.append(f"{name}: no visible .field-error inside the field's own container")
        elif ENGLISH_WORDS.search(msg) or not INDONESIAN_WORDS.search(msg):
            problems.append(f"{name}: the error does not read as Indonesian: {msg!r}")
    assert not problems, "contract: errors shown next to the fields, in Indonesian:\n  " + "\n  ".join(problems) + \
        f"\n  all errors shown: {shown_errors(d)}"

    kept_name = field(form, "name", d).get_attribute("value")
    assert kept_name == CITIZEN["name"], f"contract: the typed name is kept; the field holds {kept_name!r}"
    kept = [e.text.strip() for e in d.find_elements(By.CSS_SELECTOR, ".kept-file")]
    assert len(kept) == 2, (
        f"contract: the accepted KK and KTP-el photos are shown as kept (.kept-file, one per file); found {kept}")

    fill(d, form, "nik", CITIZEN["nik"])
    set_checked(d, form, "consent", True)
    shot(d, f"bad-{tag}-corrected")
    submit_complaint(d)
    wait_for_receipt(d, "after correcting the NIK and ticking consent, without choosing the photos again, "
                        "the complaint is accepted")
    code = check_receipt(d)
    shot(d, f"bad-{tag}-receipt")

    open_follow_page(d, server, code, shot, f"bad-{tag}")
    give_proof(d, "081234567890")
    wait_until(d, lambda x: x.find_elements(By.CSS_SELECTOR, "#conversation"), PAGE_TIMEOUT,
               "the phone number is accepted as proof")
    shot(d, f"bad-{tag}-documents")
    n = count_documents(d)
    assert n == 2, f"contract: the kept KK and KTP-el photos are on the complaint (#documents li); found {n}\n{context(d)}"


def test_filing_works_without_javascript(server, browser_nojs, files, shot):
    """Filing must work with JavaScript disabled: plain multipart upload of the full-size photos."""
    d = browser_nojs
    open_form_from_home(d, server, shot, "nojs")
    form = check_form_shape(d)
    fill_complaint(d, form, files)
    shot(d, "nojs-form-filled")
    submit_complaint(d)
    wait_for_receipt(d)
    code = check_receipt(d)
    shot(d, "nojs-receipt")

    open_follow_page(d, server, code, shot, "nojs")
    check_status_page_without_proof(d)
    give_proof(d, "Warga@example.com")  # a phone keyboard capitalises the first letter
    wait_until(d, lambda x: x.find_elements(By.CSS_SELECTOR, "#conversation"), PAGE_TIMEOUT,
               "the e-mail address is accepted as proof (case does not matter)")
    shot(d, "nojs-conversation")
    n = count_documents(d)
    assert n == 3, f"contract: 3 documents after filing without JavaScript; found {n}\n{context(d)}"


def test_uploaded_photos_are_stripped_and_downscaled(server, phone, files, shot):
    """DESIGN: location metadata is stripped from uploaded photos; with JavaScript, a 4000x3000 photo is
    downscaled before the upload (long side at most 2560 px). Checked on the files served back to the
    citizen from #documents."""
    import io

    from PIL import Image

    d = phone
    tag = "js" if d._aduan_javascript else "nojs"
    d.get(server + "/pengaduan/baru")
    form = need(d, "form#complaint-form", "/pengaduan/baru shows form#complaint-form")
    fill_complaint(d, form, files, documents=False)
    submit_complaint(d)
    wait_for_receipt(d)
    code = check_receipt(d)
    open_follow_page(d, server, code, shot, f"photos-{tag}")
    give_proof(d, CITIZEN["phone"])
    wait_until(d, lambda x: x.find_elements(By.CSS_SELECTOR, "#conversation"), PAGE_TIMEOUT,
               "the phone number as typed on the form is accepted as proof")
    shot(d, f"photos-{tag}-documents")
    links = {a.text.strip(): a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "#documents a[href]")}
    problems = []
    for original, stem in ((files.kk_photo, "foto-kartu-keluarga"), (files.ktp_photo, "foto-ktp-el")):
        href = next((h for t, h in links.items() if stem in t), None)
        if href is None:
            problems.append(f"{stem}: no link in #documents (links: {sorted(links)})")
            continue
        ctype, data = download(d, href)
        try:
            img = Image.open(io.BytesIO(data))
            img.load()
        except Exception as e:
            problems.append(f"{stem}: {href} did not give an image ({ctype}, {len(data)} bytes): {e}")
            continue
        gps = dict(img.getexif().get_ifd(0x8825))
        if gps:
            problems.append(f"{stem}: GPS tags still in the served photo: {gps}")
        with Image.open(original) as o:
            original_size = o.size
        if d._aduan_javascript and max(original_size) > 2560 and max(img.size) > 2560:
            problems.append(f"{stem}: {original_size} was not downscaled by the page's script: served {img.size}")
    assert not problems, "uploaded photos:\n  " + "\n  ".join(problems)
