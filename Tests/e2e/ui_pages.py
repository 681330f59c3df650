"""The site's page kinds, the two screen sizes and colour schemes they are looked at in, and a
static host for them: shared by the phone/desktop browser test (test_ui.py) and
scripts/screenshots.py, so that the screenshots a reviewer looks at are of the pages the test
checks."""
import functools
import http.server
import os
import pathlib
import posixpath
import threading
import urllib.parse

# One page of each kind in the bundled content (paths under the site root). `lang` is the
# language the page is for; a fallback page is one whose text comes from another language.
PAGE_KINDS = {
    "home": "en/index.html",
    "section": "en/playbook/index.html",
    "step": "en/playbook/02-put-out-the-fire/index.html",
    "postmortem": "en/postmortems/wrong-email-entire-database/index.html",
    "postmortems": "en/postmortems/index.html",
    "apology": "en/apologies/data-breach/index.html",
    "search": "en/search/index.html?q=merge+tag",
    "tags": "en/tags/index.html",
    "tag": "en/tags/checklist/index.html",
    "fallback": "nl/postmortems/survey-gift-card-to-120000/index.html",
    "dashboard": "en/translations/index.html",
    "404": "en/playbook/no-such-page/",
}

# width, height, mobile (a phone: meta viewport honoured, overlay scrollbars).
SIZES = {"phone": (390, 844, True), "desktop": (1366, 900, False)}
SCHEMES = ("light", "dark")

# The site is served under this prefix, as on a static host that publishes it in a subfolder.
PREFIX = "/docs/playbook/"


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX and answers a missing path with the site's 404.html and
    status 404, as GitHub Pages, Netlify and nginx's `error_page 404` do."""

    site = "."

    def log_message(self, *args):
        pass

    def send_head(self):
        path = urllib.parse.urlsplit(self.path).path
        if not path.startswith(PREFIX):
            return self.not_found()
        rel = posixpath.normpath(urllib.parse.unquote(path[len(PREFIX):]) or ".")
        if rel.startswith(".."):
            return self.not_found()
        full = os.path.join(self.site, rel)
        if os.path.isdir(full) and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        if not os.path.isfile(full):
            return self.not_found()
        return super().send_head()

    def translate_path(self, path):
        path = urllib.parse.urlsplit(path).path[len(PREFIX):]
        return os.path.join(self.site, posixpath.normpath(urllib.parse.unquote(path) or "."))

    def not_found(self):
        page = os.path.join(self.site, "404.html")
        body = open(page, "rb").read() if os.path.isfile(page) else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Bytes(body)


class _Bytes:
    def __init__(self, data):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site):
    """Serves `site` on 127.0.0.1 (a free port); returns (base URL ending in PREFIX, server)."""
    handler = type("Host", (StaticHost,), {"site": str(site)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", server


def chromium(width=1366, height=900):
    """Headless Chromium from Debian driven by Debian's chromedriver (Selenium Manager never
    runs: it would try to reach the internet)."""
    os.environ["SE_AVOID_STATS"] = "true"
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--hide-scrollbars", "--force-device-scale-factor=1"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    return driver


def emulate(driver, size, scheme):
    """Sets the viewport (CSS pixels) and prefers-color-scheme through the DevTools protocol."""
    width, height, mobile = SIZES[size]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def screenshot(driver, path, full_page=False):
    """Writes a PNG of the viewport, or of the whole page (`full_page`, height capped)."""
    import base64
    params = {"format": "png"}
    if full_page:
        width, height = driver.execute_script(
            "return [document.documentElement.clientWidth, Math.min(document.documentElement.scrollHeight, 6000)]")
        params.update({"captureBeyondViewport": True,
                       "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    data = driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]
    pathlib.Path(path).write_bytes(base64.b64decode(data))
