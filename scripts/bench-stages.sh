#!/usr/bin/env bash
# Stage scaling benchmark (a measurement, not a test): is every pipeline stage linear in the
# size of its input? For each corpus shape of shared/bench/make-corpus.py (bench, reference,
# commands), builds the corpus at 1×, 2× and 4× a base size with the release binary and
# PLAYBOOK_TIMING=1, and prints one Markdown table per shape: each stage's wall milliseconds at
# each size and its growth against 1× (a linear stage reads about 2.0 and 4.0).
#
#   scripts/bench-stages.sh [SHAPE ...]        (default: bench reference commands)
#
# Base sizes (make-corpus.py --pages): bench 1000 (4,000 pages), reference 1250, commands 2000;
# BASE_bench=… etc. override them. RUNS (default 3) builds per size, the median kept per stage.
# Work folder: $BENCH_DIR (default /dev/shm/playbook-bench when /dev/shm has room, as vs-hugo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
shapes=("$@"); [ ${#shapes[@]} -eq 0 ] && shapes=(bench reference commands)
runs=${RUNS:-3}
if [ -z "${BENCH_DIR:-}" ] && [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 8000000 ]; then
  BENCH_DIR=/dev/shm/playbook-bench
fi
work=${BENCH_DIR:-/tmp/playbook-bench}
corpus_tool=${CORPUS_TOOL:-$(cd .. && pwd)/shared/bench/make-corpus.py}
[ -f "$corpus_tool" ] || { echo "make-corpus.py not found; set CORPUS_TOOL=/path/to/make-corpus.py" >&2; exit 2; }
mkdir -p "$work"
swift build -c release --product playbook >/dev/null
pb=$(swift build -c release --show-bin-path)/playbook

for shape in "${shapes[@]}"; do
  case $shape in
    bench) base=${BASE_bench:-1000} ;;
    reference) base=${BASE_reference:-1250} ;;
    commands) base=${BASE_commands:-2000} ;;
    *) echo "unknown shape $shape (bench, reference, commands)" >&2; exit 2 ;;
  esac
  : > "$work/stages-$shape.txt"
  for factor in 1 2 4; do
    pages=$((base * factor))
    corpus=$work/corpus-$pages; [ "$shape" = bench ] || corpus=$work/corpus-$shape-$pages
    [ -d "$corpus/content" ] || python3 "$corpus_tool" "$corpus" --pages "$pages" --shape "$shape" >/dev/null
    for run in $(seq "$runs"); do
      rm -rf "$work/out-stages"
      PLAYBOOK_TIMING=1 /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
        "$pb" build --source "$corpus" --output "$work/out-stages" >/dev/null 2>"$work/stages.err" \
        || { echo "build of $corpus failed:"; tail -5 "$work/stages.err"; exit 1; }
      # "  parse: 703.1 ms (CPU 1380 ms), 63 MB resident …" → "factor run stage ms"
      sed -n 's/^  \([a-z][^:]*\): \([0-9.]*\) ms.*/\1\t\2/p' "$work/stages.err" | while IFS=$'\t' read -r stage ms; do
        if [[ $stage =~ ^search\ index\ \(([0-9.]+)\ s\ beside ]]; then
          # The index is built on its own thread while pages render; what is left after them is the stage.
          printf '%s\t%s\t%s\t%s\n' "$factor" "$run" "search index, beside the pages" "$(python3 -c "print(${BASH_REMATCH[1]} * 1000)")"
          stage="search index, left after the pages"
        fi
        printf '%s\t%s\t%s\t%s\n' "$factor" "$run" "$stage" "$ms"
      done >> "$work/stages-$shape.txt"
      read -r wall user sys rss < "$work/time.txt"
      printf '%s\t%s\t%s\t%s\n' "$factor" "$run" "total (wall)" "$(python3 -c "print($wall * 1000)")" >> "$work/stages-$shape.txt"
      printf '%s\t%s\t%s\t%s\n' "$factor" "$run" "total (CPU)" "$(python3 -c "print(($user + $sys) * 1000)")" >> "$work/stages-$shape.txt"
      printf '%s\t%s\t%s\t%s\n' "$factor" "$run" "peak memory (MB)" "$((rss / 1024))" >> "$work/stages-$shape.txt"
    done
  done
  python3 - "$work/stages-$shape.txt" "$shape" "$base" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
shape, base = sys.argv[2], int(sys.argv[3])
stages = list(dict.fromkeys(r[2] for r in rows))
def med(factor, stage):
    values = [float(r[3]) for r in rows if r[0] == factor and r[2] == stage]
    return statistics.median(values) if values else None
print(f"\n{shape} shape, make-corpus.py --pages {base} × 1, 2, 4 (median of the runs)\n")
print("| stage | 1× | 2× | 4× | 2× / 1× | 4× / 1× |")
print("|---|---|---|---|---|---|")
for stage in stages:
    a, b, c = (med(f, stage) for f in ("1", "2", "4"))
    unit = "" if stage.endswith("(MB)") else " ms"
    cells = [f"{v:.0f}{unit}" if v is not None else "–" for v in (a, b, c)]
    ratios = [f"{v / a:.2f}" if a and v is not None and a >= 5 else "–" for v in (b, c)]
    print(f"| {stage} | " + " | ".join(cells + ratios) + " |")
PY
done
