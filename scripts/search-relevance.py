#!/usr/bin/env python3
"""Relevance half of scripts/bench-search.sh: runs a query set (Tests/search-queries/*.tsv:
language, query, the page meant) against playbook's search and against Pagefind on the same
built site, in headless Chromium over a local HTTP server, and prints recall@1, recall@5 and MRR
(reciprocal rank of the page meant among the first 10 results, 0 when absent) per language and
overall, with the queries each engine missed.

    search-relevance.py QUERIES.tsv SITE [PAGEFIND_SITE] [--cold] [--misses] [--json OUT]

--cold also measures, for every query on a freshly loaded search page with the HTTP cache off,
the bytes of search/ files the query loads and the time from the query to its results on
screen (median and 90th percentile).
"""
import argparse
import json
import os
import statistics

from benchbrowser import REQUESTED, chromium, serve


def browser():
    return chromium(("--disable-gpu",), script_timeout=120, binary="/usr/bin/chromium")


def read_queries(path):
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        lang, query, page = line.split("\t")
        out.append((lang, query, page))
    return out


def page_path(url):
    """'http://127.0.0.1:1/nl/common/ssh/index.html?highlight=…#x' → 'nl/common/ssh/'."""
    path = url.split("://", 1)[-1]
    path = path[path.find("/") + 1:] if "://" in url else path.lstrip("/")
    path = path.split("?")[0].split("#")[0]
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path.lstrip("/")


# Runs the query through the search page's widget, as typed (the last word is a prefix unless
# the query ends with a space), and returns the first 10 result URLs.
RUN_OURS = """
var q = arguments[0], done = arguments[arguments.length - 1];
var w = PlaybookSearch.widgets[0], box = w.box;
w.limit = 10;
w.input.value = q;
w.run();
var seq = w.seq;
(function poll() {
  if (+box.getAttribute('data-ready') === seq) {
    var links = box.querySelectorAll('.search-result-link');
    done({urls: Array.prototype.map.call(links, function (a) { return a.href; }), ms: w.lastTotalMs, total: w.total});
  } else if (w.seq !== seq) done(null); else setTimeout(poll, 2);
})();
"""

READY_OURS = "window.PlaybookSearch && PlaybookSearch.widgets && PlaybookSearch.widgets.length && PlaybookSearch.widgets[0].input"

RUN_PAGEFIND = """
var q = arguments[0], done = arguments[arguments.length - 1];
var t0 = performance.now();
window.pf.search(q).then(function (r) {
  return Promise.all(r.results.slice(0, 10).map(function (x) { return x.data(); })).then(function (data) {
    done({urls: data.map(function (x) { return x.url; }), ms: performance.now() - t0, total: r.results.length});
  });
});
"""


def wait_ready(d, js):
    d.execute_async_script("var done = arguments[0]; (function p() { if (%s) done(); else setTimeout(p, 5); })();" % js)


def search_bytes(root, prefix):
    total = 0
    for path in set(REQUESTED):
        path = path.split("?")[0]
        if path.startswith(prefix):
            f = os.path.join(root, path.lstrip("/"))
            if os.path.isfile(f):
                total += os.path.getsize(f)
    return total


def run_engine(d, queries, url_of_lang, run_js, ready_js, cold=False, root=None, prefix=None):
    """[(lang, query, page, ranked pages, ms, bytes)]"""
    out = []
    current = None
    for lang, query, page in queries:
        if cold or current != lang:
            del REQUESTED[:]
            d.get(url_of_lang(lang))
            wait_ready(d, ready_js)
            current = lang
        r = d.execute_async_script(run_js, query)
        pages = [page_path(u) for u in (r or {}).get("urls", [])]
        out.append((lang, query, page, pages, (r or {}).get("ms") or 0, search_bytes(root, prefix) if cold else 0))
    return out


def metrics(rows):
    n = len(rows) or 1
    r1 = sum(1 for r in rows if r[3][:1] == [r[2]]) / n
    r3 = sum(1 for r in rows if r[2] in r[3][:3]) / n
    r5 = sum(1 for r in rows if r[2] in r[3][:5]) / n
    mrr = sum(1 / (r[3].index(r[2]) + 1) for r in rows if r[2] in r[3][:10]) / n
    empty = sum(1 for r in rows if not r[3])
    return r1, r3, r5, mrr, empty


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("queries")
    ap.add_argument("site")
    ap.add_argument("pagefind_site", nargs="?")
    ap.add_argument("--cold", action="store_true")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    queries = read_queries(a.queries)
    langs = sorted({q[0] for q in queries}, key=lambda l: [q[0] for q in queries].index(l))
    d = browser()
    srv, url = serve(a.site)
    engines = {}
    try:
        engines["playbook"] = run_engine(d, queries, lambda l: f"{url}{l}/search/index.html", RUN_OURS, READY_OURS,
                                         cold=a.cold, root=a.site, prefix="/search/")
        if a.pagefind_site:
            for lang in langs:
                with open(os.path.join(a.pagefind_site, f"pf-bench-{lang}.html"), "w") as f:
                    f.write(f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body>'
                            '<script type="module">import * as pf from "./pagefind/pagefind.js"; '
                            'pf.init().then(function () { window.pf = pf; });</script></body></html>')
            pfsrv, pfurl = serve(a.pagefind_site)
            try:
                engines["Pagefind 1.5.2"] = run_engine(d, queries, lambda l: f"{pfurl}pf-bench-{l}.html", RUN_PAGEFIND, "window.pf",
                                                       cold=a.cold, root=a.pagefind_site, prefix="/pagefind/")
            finally:
                pfsrv.shutdown()
    finally:
        d.quit()
        srv.shutdown()

    print(f"\n{os.path.basename(a.queries)}: {len(queries)} queries\n")
    print("| engine | language | queries | recall@1 | recall@3 | recall@5 | MRR | empty |")
    print("|---|---|---|---|---|---|---|---|")
    for name, rows in engines.items():
        for lang in langs + ["all"]:
            sub = [r for r in rows if lang == "all" or r[0] == lang]
            r1, r3, r5, mrr, empty = metrics(sub)
            label = f"**{lang}**" if lang == "all" else lang
            print(f"| {name} | {label} | {len(sub)} | {r1:.2f} | {r3:.2f} | {r5:.2f} | {mrr:.2f} | {empty} |")
    if a.cold:
        print("\n| engine | first query: bytes loaded, median / p90 / max | time to results, median / p90 |")
        print("|---|---|---|")
        for name, rows in engines.items():
            b = sorted(r[5] for r in rows)
            t = sorted(r[4] for r in rows)
            p90 = lambda v: v[min(len(v) - 1, int(0.9 * len(v)))]
            print(f"| {name} | {statistics.median(b) / 1e3:.0f} / {p90(b) / 1e3:.0f} / {b[-1] / 1e3:.0f} KB | {statistics.median(t):.0f} / {p90(t):.0f} ms |")
    if a.misses:
        for name, rows in engines.items():
            print(f"\n{name}: not first")
            for lang, q, page, pages, _, _ in rows:
                if pages[:1] != [page]:
                    rank = pages.index(page) + 1 if page in pages else "-"
                    print(f"  {lang} {q!r}: rank {rank}; got {pages[:3]}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({k: [list(r) for r in v] for k, v in engines.items()}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
