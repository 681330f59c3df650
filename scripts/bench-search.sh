#!/usr/bin/env bash
# Search benchmark (a measurement, not a test): playbook's search index vs Pagefind 1.5.2 on the
# synthetic four-language corpus.
#
#   scripts/bench-search.sh [PAGES_PER_LANGUAGE ...]     (default: 1000)
#
# For each size: builds the corpus (shared/bench/make-corpus.py), builds it with the release
# binary (median of $RUNS, default 3; the index stage's own time comes from PLAYBOOK_TIMINGS=1), sums the bytes
# of search/, runs Pagefind on the same built site, then measures both in headless Chromium over a
# local HTTP server: bytes loaded by a first query (cache disabled, 10 results with their
# text) and query time (first query, and warm: the same kind of query once its files are loaded).
# Work folder: $BENCH_DIR (default /tmp/playbook-search-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1000)
work=${BENCH_DIR:-/tmp/playbook-search-bench}
corpus_tool=${CORPUS_TOOL:-$(cd .. && pwd)/shared/bench/make-corpus.py}
[ -f "$corpus_tool" ] || corpus_tool=/work/shared/bench/make-corpus.py
mkdir -p "$work"
venv=$work/venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q --disable-pip-version-check pagefind-bin-extended==1.5.2 selenium==4.27.1 >/dev/null
pagefind=$(ls "$venv"/lib/python3*/site-packages/pagefind_bin_extended/pagefind_extended)
swift build -c release --product playbook >/dev/null
pb=$(swift build -c release --show-bin-path)/playbook

for pages in "${sizes[@]}"; do
  corpus=$work/corpus-$pages
  if [ ! -d "$corpus/content" ]; then python3 "$corpus_tool" "$corpus" --pages "$pages" >/dev/null; fi
  out=$work/site-$pages
  : > "$work/build-$pages.txt"
  for i in $(seq "${RUNS:-3}"); do
    start=$(date +%s.%N)
    PLAYBOOK_TIMINGS=1 "$pb" build --quiet --source "$corpus" --output "$out" 2> "$work/build.err" >/dev/null || { tail -5 "$work/build.err"; exit 1; }
    end=$(date +%s.%N)
    index=$(sed -n 's/^search index: .* \([0-9.]*\) s$/\1/p' "$work/build.err")
    echo "$(echo "$end - $start" | bc) $index" >> "$work/build-$pages.txt"
  done
  rm -rf "$work/pf-$pages"; cp -r "$out" "$work/pf-$pages"
  pstart=$(date +%s.%N)
  "$pagefind" --site "$work/pf-$pages" > "$work/pagefind.log" 2>&1 || { tail -5 "$work/pagefind.log"; exit 1; }
  pend=$(date +%s.%N)
  echo "$(echo "$pend - $pstart" | bc)" > "$work/pagefind-$pages.txt"
  "$venv/bin/python" scripts/bench-search-browser.py "$pages" "$out" "$work/pf-$pages" "$work/build-$pages.txt" "$work/pagefind-$pages.txt"
done
