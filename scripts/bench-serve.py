#!/usr/bin/env python3
"""Edit-to-reload latency of `playbook serve` (a benchmark, not a test).

    scripts/bench-serve.py [--pages 1000] [--edits 20] [--bin .build/release/playbook] [--corpus DIR]

Makes the bench corpus (shared/bench/make-corpus.py) unless --corpus is given, starts
`playbook serve` on a free port, and reports the start time (process start → "serving" line,
which comes after the first full build). Then, --edits times: rewrites one page's Markdown with
a new marker, and measures from the moment the file is closed until (a) the `reload` event
naming the page arrives on /__playbook/events and (b) an HTTP GET returns the new bytes.
Prints median and p90 of both.
"""
import argparse
import json
import os
import pathlib
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import http.client

REPO = pathlib.Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def p90(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]


class Events:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.sendall(b"GET /__playbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.buf = b""
        self._until(b"\r\n\r\n")

    def _until(self, sep):
        while sep not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise SystemExit("event stream closed")
            self.buf += chunk
        part, _, self.buf = self.buf.partition(sep)
        return part

    def next(self):
        while True:
            block = self._until(b"\n\n").decode()
            name = data = None
            for line in block.split("\n"):
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
            if name:
                return name, json.loads(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000, help="pages per language for the generated corpus")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--bin", default=str(REPO / ".build/release/playbook"))
    ap.add_argument("--corpus", help="use this source tree instead of generating one")
    args = ap.parse_args()

    work = pathlib.Path(tempfile.mkdtemp(prefix="playbook-bench-serve-"))
    proc = None
    try:
        if args.corpus:
            src = pathlib.Path(args.corpus)
        else:
            src = work / "corpus"
            subprocess.run([sys.executable, "/work/shared/bench/make-corpus.py", str(src), "--pages", str(args.pages)],
                           check=True, stdout=subprocess.DEVNULL)
        pages = sorted((src / "content/en/playbook").glob("*.md"))
        target = pages[len(pages) // 2]
        rel = target.relative_to(src / "content").with_suffix("")
        url = "/" + str(rel).replace("play-", "play-") + "/"
        out_path = str(rel) + "/index.html"
        original = target.read_text(encoding="utf-8")

        port = free_port()
        t0 = time.monotonic()
        proc = subprocess.Popen([args.bin, "serve", "--source", str(src), "--port", str(port)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        log = b""
        while b"serving http://" not in log:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                raise SystemExit("serve exited:\n" + log.decode())
            log += chunk
        start = time.monotonic() - t0
        print(log.decode().strip())
        # Drain the server's log in the background.
        import threading
        threading.Thread(target=lambda: [None for _ in iter(lambda: os.read(proc.stdout.fileno(), 65536), b"")], daemon=True).start()

        events = Events(port)
        events.next()  # hello
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        to_event, to_bytes = [], []
        for i in range(args.edits):
            marker = f"BENCHMARK-EDIT-{i}-{time.time_ns()}"
            text = original.replace("\n## ", f"\n{marker}\n\n## ", 1)
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            saved = time.monotonic()
            while True:
                name, data = events.next()
                if name == "reload" and (data.get("all") or out_path in data.get("changed", [])):
                    break
                if name == "error":
                    raise SystemExit(f"build error: {data}")
            got_event = time.monotonic() - saved
            conn.request("GET", url)
            body = conn.getresponse().read()
            if marker.encode() not in body:
                raise SystemExit(f"the page did not contain the new text after the reload event ({url})")
            to_event.append(got_event * 1000)
            to_bytes.append((time.monotonic() - saved) * 1000)
            time.sleep(0.2)
        target.write_text(original, encoding="utf-8")
        n = sum(1 for _ in (src / "content").rglob("*.md"))
        print(f"corpus: {n} Markdown files ({n // 4} per language); edited {target.relative_to(src)}")
        print(f"start (process start → serving, incl. first full build): {start:.2f} s")
        print(f"save → reload event:     median {statistics.median(to_event):.1f} ms, p90 {p90(to_event):.1f} ms ({args.edits} edits)")
        print(f"save → new bytes (HTTP): median {statistics.median(to_bytes):.1f} ms, p90 {p90(to_bytes):.1f} ms")
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
