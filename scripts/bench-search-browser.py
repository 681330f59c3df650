#!/usr/bin/env python3
"""Browser half of scripts/bench-search.sh: measures playbook search and Pagefind in headless
Chromium over a local HTTP server and prints the side-by-side table.

    bench-search-browser.py PAGES SITE PAGEFIND_SITE BUILD_TIMES PAGEFIND_TIME
"""
import os
import statistics
import sys

from benchbrowser import REQUESTED, chromium, serve


QUERIES = {"en": ["apology", "deliverability complaint", "deliverab"], "nl": ["excuses", "klacht"],
           "pl": ["przeprosiny", "szkoda"], "es": ["disculpa", "queja"]}


def browser():
    return chromium(script_timeout=60)


def bytes_loaded(d, part, root, base):
    """Bytes of the files under `part` requested since the last reset (sizes on disk: what the
    server sent). Counted at the server: Pagefind fetches its index from a Web Worker, which the
    page's own resource timing does not see."""
    total = 0
    for path in set(REQUESTED):
        path = path.split("?")[0].split("#")[0]
        if path.startswith(part):
            f = os.path.join(root, path.lstrip("/"))
            if os.path.isfile(f):
                total += os.path.getsize(f)
    return total


RUN_OURS = """
var q = arguments[0], done = arguments[arguments.length - 1];
var w = PlaybookSearch.widgets[0], box = w.box;
w.limit = 10;
var before = box.getAttribute('data-ready');
var t0 = performance.now();
w.input.value = q;
w.run();
(function poll() {
  var r = box.getAttribute('data-ready');
  if (r && r !== before && +r === w.seq) done([w.lastTotalMs, w.total]);
  else setTimeout(poll, 0);
})();
"""

TYPE_OURS = """
var q = arguments[0], done = arguments[arguments.length - 1];
var w = PlaybookSearch.widgets[0], box = w.box, i = 0;
w.limit = 10;
w.input.focus();
(function key() {
  i++;
  w.input.value = q.slice(0, i);
  w.input.dispatchEvent(new Event('input'));
  if (i < q.length) { setTimeout(key, 150); return; }
  (function poll() {
    var r = box.getAttribute('data-ready');
    if (r && +r === w.seq) done([w.lastTotalMs, w.total]); else setTimeout(poll, 5);
  })();
})();
"""

RUN_PAGEFIND = """
var q = arguments[0], done = arguments[arguments.length - 1];
var t0 = performance.now();
window.pf.search(q).then(function (r) {
  return Promise.all(r.results.slice(0, 10).map(function (x) { return x.data(); })).then(function () {
    done([performance.now() - t0, r.results.length]);
  });
});
"""


def measure(d, url, run, part, lang, ready_js, root, base):
    """First query (cold: nothing loaded) and warm queries: (first_ms, first_bytes, warm_ms, hits)."""
    firsts, byts, warms = [], [], []
    hits = 0
    for q in QUERIES[lang][:1] + QUERIES[lang]:
        del REQUESTED[:]
        d.get(url)
        d.execute_async_script("var done = arguments[0]; (function p() { if (%s) done(); else setTimeout(p, 5); })();" % ready_js)
        ms, n = d.execute_async_script(run, q)
        firsts.append(ms)
        byts.append(bytes_loaded(d, part, root, base))
        hits = hits or n
        # warm: the same query again, and a second time (files loaded, engine warmed)
        d.execute_async_script(run, q + " ")
        ms2, _ = d.execute_async_script(run, q)
        warms.append(ms2)
    return statistics.median(firsts), max(byts), statistics.median(warms), hits


def typed(d, url, lang, root, base):
    """Bytes loaded when the first query is typed one key every 150 ms (as-you-type searches)."""
    out = []
    for q in QUERIES[lang]:
        del REQUESTED[:]
        d.get(url)
        d.execute_async_script("var done = arguments[0]; (function p() { if (window.PlaybookSearch && PlaybookSearch.widgets) done(); else setTimeout(p, 5); })();")
        d.execute_async_script(TYPE_OURS, q)
        out.append(bytes_loaded(d, "/search/", root, base))
    return max(out)


def dir_bytes(path):
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def main():
    pages, site, pfsite, build_times, pf_time = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    rows = [l.split() for l in open(build_times) if l.strip()]
    total = statistics.median(float(r[0]) for r in rows)
    index = statistics.median(float(r[1]) for r in rows)
    pf_seconds = float(open(pf_time).read().split()[0])
    ours_bytes, ours_files = dir_bytes(os.path.join(site, "search"))
    pf_bytes, pf_files = dir_bytes(os.path.join(pfsite, "pagefind"))
    client = os.path.getsize(os.path.join(site, "assets", "search.js"))

    for lang in QUERIES:
        with open(os.path.join(pfsite, f"pf-bench-{lang}.html"), "w") as f:
            f.write(f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"></head><body>'
                    '<script type="module">import * as pf from "./pagefind/pagefind.js"; '
                    'pf.init().then(function () { window.pf = pf; });</script></body></html>')
    ours_srv, ours_url = serve(site)
    pf_srv, pf_url = serve(pfsite)
    d = browser()
    table = []
    try:
        for lang in QUERIES:
            o = measure(d, f"{ours_url}{lang}/search/index.html", RUN_OURS, "/search/", lang,
                        "window.PlaybookSearch && PlaybookSearch.widgets && PlaybookSearch.widgets.length", site, ours_url)
            p = measure(d, f"{pf_url}pf-bench-{lang}.html", RUN_PAGEFIND, "/pagefind/", lang, "window.pf", pfsite, pf_url)
            t = typed(d, f"{ours_url}{lang}/search/index.html", lang, site, ours_url)
            table.append((lang, o, p, t))
    finally:
        d.quit()
        ours_srv.shutdown()
        pf_srv.shutdown()

    n = int(pages)
    print(f"\n## {n:,} pages per language ({4 * n:,} pages)\n")
    print("| | playbook search | Pagefind 1.5.2 | target |")
    print("|---|---|---|---|")
    print(f"| index build | {index:.2f} s of a {total:.2f} s build (+{100 * index / max(total - index, 1e-9):.1f}%) | {pf_seconds:.2f} s (separate run) | < 20% of build |")
    print(f"| total index bytes | {ours_bytes / 1e6:.1f} MB in {ours_files:,} files | {pf_bytes / 1e6:.1f} MB in {pf_files:,} files | ≤ half of Pagefind ({100 * ours_bytes / pf_bytes:.0f}%) |")
    for lang, o, p, t in table:
        print(f"| first query, {lang}: bytes loaded | {o[1] / 1e3:.0f} KB (+ {client / 1e3:.0f} KB search.js); typed key by key: {t / 1e3:.0f} KB | {p[1] / 1e3:.0f} KB | ≤ 150 KB |")
    for lang, o, p, t in table:
        print(f"| query time, {lang}: first / warm (median) | {o[0]:.1f} ms / {o[2]:.1f} ms | {p[0]:.1f} ms / {p[2]:.1f} ms | ≤ 30 ms |")
    print(f"\nqueries: {QUERIES}; 10 results with their text loaded; HTTP cache disabled (no-store); bytes counted at the server; first = including loading the index files.")


if __name__ == "__main__":
    main()
