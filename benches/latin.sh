#!/usr/bin/env bash
# Latin-only cards, this build against an earlier one, in one run: the fallback chain,
# bidi, ICU segmentation and colour-emoji pass must cost a Latin card nothing.
#
#   BASE=<git rev> [COPIES=50] [RUNS=10] bash benches/latin.sh
#
# BASE is built in a worktree of its own (target dir under /tmp); both binaries export
# the Latin bundled recipes (every one but the Vietnamese, copied COPIES times) to one
# folder each, with the machine's fonts out of the chain so both see the same faces.
# BASE_TARGET reuses a target dir; BASE_BIN names a binary already built from BASE.
# Needs hyperfine. Prints the mean times and the ratio (base / this build).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BASE:?set BASE to the git revision to compare with}"
COPIES=${COPIES:-50}
RUNS=${RUNS:-10}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

cargo build --release --quiet
if [ -n "${BASE_BIN:-}" ]; then
  base_bin=$BASE_BIN
else
  git worktree add --force --detach "$work/base" "$BASE" >/dev/null
  base_target=${BASE_TARGET:-/tmp/cardgen-latin-base}
  (cd "$work/base" && CARGO_TARGET_DIR="$base_target" cargo build --release --quiet)
  base_bin=$base_target/release/cardgen
fi
this_bin=target/release/cardgen

mkdir -p "$work/in/photos"
cp recipes/photos/* "$work/in/photos/"
for r in recipes/*.yaml; do
  case "$r" in *vietnamese*) continue ;; esac
  for i in $(seq 1 "$COPIES"); do
    cp "$r" "$work/in/$(basename "$r" .yaml)-$i.yaml"
  done
done
count=$(ls "$work/in"/*.yaml | wc -l)
echo "$count Latin recipes, base $(git rev-parse --short "$BASE"), this $(git rev-parse --short HEAD)"
export CARDGEN_NO_SYSTEM_FONTS=1
hyperfine --runs "$RUNS" --warmup 1 --export-json "$work/times.json" \
  -n base "rm -rf $work/out-base && $base_bin $work/in -o $work/out-base" \
  -n this "rm -rf $work/out-this && $this_bin $work/in -o $work/out-this"
python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"base {r['base']:.3f} s, this {r['this']:.3f} s: this build is {r['base'] / r['this']:.2f}x the base")
PY
