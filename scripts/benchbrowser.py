"""What the browser benchmarks share: a cold, quiet static server and a headless Chromium with the
HTTP cache off (so every measurement starts cold). Imported by bench-search-browser.py,
search-relevance.py and bench-first-query.py, which run from scripts/."""
import functools
import http.server
import shutil
import socket
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REQUESTED = []  # paths the servers were asked for (pages, scripts, and what workers fetch)


class NoStore(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        REQUESTED.append(self.path)
        super().do_GET()


def serve(directory):
    """Serves `directory` on a free 127.0.0.1 port from a daemon thread: (server, base URL)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(NoStore, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{port}/"


def chromium(extra_args=(), script_timeout=None, binary=None):
    """Headless Chromium (Debian's chromium and chromedriver) with the network cache disabled."""
    options = webdriver.ChromeOptions()
    if binary:
        options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", *extra_args):
        options.add_argument(arg)
    d = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    if script_timeout:
        d.set_script_timeout(script_timeout)
    return d
