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
#
# Relevance (issue #18): the query sets in Tests/search-queries/ (language, query, the page meant),
# run against playbook's search and Pagefind on the same built pages; prints recall@1, recall@3,
# recall@5 and MRR per language (scripts/search-relevance.py):
#
#   scripts/bench-search.sh --relevance [TLDR]
#
# always the bundled content/ with bundled.tsv; with TLDR (a tldr-pages checkout or bare
# repository, e.g. the snapshot the search tool's `fetch` brings, kept outside this repository)
# also that collection with tldr.tsv, and the bytes and time of a cold first query for each of
# its queries. Pagefind indexes the same output with --root-selector main (the page's own text).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-/tmp/playbook-search-bench}
# Both modes: Pagefind and selenium in a venv, the release binary.
mkdir -p "$work"
venv=$work/venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q --disable-pip-version-check pagefind-bin-extended==1.5.2 selenium==4.27.1 >/dev/null
pagefind=$(ls "$venv"/lib/python3*/site-packages/pagefind_bin_extended/pagefind_extended)
swift build -c release --product playbook >/dev/null
pb=$(swift build -c release --show-bin-path)/playbook
if [ "${1:-}" = "--relevance" ]; then
  tldr=${2:-}
  rel() { # name source queries [--cold]
    rm -rf "$work/rel-$1" "$work/rel-$1-pf"
    "$pb" build --quiet --source "$2" --output "$work/rel-$1" >/dev/null
    cp -r "$work/rel-$1" "$work/rel-$1-pf"
    "$pagefind" --site "$work/rel-$1-pf" --root-selector main --exclude-selectors nav > "$work/pagefind-$1.log" 2>&1
    "$venv/bin/python" scripts/search-relevance.py "$3" "$work/rel-$1" "$work/rel-$1-pf" "${@:4}"
  }
  rel bundled . Tests/search-queries/bundled.tsv
  if [ -n "$tldr" ]; then
    src=$work/tldr-src
    # Made again unless a previous run finished it (a failed extraction must not be reused).
    if [ ! -f "$src/.complete" ]; then
      rm -rf "$src"
      mkdir -p "$src/content"
      for l in en es nl pl; do
        dir=pages; [ $l = en ] || dir=pages.$l
        mkdir -p "$src/content/$l"
        git --git-dir="$(git -C "$tldr" rev-parse --absolute-git-dir 2>/dev/null || echo "$tldr")" archive HEAD "$dir" | tar -x -C "$src/content/$l" --strip-components=1
      done
      # Names with no letter or digit give no URL; three pages collide with another's URL.
      find "$src/content" -name '*.md' | python3 -c 'import os, re, sys
for p in sys.stdin:
    p = p.strip()
    if not re.search(r"[A-Za-z0-9]", os.path.basename(p)[:-3]): os.remove(p)'
      rm -f "$src"/content/*/common/clang++.md "$src"/content/*/linux/pct-move_volume.md "$src"/content/*/linux/qm-move_disk.md
      printf '%s\n' "title: tldr" "default_language: en" "fallback_pages: false" "languages:" \
        "  - {code: en, name: English, locale: en}" "  - {code: es, name: Español, locale: es}" \
        "  - {code: nl, name: Nederlands, locale: nl}" "  - {code: pl, name: Polski, locale: pl}" > "$src/playbook.yml"
      touch "$src/.complete"
    fi
    rel tldr "$src" Tests/search-queries/tldr.tsv --cold
  fi
  exit 0
fi
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1000)
corpus_tool=${CORPUS_TOOL:-$(cd .. && pwd)/shared/bench/make-corpus.py}
[ -f "$corpus_tool" ] || corpus_tool=/work/shared/bench/make-corpus.py

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
