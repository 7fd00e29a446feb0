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
python3 - "$work/times.json" "$count" "$(git rev-parse --short "$BASE")" "$(git rev-parse --short HEAD)" "$RUNS" "$(nproc)" <<'PY'
import json, sys, datetime, os
times, count, base, this, runs, cpus = sys.argv[1:]
r = {x["command"]: x for x in json.load(open(times))["results"]}
b, t = r["base"], r["this"]
line = f"base {b['mean']:.3f} s, this {t['mean']:.3f} s: this build is {b['mean'] / t['mean']:.2f}x the base"
print(line)
load = " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists("/proc/loadavg") else "?"
with open("benches/LATIN.md", "w") as out:
    out.write(f"""# Latin-only cards against an earlier build

Written by `benches/latin.sh`; do not edit by hand.

- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {cpus} CPUs, load average after: {load}
- {count} Latin recipes (the bundled ones but the Vietnamese, copied), one folder batch each,
  machine fonts out of the chain (`CARDGEN_NO_SYSTEM_FONTS=1`), hyperfine {runs} runs
- base: {base}; this: {this}

| build | mean | ± σ | per recipe |
|---|---:|---:|---:|
| base ({base}) | {b['mean'] * 1000:.0f} ms | {b['stddev'] * 1000:.0f} ms | {b['mean'] * 1000 / int(count):.2f} ms |
| this ({this}) | {t['mean'] * 1000:.0f} ms | {t['stddev'] * 1000:.0f} ms | {t['mean'] * 1000 / int(count):.2f} ms |

This build is **{b['mean'] / t['mean']:.2f}×** the base's speed (above 1: faster).
""")
PY
