#!/usr/bin/env python3
"""First query typed into a content page's search box (a measurement, not a test): the time from
the first keystroke to the results on screen, in headless Chromium, over a local HTTP server
(cache off) and from disk (file://), with search.js loaded on first use (as shipped: site.js
inserts it when the box takes focus) and, for comparison, already loaded with the page (as
before). Keys are real keystrokes (WebDriver), sent right after the box is focused.

    scripts/bench-first-query.py SITE [RUNS]

SITE is a built site (`playbook build --output SITE`; the bundled content has the pages and
words below); RUNS per query and mode, default 5. Prints the median and the slowest run.
Run with the test venv's Python (`./scripts/setup --test`): it needs selenium.
"""
import os
import statistics
import sys
import time

from selenium.webdriver.common.by import By

from benchbrowser import chromium, serve

PAGE = "{lang}/playbook/02-put-out-the-fire/index.html"
QUERIES = [("en", "apology"), ("en", "merge tag"), ("nl", "excuses"), ("pl", "przeprosiny"), ("es", "disculpa")]


def browser():
    return chromium(("--window-size=1366,900",), script_timeout=30)


# Page clock: the first keydown anywhere, and each time the box shows results (data-ready).
WATCH = """
window.__bench = {key: 0, ready: []};
document.addEventListener('keydown', function () { if (!__bench.key) __bench.key = performance.now(); }, true);
var box = document.querySelector('.search-box');
new MutationObserver(function () {
  __bench.ready.push([performance.now(), box.getAttribute('data-ready')]);
}).observe(box, {attributes: true, attributeFilter: ['data-ready']});
"""

PRELOAD = """
var done = arguments[0], s = document.createElement('script');
s.src = document.querySelector("script[src$='assets/site.js']").src.replace(/site\\.js$/, 'search.js');
s.onload = function () { done(); };
document.head.appendChild(s);
"""

SETTLED = """
var q = arguments[0], w = window.PlaybookSearch && PlaybookSearch.widgets && PlaybookSearch.widgets[0];
if (!w || !w.seq || w.input.value !== q || w.box.getAttribute('data-ready') !== String(w.seq)) return null;
var last = __bench.ready.filter(function (r) { return r[1] === String(w.seq); })[0];
return last ? [last[0] - __bench.key, w.total, !!document.querySelector("script[src$='assets/search.js']")] : null;
"""


def first_query(d, url, query, preload):
    """Milliseconds from the first keystroke to the results of the whole query."""
    d.get(url)
    d.execute_script(WATCH)
    if preload:
        d.execute_async_script(PRELOAD)
    else:
        assert not d.execute_script("return !!window.PlaybookSearch"), "search.js loaded before use"
    d.find_element(By.ID, "pb-search-input").send_keys(query)
    end = time.time() + 20
    while time.time() < end:
        r = d.execute_script(SETTLED, query)
        if r:
            assert r[1] > 0, (query, "no results")
            return r[0]
        time.sleep(0.01)
    raise AssertionError(f"no results for {query!r} at {url}")


def main():
    site = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    httpd, http_base = serve(site)
    bases = {"http": http_base, "file": "file://" + site + "/"}
    d = browser()
    rows = []
    try:
        for scheme, base in bases.items():
            for preload in (False, True):
                times = []
                for lang, query in QUERIES:
                    for _ in range(runs):
                        times.append(first_query(d, base + PAGE.format(lang=lang), query, preload))
                rows.append((scheme, preload, times))
    finally:
        d.quit()
        httpd.shutdown()
    print("| first query on a step page | search.js on first use | search.js loaded with the page |")
    print("|---|---|---|")
    for scheme in bases:
        cells = []
        for preload in (False, True):
            times = next(t for s, p, t in rows if s == scheme and p == preload)
            cells.append(f"{statistics.median(times):.0f} ms (slowest {max(times):.0f} ms)")
        print(f"| {scheme}{' (cache off)' if scheme == 'http' else ''}: first key → results, median | {cells[0]} | {cells[1]} |")
    print(f"\n{len(QUERIES)} queries ({', '.join(q for _, q in QUERIES)}) × {runs} runs each, typed as real keystrokes "
          "right after the box is focused; the index is loaded cold on every run in both columns.")


if __name__ == "__main__":
    main()
