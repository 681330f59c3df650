"""Shared fixtures: the playbook binary and builds of the bundled content."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("PLAYBOOK_BIN") or str(REPO / ".build" / "debug" / "playbook")


def run(*args, cwd=REPO, check=True):
    """Runs the playbook binary; returns the CompletedProcess."""
    proc = subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"playbook {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc



def make(root, files):
    """Writes `files` (path below `root` → text or bytes) under `root`; returns `root`."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root

def build(out, *extra, source=REPO):
    return run("build", "--source", str(source), "--output", str(out), *extra)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The bundled content/ built (internal edition)."""
    out = tmp_path_factory.mktemp("site") / "public"
    build(out)
    return out


@pytest.fixture(scope="session")
def field_site(tmp_path_factory):
    """The bundled content/ built as the field edition."""
    out = tmp_path_factory.mktemp("field") / "public"
    build(out, "--edition", "field")
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian, driven by Debian's chromedriver. Paths are given
    explicitly so Selenium Manager never runs (it would try to reach the internet)."""
    os.environ["SE_AVOID_STATS"] = "true"
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--allow-file-access-from-files"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def http_server():
    """Serves a folder over HTTP on 127.0.0.1 (a free port); returns a function dir -> base URL."""
    import functools
    import http.server
    import threading

    servers = []

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    def serve(directory):
        handler = functools.partial(Quiet, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
