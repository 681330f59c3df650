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
# SECTION_SIZE=N splits each section folder into folders of N pages (playbook-000, …): the current
# page context lists a page's whole section in its sidebar, which makes 10,000-page sections
# quadratic to render; the index does not care how pages are grouped.
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
  corpus=$work/corpus-$pages${SECTION_SIZE:+-s$SECTION_SIZE}
  if [ ! -d "$corpus/content" ]; then
    python3 "$corpus_tool" "$corpus" --pages "$pages" >/dev/null
    if [ -n "${SECTION_SIZE:-}" ]; then
      python3 - "$corpus/content" "$SECTION_SIZE" <<'PY'
import os, sys
root, size = sys.argv[1], int(sys.argv[2])
for lang in sorted(os.listdir(root)):
    for section in sorted(os.listdir(os.path.join(root, lang))):
        folder = os.path.join(root, lang, section)
        for i, name in enumerate(sorted(os.listdir(folder))):
            target = os.path.join(root, lang, f"{section}-{i // size:03d}")
            os.makedirs(target, exist_ok=True)
            os.rename(os.path.join(folder, name), os.path.join(target, name))
        os.rmdir(folder)
PY
    fi
  fi
  out=$work/site-$pages${SECTION_SIZE:+-s$SECTION_SIZE}
  : > "$work/build-$pages${SECTION_SIZE:+-s$SECTION_SIZE}.txt"
  for i in $(seq "${RUNS:-3}"); do
    start=$(date +%s.%N)
    PLAYBOOK_TIMINGS=1 "$pb" build --quiet --source "$corpus" --output "$out" 2> "$work/build.err" >/dev/null || { tail -5 "$work/build.err"; exit 1; }
    end=$(date +%s.%N)
    index=$(sed -n 's/^search index: .* \([0-9.]*\) s$/\1/p' "$work/build.err")
    echo "$(echo "$end - $start" | bc) $index" >> "$work/build-$pages${SECTION_SIZE:+-s$SECTION_SIZE}.txt"
  done
  pf=$work/pf-$pages${SECTION_SIZE:+-s$SECTION_SIZE}
  rm -rf "$pf"; cp -r "$out" "$pf"
  pstart=$(date +%s.%N)
  "$pagefind" --site "$pf" > "$work/pagefind.log" 2>&1 || { tail -5 "$work/pagefind.log"; exit 1; }
  pend=$(date +%s.%N)
  echo "$(echo "$pend - $pstart" | bc)" > "$work/pagefind-$pages.txt"
  "$venv/bin/python" scripts/bench-search-browser.py "$pages" "$out" "$pf" "$work/build-$pages${SECTION_SIZE:+-s$SECTION_SIZE}.txt" "$work/pagefind-$pages.txt"
done
