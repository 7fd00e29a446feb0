#!/usr/bin/env bash
# Times `cardgen DIR/ -o OUT/` on collections of 1, 100 and 1000 recipes (the bundled ones,
# cycled, titles numbered) and writes benches/BATCH.md from the measured numbers.
# Usage: bash benches/batch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/cardgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t sources < <(ls recipes/*.yaml)
out=benches/BATCH.md
{
  echo "# Batch export timings"
  echo
  echo "Written by \`benches/batch.sh\` from measured numbers; do not edit by hand."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Command: \`cardgen DIR/ -o OUT/ -q\` (all cores), best of 3 runs"
  echo
  echo "| recipes | wall time | per recipe | pages |"
  echo "|---:|---:|---:|---:|"
} > "$out"
for n in 1 100 1000; do
  dir="$work/in$n"; mkdir -p "$dir/photos"; cp recipes/photos/*.jpg "$dir/photos/"
  for i in $(seq 1 "$n"); do
    src=${sources[$(( (i - 1) % ${#sources[@]} ))]}
    sed "s/^title: \(.*\)$/title: \1 No. $i/" "$src" > "$dir/r$i.yaml"
  done
  best=""
  for run in 1 2 3; do
    rm -rf "$work/out"
    start=$(date +%s.%N)
    "$bin" "$dir" -o "$work/out/" -q
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  pages=0
  for f in "$work"/out/*.pdf; do
    p=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}'); pages=$((pages + p))
  done
  printf '| %d | %.2f s | %.1f ms | %d |\n' "$n" "$best" "$(echo "$best * 1000 / $n" | bc -l)" "$pages" >> "$out"
done
cat "$out"
python3 benches/readme.py  # the README quotes these numbers
