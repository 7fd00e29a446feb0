#!/usr/bin/env bash
# Compares cardgen with the tools users would otherwise pick for a recipe card: Typst and
# LaTeX (xelatex). Same recipe, same 4x6 in landscape two-column layout, same fonts, same QR
# URL. Installs what is missing, measures, and writes benches/RESULTS.md (every number in
# it comes from this run).
#
#   bash benches/peers.sh                 # from the repository root
#   RUNS=20 BATCH=100 bash benches/peers.sh
#   XELATEX=0 bash benches/peers.sh       # leave xelatex out (no TeX Live to install)
#
# Peers:
# - Typst: the `typst` package from PyPI (typst-py: the Typst compiler as a Python
#   extension; it has no command-line entry point, so benches/peers/typstc.py calls
#   `typst.compile`). Each Typst run therefore includes starting Python. The batch is
#   measured twice: 100 processes (a shell loop, like 100 `typst compile` calls), and one
#   process reusing one `typst.Compiler` (fonts loaded once, the fairest to Typst).
# - xelatex from Debian's TeX Live (texlive-xetex, texlive-latex-extra for paracol,
#   enumitem, adjustbox and the `qrcode` LaTeX package).
# Inputs are written by benches/peers/gen.py from the recipe YAML; templates are
# benches/peers/card.typ and benches/peers/card.tex. QR codes: cardgen draws its own;
# LaTeX draws its own with the `qrcode` package; Typst has none built in (its packages need
# the network) so gen.py makes an SVG with the Python `qrcode` package and Typst embeds it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-15}"          # hyperfine runs for a single card
BATCH="${BATCH:-100}"       # recipes in the batch
BATCH_RUNS="${BATCH_RUNS:-3}"
BIG="${BIG:-2000}"          # recipes in the big collection (one PDF, and a cookbook)
XELATEX="${XELATEX:-1}"     # 0: compare with Typst only
TOOLS=(cardgen typst); if [ "$XELATEX" = 1 ]; then TOOLS+=(xelatex); fi
WORK="${WORK:-$(mktemp -d /tmp/cardgen-peers.XXXXXX)}"
RESULTS="$ROOT/benches/RESULTS.md"
PY="${PYTHON:-python3}"
export SOURCE_DATE_EPOCH=0

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# --- install what is missing ----------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v zbarimg >/dev/null || need_apt+=(zbar-tools)
command -v pdffonts >/dev/null || need_apt+=(poppler-utils)
command -v convert >/dev/null || need_apt+=(imagemagick)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ "$XELATEX" = 1 ]; then
  command -v xelatex >/dev/null || need_apt+=(texlive-xetex)
  kpsewhich paracol.sty >/dev/null 2>&1 || need_apt+=(texlive-latex-extra)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]} (TeX Live takes a few minutes)"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if ! "$PY" -c 'import typst, qrcode, yaml' 2>/dev/null; then
  log "pip install typst qrcode pyyaml"
  "$PY" -m pip install -q typst qrcode pyyaml
fi

log "cargo build --release"
cargo build --release --quiet
CARDGEN="$ROOT/target/release/cardgen"

# --- inputs --------------------------------------------------------------------------
log "writing inputs into $WORK"
rm -rf "$WORK"/{in,out,batch}
mkdir -p "$WORK"/in "$WORK"/out/{cardgen,typst,xelatex} "$WORK"/batch
SINGLES=(shakshuka tarte-tatin photo-card)
mkdir -p "$WORK/in/photos" && cp recipes/photos/*.jpg "$WORK/in/photos/"
# The photo card's photo: a 1200x800 JPEG, as a phone or a blog would give.
PHOTO=dish-1200x800.jpg
convert recipes/photos/tarte-tatin.jpg -resize '1200x800!' -quality 72 -strip "$WORK/in/photos/$PHOTO"
cp recipes/shakshuka.yaml recipes/tarte-tatin.yaml benches/peers/photo-card.yaml "$WORK/in/"
for name in "${SINGLES[@]}"; do
  "$PY" benches/peers/gen.py "$WORK/in/$name.yaml" "$WORK/in"
done
# Collections of the photo card (titles numbered), all sharing its photo: into one PDF.
for n in "$BATCH" "$BIG"; do
  rm -rf "$WORK/photos$n"
  mkdir -p "$WORK/photos$n/yaml/photos" "$WORK/photos$n/out/typst1"
  cp "$WORK/in/photos/$PHOTO" "$WORK/photos$n/yaml/photos/"
  "$PY" benches/peers/gen.py "$WORK/in/photo-card.yaml" "$WORK/photos$n" --copies "$n"
done
"$PY" benches/peers/gen.py recipes/shakshuka.yaml "$WORK/batch" --copies "$BATCH"
mkdir -p "$WORK/batch/out"/{cardgen,typst,typst1,xelatex}

typst_one() { echo "$PY benches/peers/typstc.py $WORK/in/$1.typ $WORK/out/typst/$1.pdf"; }
xelatex_one() { echo "xelatex -interaction=batchmode -halt-on-error -output-directory=$WORK/out/xelatex $WORK/in/$1.tex"; }
cardgen_one() { echo "$CARDGEN -q $WORK/in/$1.yaml -o $WORK/out/cardgen/$1.pdf"; }

# Warm every tool once (font caches, TeX formats) and check that each one works.
for name in "${SINGLES[@]}"; do
  for t in "${TOOLS[@]}"; do
    cmd="$(${t}_one "$name")"
    if ! $cmd >/dev/null 2>&1; then echo "failed: $cmd" >&2; exit 1; fi
  done
done

# --- timing --------------------------------------------------------------------------
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "hyperfine: single cards ($RUNS runs each)"
# The `qrcode` LaTeX package caches codes in the .aux file: removed before every run so
# xelatex computes its QR code each time, as it would for a new card.
hf_single=()
for name in "${SINGLES[@]}"; do
  hf_single+=(-n "cardgen $name" "$(cardgen_one "$name")")
  hf_single+=(-n "typst $name" "$(typst_one "$name")")
  if [ "$XELATEX" = 1 ]; then hf_single+=(-n "xelatex $name" "$(xelatex_one "$name")"); fi
done
hyperfine --warmup 2 --runs "$RUNS" --prepare "rm -f $WORK/out/xelatex/*.aux" \
  --export-json "$WORK/single.json" "${hf_single[@]}" >&2

log "hyperfine: batch of $BATCH recipes ($BATCH_RUNS runs each)"
B="$WORK/batch"
hf_xelatex=()
[ "$XELATEX" = 1 ] && hf_xelatex=(-n "xelatex batch (1 process per card)" "for f in $B/tex/*.tex; do xelatex -interaction=batchmode -halt-on-error -output-directory=$B/out/xelatex \$f >/dev/null || exit 1; done")
hyperfine --warmup 1 --runs "$BATCH_RUNS" --prepare "rm -f $B/out/xelatex/*.aux" \
  --export-json "$WORK/batch.json" "${hf_xelatex[@]}" \
  -n "cardgen batch" "$CARDGEN -q $B/yaml/ -o $B/out/cardgen/" \
  -n "typst batch (1 process per card)" "for f in $B/typ/*.typ; do $PY benches/peers/typstc.py \$f $B/out/typst/\$(basename \$f .typ).pdf || exit 1; done" \
  -n "typst batch (1 process, Compiler reused)" "$PY benches/peers/typstc.py --batch $B/typ $B/out/typst1" \
  >&2

log "hyperfine: $BATCH and $BIG photo cards into one PDF ($BATCH_RUNS runs each)"
P="$WORK/photos$BATCH" PB="$WORK/photos$BIG"
hyperfine --warmup 1 --runs "$BATCH_RUNS" --export-json "$WORK/photos.json" \
  -n "cardgen $BATCH photo cards, one PDF" "$CARDGEN -q $P/yaml/ -o $P/out/all.pdf" \
  -n "typst $BATCH photo cards (1 process, Compiler reused)" "$PY benches/peers/typstc.py --batch $P/typ $P/out/typst1" \
  -n "cardgen $BIG photo cards, one PDF" "$CARDGEN -q $PB/yaml/ -o $PB/out/all.pdf" \
  -n "typst $BIG photo cards (1 process, Compiler reused)" "$PY benches/peers/typstc.py --batch $PB/typ $PB/out/typst1" \
  >&2

# --- memory, size, fonts, QR -----------------------------------------------------------
log "peak memory, output size, fonts, QR"
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
maxrss() { # peak resident set of a command and its children, KiB
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1
  cat "$WORK/rss"
}
for name in "${SINGLES[@]}"; do
  rm -f "$WORK"/out/xelatex/*.aux
  echo "cardgen $name $(maxrss $(cardgen_one "$name"))"
  echo "typst $name $(maxrss $(typst_one "$name"))"
  if [ "$XELATEX" = 1 ]; then echo "xelatex $name $(maxrss $(xelatex_one "$name"))"; fi
done >"$WORK/rss-single"
rm -f "$B"/out/xelatex/*.aux
{
  echo "cardgen batch $(maxrss "$CARDGEN" -q "$B/yaml/" -o "$B/out/cardgen/")"
  echo "typst batch1 $(maxrss "$PY" benches/peers/typstc.py --batch "$B/typ" "$B/out/typst1")"
  echo "cardgen photos$BATCH $(maxrss "$CARDGEN" -q "$P/yaml/" -o "$P/out/all.pdf")"
  echo "cardgen photos$BIG $(maxrss "$CARDGEN" -q "$PB/yaml/" -o "$PB/out/all.pdf")"
  echo "cardgen book$BIG $(maxrss "$CARDGEN" -q "$PB/yaml/" --layout sheet --book --title Cookbook -o "$PB/out/book.pdf")"
  echo "typst photos$BATCH $(maxrss "$PY" benches/peers/typstc.py --batch "$P/typ" "$P/out/typst1")"
} >"$WORK/rss-batch"
# Images embedded in the one-PDF collections, and whether runs are byte-identical.
images() { pdfimages -list "$1" 2>/dev/null | awk 'NR>2 {print $11}' | sort -u | wc -l; } # distinct objects
"$CARDGEN" -q "$P/yaml/" -o "$P/out/all-j1.pdf" --jobs 1
{
  echo "images|$(images "$P/out/all.pdf")|$(pages "$P/out/all.pdf")"
  echo "jobs|$(cmp -s "$P/out/all.pdf" "$P/out/all-j1.pdf" && echo yes || echo no)"
  echo "bookpages|$(pages "$PB/out/book.pdf")|$(stat -c %s "$PB/out/book.pdf")"
} >"$WORK/checks-photos"

# Whether the QR code on page 1 decodes to the recipe's URL at 300 dpi.
qr_ok() { # pdf url
  local png="$WORK/qr-$$"
  pdftoppm -r 300 -f 1 -l 1 -png "$1" "$png"
  local got
  got="$(zbarimg --raw -q "$png"-*.png 2>/dev/null | head -n1 || true)"
  rm -f "$png"-*.png
  if [ "$got" = "$2" ]; then echo yes; else echo "no (${got:-nothing decoded})"; fi
}
# "yes" when every font is embedded and subset.
fonts_subset() { # poppler complains about some Typst structure trees on stderr
  pdffonts "$1" 2>/dev/null | awk 'NR>2 { n++; if ($(NF-4)=="yes" && $(NF-3)=="yes") ok++ } END { if (n==ok) print "yes (" n " fonts)"; else print "no (" ok "/" n " subset)" }'
}
{
  for name in "${SINGLES[@]}"; do
    url="$(grep -m1 -oE 'https?://[^" ]+' "$WORK/in/$name.yaml")"
    for t in "${TOOLS[@]}"; do
      pdf="$WORK/out/$t/$name.pdf"
      echo "$t|$name|$(stat -c %s "$pdf")|$(pages "$pdf")|$(fonts_subset "$pdf")|$(qr_ok "$pdf" "$url")"
    done
  done
} >"$WORK/checks-single"
batch_bytes() { cat "$1"/*.pdf | wc -c; }
batch_count() { ls "$1"/*.pdf | wc -l; }
{
  for t in "${TOOLS[@]}" typst1; do
    echo "$t|$(batch_count "$B/out/$t")|$(batch_bytes "$B/out/$t")"
  done
} >"$WORK/checks-batch"

# --- report --------------------------------------------------------------------------
log "writing $RESULTS"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
CPU="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
MEM="$(free -h | awk '/^Mem:/ {print $2}')"
V_CARDGEN="$("$CARDGEN" --version)"
V_TYPST="typst-py $("$PY" -c 'import typst; print(typst.__version__)') (PyPI \`typst\`), $("$PY" --version)"
V_XELATEX="$( [ "$XELATEX" = 1 ] && xelatex --version | head -n1 || echo "not measured (XELATEX=0)")"
V_HF="$(hyperfine --version)"
V_OTHER="$(pdffonts -v 2>&1 | head -n1), $(zbarimg --version 2>&1 | head -n1 | sed 's/^/zbarimg /')"

WORK="$WORK" BATCH="$BATCH" BIG="$BIG" RUNS="$RUNS" BATCH_RUNS="$BATCH_RUNS" \
CPU="$CPU" MEM="$MEM" LOAD="$LOAD_BEFORE before, $LOAD_AFTER after" NPROC="$(nproc)" DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" \
V_CARDGEN="$V_CARDGEN" V_TYPST="$V_TYPST" V_XELATEX="$V_XELATEX" V_HF="$V_HF" V_OTHER="$V_OTHER" \
"$PY" - "$RESULTS" <<'EOF'
import json, os, sys

W = os.environ["WORK"]
N = int(os.environ["BATCH"])
single = {r["command"]: r for r in json.load(open(f"{W}/single.json"))["results"]}
batch = {r["command"]: r for r in json.load(open(f"{W}/batch.json"))["results"]}
photos = {r["command"]: r for r in json.load(open(f"{W}/photos.json"))["results"]}
BIG = int(os.environ["BIG"])
pchecks = {line.split("|")[0]: line.split("|")[1:] for line in open(f"{W}/checks-photos").read().splitlines()}
rss = {}
for line in open(f"{W}/rss-single").read().split("\n") + open(f"{W}/rss-batch").read().split("\n"):
    if line.strip():
        tool, name, kb = line.split()
        rss[(tool, name)] = int(kb)
checks = {}
for line in open(f"{W}/checks-single").read().splitlines():
    tool, name, size, pages, fonts, qr = line.split("|")
    checks[(tool, name)] = (int(size), int(pages), fonts, qr)
bchecks = {}
for line in open(f"{W}/checks-batch").read().splitlines():
    tool, count, size = line.split("|")
    bchecks[tool] = (int(count), int(size))

ms = lambda s: f"{s * 1000:.1f} ms"
mib = lambda kb: f"{kb / 1024:.1f} MiB"
kib = lambda b: f"{b / 1024:.1f} KiB"
def pm(r):
    return f"{ms(r['mean'])} ± {ms(r['stddev'])}"

out = []
out.append("# cardgen against Typst and xelatex\n")
out.append("Written by `benches/peers.sh` from the numbers it measured; do not edit by hand.\n")
out.append(f"- Date: {os.environ['DATE']}")
out.append(f"- Machine: {os.environ['NPROC']} CPUs ({os.environ['CPU']}), {os.environ['MEM']} memory")
out.append(f"- Load average (1, 5, 15 min) around the measurements: {os.environ['LOAD']}; "
           "anything well above 0 means other work shared the CPUs and the times are inflated")
out.append(f"- cardgen: {os.environ['V_CARDGEN']} (release build)")
out.append(f"- Typst: {os.environ['V_TYPST']}")
out.append(f"- xelatex: {os.environ['V_XELATEX']}")
out.append(f"- {os.environ['V_HF']}; {os.environ['V_OTHER']}")
out.append(f"- Reproduce: `bash benches/peers.sh` (RUNS={os.environ['RUNS']}, BATCH={N}, BATCH_RUNS={os.environ['BATCH_RUNS']}, BIG={BIG}, XELATEX={os.environ.get('XELATEX', '1')})\n")

out.append("## One card (4x6 in landscape)\n")
out.append("Wall time is hyperfine's mean ± standard deviation of a whole process (start to exit, "
           "output written); peak memory is `/usr/bin/time` maximum RSS. Fonts: every font "
           "embedded and subset (`pdffonts`). QR: page 1 rendered at 300 dpi decodes to the recipe's URL (`zbarimg`).\n")
out.append("| recipe | tool | wall time | vs cardgen | peak memory | PDF size | pages | fonts subset | QR decodes |")
out.append("|---|---|---:|---:|---:|---:|---:|---|---|")
for name in ("shakshuka", "tarte-tatin", "photo-card"):
    base = single[f"cardgen {name}"]["mean"]
    label = {"tarte-tatin": "tarte-tatin (2 cards; photo dropped, it would need a 3rd)",
             "photo-card": "photo card (1200×800 JPEG + QR)"}.get(name, name)
    for tool in [t for t in ("cardgen", "typst", "xelatex") if f"{t} {name}" in single]:
        r = single[f"{tool} {name}"]
        size, pages, fonts, qr = checks[(tool, name)]
        out.append(f"| {label} | {tool} | {pm(r)} | {r['mean'] / base:.1f}× | {mib(rss[(tool, name)])} | "
                   f"{kib(size)} | {pages} | {fonts} | {qr} |")

out.append(f"\n## Batch of {N} recipes (shakshuka, titles numbered)\n")
out.append("Per card = mean wall time of the whole batch / N. cardgen: `cardgen DIR/ -o OUT/` "
           "(one PDF per recipe, all cores). Typst: a shell loop starting one "
           "Python + Typst process per card, and one process compiling all with one `typst.Compiler`. "
           "xelatex: a shell loop, one run per card.\n")
out.append("| tool | batch wall time | per card | vs cardgen (per card) | PDFs | output size per card | peak memory |")
out.append("|---|---:|---:|---:|---:|---:|---:|")
keys = [("cardgen batch", "cardgen", ("cardgen", "batch")),
        ("typst batch (1 process per card)", "typst", None),
        ("typst batch (1 process, Compiler reused)", "typst1", ("typst", "batch1")),
        ("xelatex batch (1 process per card)", "xelatex", None)]
base = batch["cardgen batch"]["mean"] / N
for cmd, dir_, rkey in [k for k in keys if k[0] in batch]:
    r = batch[cmd]
    count, size = bchecks[dir_]
    mem = mib(rss[rkey]) if rkey else "see one card"
    out.append(f"| {cmd} | {r['mean']:.2f} s ± {r['stddev']:.2f} s | {ms(r['mean'] / N)} | "
               f"{r['mean'] / N / base:.1f}× | {count} | {kib(size / max(count, 1))} | {mem} |")

out.append(f"\n## Photo cards into one PDF ({N} and {BIG} recipes)\n")
out.append("The photo card, titles numbered, every recipe with the same 1200×800 photo. cardgen: "
           "`cardgen DIR/ -o all.pdf` (one PDF, all cores). Typst: one process compiling every card with "
           "one reused `typst.Compiler` (its fairest batch; one PDF per card).\n")
out.append("| work | wall time | per card | Typst / cardgen |")
out.append("|---|---:|---:|---:|")
for n in (N, BIG):
    c = photos[f"cardgen {n} photo cards, one PDF"]
    t = photos[f"typst {n} photo cards (1 process, Compiler reused)"]
    out.append(f"| cardgen, {n} → one PDF | {c['mean']:.2f} s ± {c['stddev']:.2f} s | {ms(c['mean'] / n)} | {t['mean'] / c['mean']:.1f}× |")
    out.append(f"| typst, {n} cards, 1 process | {t['mean']:.2f} s ± {t['stddev']:.2f} s | {ms(t['mean'] / n)} | |")
imgs, ppages = pchecks["images"]
bpages, bbytes = pchecks["bookpages"]
out.append(f"\nPeak memory (`/usr/bin/time`): cardgen {N} → one PDF {mib(rss[('cardgen', f'photos{N}')])}, "
           f"{BIG} → one PDF {mib(rss[('cardgen', f'photos{BIG}')])}, {BIG}-recipe cookbook "
           f"({bpages} pages, {int(bbytes) / 2**20:.1f} MiB) {mib(rss[('cardgen', f'book{BIG}')])}; "
           f"Typst {N} cards {mib(rss[('typst', f'photos{N}')])}. "
           f"The {N}-recipe PDF ({ppages} pages) embeds {imgs} image(s); `--jobs 1` gives "
           f"{'the same bytes' if pchecks['jobs'][0] == 'yes' else 'DIFFERENT bytes'} as all cores.")

out.append("\n## Targets\n")
sh_c, sh_t = single["cardgen shakshuka"]["mean"], single["typst shakshuka"]["mean"]
b_c = batch["cardgen batch"]["mean"] / N
b_t = batch["typst batch (1 process per card)"]["mean"] / N
b_t1 = batch["typst batch (1 process, Compiler reused)"]["mean"] / N
mem_c = rss[("cardgen", "shakshuka")] / 1024
size_c, size_t = checks[("cardgen", "shakshuka")][0], checks[("typst", "shakshuka")][0]
yes = lambda ok: "**met**" if ok else "**not met**"
out.append("| target | measured | |")
out.append("|---|---|---|")
out.append(f"| one card ≥ 3× faster than Typst | {sh_t / sh_c:.1f}× (shakshuka) | {yes(sh_t / sh_c >= 3)} |")
out.append(f"| {N}-recipe batch ≥ 3× faster per card than Typst | {b_t / b_c:.1f}× vs a process per card, "
           f"{b_t1 / b_c:.1f}× vs one reused Compiler | {yes(b_t / b_c >= 3)} / {yes(b_t1 / b_c >= 3)} |")
out.append(f"| cardgen peak memory < 30 MiB for one card | {mem_c:.1f} MiB | {yes(mem_c < 30)} |")
out.append(f"| output size ≤ Typst's for the same card | {kib(size_c)} vs {kib(size_t)} | {yes(size_c <= size_t)} |")
pc_c, pc_t = single["cardgen photo-card"]["mean"], single["typst photo-card"]["mean"]
out.append(f"| photo card ≥ 3× faster than Typst | {pc_t / pc_c:.1f}× | {yes(pc_t / pc_c >= 3)} |")
for n in (N, BIG):
    c = photos[f"cardgen {n} photo cards, one PDF"]["mean"]
    t = photos[f"typst {n} photo cards (1 process, Compiler reused)"]["mean"]
    out.append(f"| {n} photo cards → one PDF ≥ 3× faster than Typst's one-process batch | {t / c:.1f}× | {yes(t / c >= 3)} |")
m_small, m_big = rss[("cardgen", f"photos{N}")] / 1024, rss[("cardgen", f"photos{BIG}")] / 1024
m_book = rss[("cardgen", f"book{BIG}")] / 1024
out.append(f"| peak memory for {BIG} → one PDF ≤ 2× that for {N} | {m_big:.1f} vs {m_small:.1f} MiB ({m_big / m_small:.1f}×) | {yes(m_big <= 2 * m_small)} |")
out.append(f"| {BIG}-recipe cookbook peaks under 200 MiB | {m_book:.1f} MiB | {yes(m_book < 200)} |")
pcs_c, pcs_t = checks[("cardgen", "photo-card")][0], checks[("typst", "photo-card")][0]
out.append(f"| photo card PDF ≤ Typst's | {kib(pcs_c)} vs {kib(pcs_t)} | {yes(pcs_c <= pcs_t)} |")
out.append(f"| a photo shared by {N} recipes is embedded once | {imgs} image(s) in the PDF | {yes(imgs == '1')} |")
out.append("\nThe peer cards are close to cardgen's card (same fonts, columns, content, QR URL) but "
           "not identical: they are what a user would write in an hour, not pixel copies.")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
EOF
log "done: $RESULTS (work files in $WORK)"
cat "$RESULTS"
python3 benches/readme.py  # the README quotes these numbers
