"""`playbook serve`: the real binary on a free port of 127.0.0.1, a copy of the bundled content,
edits observed over HTTP and on the event stream. Every wait is bounded; the server is always
stopped."""
import http.client
import json
import os
import pathlib
import re
import selectors
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import BIN, REPO

DEADLINE = 20  # seconds for any single wait


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, source):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [BIN, "serve", "--source", str(source), "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        self.output = b""
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        end = time.monotonic() + 60
        while time.monotonic() < end and b"serving http://" not in self.output:
            if sel.select(timeout=max(0.1, end - time.monotonic())):
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                self.output += chunk
        sel.close()
        if b"serving http://" not in self.output:
            self.stop()
            raise AssertionError("serve did not start:\n" + self.output.decode(errors="replace"))
        # Keep reading its log, so that a full pipe never blocks the server.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        while chunk := os.read(self.proc.stdout.fileno(), 65536):
            self.output += chunk

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def request(self, path, method="GET", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=DEADLINE)
        try:
            conn.request(method, path, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def raw(self, target):
        """Sends the request line exactly as given (no client-side normalisation)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=DEADLINE) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), body


class Events:
    """The server-sent event stream, read with a deadline."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
        self.sock.sendall(b"GET /__playbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.buf = b""
        head = self._until(b"\r\n\r\n")
        assert b"text/event-stream" in head
        assert self.next()[0] == "hello"

    def _until(self, sep):
        end = time.monotonic() + DEADLINE
        while sep not in self.buf:
            self.sock.settimeout(max(0.05, end - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError("event stream closed")
            self.buf += chunk
        part, _, self.buf = self.buf.partition(sep)
        return part

    def next(self, search=False):
        """(event name, parsed data) of the next event, skipping comments and, unless `search`,
        the reloads that bring only the search index (it follows the pages it indexes)."""
        while True:
            block = self._until(b"\n\n").decode()
            name, data = None, []
            for line in block.split("\n"):
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
            if name:
                parsed = json.loads("\n".join(data))
                if name == "reload" and parsed.get("search") and not search:
                    continue
                return name, parsed

    def close(self):
        self.sock.close()


@pytest.fixture
def source(tmp_path):
    src = tmp_path / "site"
    src.mkdir()
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, src / name)
    shutil.copy(REPO / "playbook.yml", src / "playbook.yml")
    return src


@pytest.fixture
def server(source):
    s = Server(source)
    try:
        yield s
    finally:
        s.stop()


PAGE = "/en/playbook/02-put-out-the-fire/"
PAGE_FILE = "content/en/playbook/02-put-out-the-fire.md"


def test_serves_pages_with_types_head_and_conditional_requests(server):
    status, headers, body = server.request("/en/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    html = body.decode()
    # The reload script is injected into responses only, as an external script.
    assert html.count('<script src="/__playbook/reload.js" defer></script>') == 1
    assert html.index("/__playbook/reload.js") < html.index("</head>")
    assert not re.search(r"\son[a-z]+\s*=", html)

    status, h, body = server.request("/en/", method="HEAD")
    assert status == 200 and body == b"" and h["content-length"] == headers["content-length"]
    assert server.request("/en/", headers={"If-None-Match": headers["etag"]})[0] == 304
    assert server.request("/en/", headers={"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert server.request("/en/", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200

    assert server.request("/assets/style.css")[1]["content-type"].startswith("text/css")
    assert server.request("/assets/site.js")[1]["content-type"].startswith("text/javascript")
    status, h, _ = server.request("/en")
    assert status == 301 and h["location"] == "/en/"
    # The query survives the redirect (it was dropped: /en/search?q=… lost the search), and
    # `//en` does not redirect to `//en/` (a browser reads that as the host `en`).
    status, h, _ = server.request("/en/search?q=bounce&lang=all")
    assert status == 301 and h["location"] == "/en/search/?q=bounce&lang=all"
    status, h, _ = server.request("//en")
    assert status == 301 and h["location"] == "/en/"
    status, h, body = server.request("/en/no-such-page/")
    assert status == 404 and h["content-type"].startswith("text/html") and b"/__playbook/reload.js" in body
    assert server.request("/en/", method="POST")[0] == 405
    status, h, js = server.request("/__playbook/reload.js")
    assert status == 200 and h["content-type"].startswith("text/javascript") and b"EventSource" in js


def test_built_files_never_contain_the_reload_script(tmp_path, source):
    out = tmp_path / "public"
    subprocess.run([BIN, "build", "--source", str(source), "--output", str(out)], check=True, capture_output=True, timeout=600)
    for f in out.rglob("*.html"):
        assert "__playbook" not in f.read_text(encoding="utf-8"), f


@pytest.mark.parametrize("target", [
    "/../playbook.yml", "/%2e%2e/playbook.yml", "/%2E%2E/%2e%2e/etc/passwd", "/en/..%2f..%2fplaybook.yml",
    "/en/%2e%2e%2f%2e%2e%2fcontent/en/_index.md", "/assets/..%5c..%5cplaybook.yml", "/./en/", "//etc/passwd",
    "/content/en/_index.md", "/playbook.yml", "/en/%00/", "/%zz",
])
def test_path_escapes_are_refused(server, target):
    status, body = server.raw(target)
    assert status in (400, 403, 404), (target, status)
    assert b"base_url" not in body and b"root:x:0" not in body


def test_edit_rebuilds_the_page_and_sends_a_reload_event(server, source):
    events = Events(server.port)
    try:
        path = source / PAGE_FILE
        path.write_text(path.read_text(encoding="utf-8") + "\nFRESHMARKER paragraph.\n", encoding="utf-8")
        name, data = events.next()
        assert name == "reload"
        assert "en/playbook/02-put-out-the-fire/index.html" in data["changed"]
        # Only what the edit affects: not every page of the site.
        assert len(data["changed"]) < 20
        status, _, body = server.request(PAGE)
        assert status == 200 and b"FRESHMARKER" in body

        # A deleted page is gone from the site; its old URL answers 404.
        (source / "content/en/postmortems/seven-test-emails.md").unlink()
        name, data = events.next()
        assert name == "reload" and "en/postmortems/seven-test-emails/index.html" in data["changed"]
        assert server.request("/en/postmortems/seven-test-emails/")[0] == 404
    finally:
        events.close()


def test_search_index_follows_the_edit_and_equals_a_full_build(server, source, tmp_path):
    # The first build's index comes after "serving" too (all languages at once).
    wait_for(lambda: server.request("/search/en/index.js")[0] == 200, "the first search index")
    events = Events(server.port)
    try:
        path = source / PAGE_FILE
        path.write_text(path.read_text(encoding="utf-8") + "\nZebraquokka paragraph.\n", encoding="utf-8")
        name, data = events.next()
        assert name == "reload" and "en/playbook/02-put-out-the-fire/index.html" in data["changed"]
        # The page first, without the index; then the index of the page's language only.
        assert not any(p.startswith("search/") for p in data["changed"])
        name, data = events.next(search=True)
        assert name == "reload" and data["search"] and not data["all"]
        assert all(p.startswith("search/en/") for p in data["changed"])
        assert any(b"zebraquokka" in server.request("/" + p)[2] for p in data["changed"])
        # Every search file served equals a full build's.
        out = tmp_path / "full"
        subprocess.run([BIN, "build", "--source", str(source), "--output", str(out)], check=True, capture_output=True)
        built = sorted(p for p in (out / "search").rglob("*") if p.is_file())
        assert built
        for p in built:
            status, _, body = server.request("/" + str(p.relative_to(out)))
            assert status == 200 and body == p.read_bytes(), p
    finally:
        events.close()


def test_broken_front_matter_shows_an_error_and_keeps_the_last_good_site(server, source):
    events = Events(server.port)
    try:
        path = source / PAGE_FILE
        good = path.read_text(encoding="utf-8")
        before = server.request(PAGE)[2]
        path.write_text("---\ntitle: [unclosed\n---\nBroken.\n", encoding="utf-8")
        name, data = events.next()
        assert name == "error"
        errors = data["errors"]
        assert errors[0]["file"] == PAGE_FILE and isinstance(errors[0].get("line"), int)
        status, _, body = server.request(PAGE)
        assert status == 200 and body == before
        assert json.loads(server.request("/__playbook/status")[2])["errors"]
        # A page opened now learns about the error as soon as it connects.
        late = Events(server.port)
        assert late.next()[0] == "error"
        late.close()

        path.write_text(good + "\nRECOVERED.\n", encoding="utf-8")
        name, data = events.next()
        assert name == "reload" and data["recovered"]
        assert b"RECOVERED" in server.request(PAGE)[2]
    finally:
        events.close()


def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium and chromedriver are needed for the browser test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,700"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(driver), options=opts)


def wait_for(fn, what):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        value = fn()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def test_browser_reloads_keeping_scroll_and_shows_the_error_overlay(server, source):
    driver = browser()
    try:
        path = source / PAGE_FILE
        good = path.read_text(encoding="utf-8")
        # A long page, so that there is something to scroll.
        path.write_text(good + "\n" + "\n\n".join(f"Filler paragraph {i}." for i in range(200)) + "\n", encoding="utf-8")
        wait_for(lambda: b"Filler paragraph 199" in server.request(PAGE)[2], "the long page")
        driver.get(f"http://127.0.0.1:{server.port}{PAGE}")
        wait_for(lambda: driver.execute_script("return document.readyState") == "complete", "page load")
        time.sleep(0.3)  # the event stream connects
        driver.execute_script("window.scrollTo(0, 1500)")
        driver.execute_script("window.__marker = 1")
        path.write_text(good + "\n" + "\n\n".join(f"Filler paragraph {i}." for i in range(200)) + "\nBROWSERMARKER\n", encoding="utf-8")
        wait_for(lambda: "BROWSERMARKER" in driver.page_source and driver.execute_script("return window.__marker") is None, "reload")
        wait_for(lambda: abs(driver.execute_script("return window.scrollY") - 1500) < 50, "scroll restored")

        time.sleep(0.3)
        path.write_text("---\ntitle: [unclosed\n---\nBroken.\n", encoding="utf-8")
        overlay = wait_for(lambda: driver.find_elements("id", "playbook-error-overlay"), "error overlay")
        assert f"{PAGE_FILE}:" in overlay[0].text
        path.write_text(good, encoding="utf-8")
        wait_for(lambda: not driver.find_elements("id", "playbook-error-overlay"), "overlay gone after the fix")
    finally:
        driver.quit()
