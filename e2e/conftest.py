"""Fixtures of Aduan's browser tests.

Environment:
  ADUAN_BIN          the built server (default: .build/debug/aduan under the repository)
  ADUAN_SCREENSHOTS  where screenshots go (default: a fresh temporary directory, printed at the end)
  ADUAN_E2E_BASE_URL use an already running server instead of starting ADUAN_BIN (for debugging)

The server runs as `ADUAN_BIN serve --hostname 127.0.0.1 --port PORT` from a scratch working directory,
with ADUAN_DATA_DIR set to a temporary directory and no DATABASE_URL, so it uses its embedded SQLite.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PHONE_WIDTH, PHONE_HEIGHT = 412, 915
PHONE_WINDOW = f"{PHONE_WIDTH},{PHONE_HEIGHT}"
PHONE_USER_AGENT = ("Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/120.0.0.0 Mobile Safari/537.36")
STARTUP_TIMEOUT = 60.0
WEBDRIVER_COMMAND_TIMEOUT = 180

# Selenium must never try to download a browser or a driver.
os.environ.setdefault("SE_OFFLINE", "true")

_state: dict = {"server_log": None, "failed": False, "screenshots": None}


# --------------------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path | None, lines: int = 150) -> str:
    if not path or not Path(path).exists():
        return "(no server log)"
    text = Path(path).read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def _healthz(base_url: str) -> int | None:
    try:
        with urllib.request.urlopen(base_url + "/healthz", timeout=2) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return None


# --------------------------------------------------------------------------- the server


@contextlib.contextmanager
def running_server(tmp_path_factory, name: str = "server", extra_env: dict | None = None, port: int | None = None):
    """Starts the Aduan server on a free loopback port with its own data folder; yields its base URL.
    `extra_env` adds settings (the mail flow's SMTP and IMAP servers)."""
    external = os.environ.get("ADUAN_E2E_BASE_URL")
    if external:
        yield external.rstrip("/")
        return

    binary = os.environ.get("ADUAN_BIN") or str(REPO_ROOT / ".build" / "debug" / "aduan")
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        pytest.fail(
            f"ADUAN_BIN={binary!r} is not an executable file: build the server first "
            "(`swift build`, then ADUAN_BIN=$(swift build --show-bin-path)/aduan), or run ./scripts/test.sh",
            pytrace=False,
        )

    base = tmp_path_factory.mktemp(name)
    data_dir = base / "data"
    data_dir.mkdir()
    workdir = base / "cwd"  # a neutral working directory: the server must find its own resources
    workdir.mkdir()
    log_path = base / "server.log"
    _state["server_log"] = log_path

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ADUAN_TEST_DATABASE_URL")}
    env["ADUAN_DATA_DIR"] = str(data_dir)
    env.update(extra_env or {})

    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    _state.setdefault("servers", {})[base_url] = (binary, data_dir)
    cmd = [binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)]
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)

    deadline = time.monotonic() + STARTUP_TIMEOUT
    status = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.close()
            pytest.fail(
                f"the server exited with code {proc.returncode} before answering GET /healthz.\n"
                f"command: {' '.join(cmd)}\nADUAN_DATA_DIR={data_dir}\n--- server log ---\n{_tail(log_path)}",
                pytrace=False,
            )
        status = _healthz(base_url)
        if status == 200:
            break
        time.sleep(0.25)
    else:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        pytest.fail(
            f"GET {base_url}/healthz did not answer 200 within {STARTUP_TIMEOUT:.0f} s "
            f"(last status: {status}).\ncommand: {' '.join(cmd)}\n--- server log ---\n{_tail(log_path)}",
            pytrace=False,
        )

    try:
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The server the citizen's tests share."""
    with running_server(tmp_path_factory) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def office_server(tmp_path_factory):
    """A server of its own for the office's flow, so that its queue holds only what the flow files."""
    with running_server(tmp_path_factory, "office") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def create_officer():
    """Creates an officer's account on the server at base_url with the real command line, as an
    administrator would: `aduan user create --username … --role … [--unit …]`, the password on stdin."""
    def create(base_url: str, username: str, role: str, password: str, unit: str | None = None, name: str | None = None) -> None:
        binary, data_dir = _state.get("servers", {}).get(base_url, (None, None))
        assert binary and data_dir, "create_officer needs the server started from ADUAN_BIN (not ADUAN_E2E_BASE_URL)"
        cmd = [binary, "user", "create", "--username", username, "--role", role, "--name", name or username.title()]
        if unit:
            cmd += ["--unit", unit]
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ADUAN_TEST_DATABASE_URL")}
        env["ADUAN_DATA_DIR"] = str(data_dir)
        done = subprocess.run(cmd, input=password + "\n", text=True, capture_output=True, env=env, timeout=120)
        assert done.returncode == 0, f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return create


# --------------------------------------------------------------------------- browsers


def make_driver(javascript: bool = True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="aduan-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={PHONE_WINDOW}",
        f"--user-data-dir={profile}",
        "--lang=id-ID",
        "--no-first-run",
        "--disable-extensions",
    ):
        opts.add_argument(arg)
    # Desktop Chromium will not make a window narrower than 500 px: emulate the phone's viewport too.
    opts.add_experimental_option("mobileEmulation", {
        # touch only with JavaScript: chromedriver's emulated tap never returns when page scripts are off
        "deviceMetrics": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT, "pixelRatio": 1.0,
                          "touch": javascript, "mobile": True},
        "userAgent": PHONE_USER_AGENT,
    })
    prefs = {"intl.accept_languages": "id-ID,id"}
    if not javascript:
        opts.add_argument("--blink-settings=scriptEnabled=false")
        prefs["profile.managed_default_content_settings.javascript"] = 2
    opts.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(120)
    # A WebDriver command that hangs must fail the test, not eat CI's 90 minutes.
    config = getattr(driver.command_executor, "client_config", None)
    if config is not None:
        config.timeout = WEBDRIVER_COMMAND_TIMEOUT
    else:  # older Selenium
        driver.command_executor.set_timeout(WEBDRIVER_COMMAND_TIMEOUT)
    driver._aduan_profile = profile  # removed in close_driver
    driver._aduan_javascript = javascript
    if not javascript:
        # Prove that page scripts really do not run (WebDriver's own scripts still do).
        driver.get("data:text/html,<title>off</title><script>document.title='on'</script>")
        assert driver.title == "off", "JavaScript is still enabled in the no-JavaScript browser"
    return driver


def close_driver(driver) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "_aduan_profile", ""), ignore_errors=True)


@pytest.fixture
def browser():
    """A phone-sized headless Chromium with JavaScript on."""
    d = make_driver(javascript=True)
    yield d
    close_driver(d)


@pytest.fixture
def browser_nojs():
    """A phone-sized headless Chromium with JavaScript disabled."""
    d = make_driver(javascript=False)
    yield d
    close_driver(d)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def phone(request):
    """The same phone twice: once with JavaScript on, once with it disabled."""
    d = make_driver(javascript=request.param)
    yield d
    close_driver(d)


# --------------------------------------------------------------------------- screenshots

_counter = itertools.count(1)


def pytest_configure(config):
    path = os.environ.get("ADUAN_SCREENSHOTS")
    p = Path(path) if path else Path(tempfile.mkdtemp(prefix="aduan-screenshots-"))
    p.mkdir(parents=True, exist_ok=True)
    _state["screenshots"] = p


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    return _state["screenshots"]


def save_full_page(driver, path: Path) -> None:
    """Full-page PNG through the DevTools protocol (the whole form, not only the first screen)."""
    import base64

    try:
        m = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = m.get("cssContentSize") or m.get("contentSize")
        width = max(1, int(size["width"]))
        height = max(1, min(int(size["height"]), 12000))
        data = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True,
             "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
        )["data"]
        path.write_bytes(base64.b64decode(data))
    except Exception:
        driver.save_screenshot(str(path))


@pytest.fixture
def shot(screenshot_dir, request):
    """shot(driver, "home") saves NN-home.png (NN counts across the whole run)."""

    def take(driver, name: str) -> Path:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
        path = screenshot_dir / f"{next(_counter):02d}-{slug}.png"
        save_full_page(driver, path)
        return path

    return take


# --------------------------------------------------------------------------- test files


def _photo(path: Path, title: str, colour: tuple[int, int, int], seed: int, size=(2400, 1800)) -> Path:
    """A phone-camera JPEG of a document card, with EXIF (make, model) and GPS tags."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    w, h = size
    k = w / 2400  # the drawing is laid out for 2400 px and scaled
    img = Image.new("RGB", (w, h), (205, 200, 190))
    noise = Image.effect_noise((w, h), 40).convert("RGB")
    img = Image.blend(img, noise, 0.18)
    d = ImageDraw.Draw(img)
    S = lambda *xs: tuple(int(x * k) for x in xs)  # noqa: E731
    d.rounded_rectangle((S(150, 150) + (w - int(150 * k), h - int(150 * k))), radius=int(60 * k), fill=colour,
                        outline=(40, 40, 40), width=int(12 * k))
    try:
        big = ImageFont.load_default(size=int(140 * k))
        small = ImageFont.load_default(size=int(60 * k))
    except TypeError:  # Pillow < 10.1
        big = small = ImageFont.load_default()
    d.text(S(260, 230), title, fill=(15, 15, 60), font=big)
    d.text(S(260, 420), "PROVINSI SUMATERA BARAT - KABUPATEN DHARMASRAYA", fill=(20, 20, 20), font=small)
    d.rectangle(S(260, 560, 820, 1300), fill=(170, 180, 200), outline=(30, 30, 30), width=int(6 * k))  # pas foto
    d.ellipse(S(380, 640, 700, 960), fill=(120, 90, 70))
    for i in range(9):
        y = 580 + i * 95
        d.text(S(900, y), f"Baris {i + 1}: " + "ABCDEFGHIJ"[: (seed + i) % 10 + 1] * 3, fill=(10, 10, 10), font=small)
        d.line(S(900, y + 75, 2100, y + 75), fill=(90, 90, 90), width=int(3 * k))
    d.ellipse(S(1700, 1150, 2100, 1550), outline=(150, 0, 0), width=int(14 * k))  # a stamp
    img = img.filter(ImageFilter.GaussianBlur(0.6))

    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # Make
    exif[0x0110] = "Galaxy A14"  # Model
    try:
        # GPS position (Pulau Punjung): the server should strip location metadata from uploads.
        exif[0x8825] = {1: "S", 2: (1.0, 2.0, 3.0), 3: "E", 4: (101.0, 34.0, 5.0)}
        img.save(path, "JPEG", quality=90, exif=exif)
    except Exception:
        img.save(path, "JPEG", quality=90)
    return path


def _pdf(path: Path, text: str) -> Path:
    """A small, valid one-page PDF written by hand (correct xref offsets)."""
    content = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


class Files:
    """The citizen's files: kk_photo (4000x3000 JPEG), ktp_photo (2400x1800 JPEG), both with GPS tags; pdf and
    pdf2 (one-page PDFs)."""

    def __init__(self, kk_photo: Path, ktp_photo: Path, pdf: Path, pdf2: Path):
        self.kk_photo, self.ktp_photo, self.pdf, self.pdf2 = kk_photo, ktp_photo, pdf, pdf2


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> Files:
    d = tmp_path_factory.mktemp("uploads")
    return Files(
        # 4000x3000, about 2.5 MB: a phone camera's photo, which the page's script downscales before upload
        kk_photo=_photo(d / "foto-kartu-keluarga.jpg", "KARTU KELUARGA", (230, 236, 250), 1, size=(4000, 3000)),
        # 2400x1800, about 0.6 MB: small enough to be sent as it is
        ktp_photo=_photo(d / "foto-ktp-el.jpg", "KTP-el", (200, 225, 245), 5),
        pdf=_pdf(d / "surat-pengantar-rt.pdf", "Surat Pengantar RT 002 / RW 001 - Nagari Sungai Kambut"),
        pdf2=_pdf(d / "surat-keterangan-tambahan.pdf", "Surat Keterangan Tambahan"),
    )


# --------------------------------------------------------------------------- reporting


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    if rep.failed:
        _state["failed"] = True
    if rep.when == "call" and rep.failed:
        shots = _state["screenshots"]
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.name).strip("-")
        for name, d in list(getattr(item, "funcargs", {}).items()):
            if not isinstance(d, WebDriver):
                continue
            png = Path(shots) / f"FAIL-{slug}-{name}.png"
            html = Path(shots) / f"FAIL-{slug}-{name}.html"
            try:
                save_full_page(d, png)
                html.write_text(d.page_source)
                rep.sections.append(
                    (f"browser at failure ({name})", f"url: {d.current_url}\nscreenshot: {png}\nhtml: {html}")
                )
            except Exception as e:  # the browser may be gone
                rep.sections.append((f"browser at failure ({name})", f"could not capture: {e}"))
    return rep


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    shots = _state.get("screenshots")
    if shots:
        terminalreporter.write_line(f"screenshots: {shots}")
    if _state.get("failed") and _state.get("server_log"):
        terminalreporter.write_sep("-", "server log (last 150 lines)")
        terminalreporter.write_line(_tail(_state["server_log"]))
