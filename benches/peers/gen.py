#!/usr/bin/env python3
"""Writes a cardgen YAML recipe as the inputs of the peer tools, for benches/peers.sh.

    gen.py RECIPE.yaml OUTDIR                 one recipe: OUTDIR/NAME.typ, OUTDIR/NAME.tex
    gen.py RECIPE.yaml OUTDIR --copies N      N copies with titles "TITLE No. i": also the
                                              cardgen inputs OUTDIR/yaml/NNNN-NAME.yaml,
                                              and OUTDIR/typ/*.typ, OUTDIR/tex/*.tex

The Typst file imports benches/peers/card.typ and calls its `card` function; the LaTeX file
inputs benches/peers/card.tex and calls `\\Card`. The QR code (the recipe's source URL) is an
SVG made here with the `qrcode` package (error correction M, as cardgen uses for short
URLs) for Typst, which has no built-in QR code and whose packages need the network; LaTeX
draws its own with the `qrcode` LaTeX package. Content: title, subtitle, servings/yield and
time, ingredients (with groups), steps (with groups and step titles), notes, photo. Inline
**bold** and *italic* are carried over; description, FAQ and tags are left out (cardgen's
card leaves them out too).
"""

import os
import re
import sys

import qrcode
import qrcode.image.svg
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
MARKUP = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def spans(text):
    """Splits inline markup into (kind, text) with kind in plain/bold/italic."""
    out, pos = [], 0
    for m in MARKUP.finditer(text):
        if m.start() > pos:
            out.append(("plain", text[pos:m.start()]))
        out.append(("bold", m.group(1)) if m.group(1) is not None else ("italic", m.group(2)))
        pos = m.end()
    if pos < len(text):
        out.append(("plain", text[pos:]))
    return out


def flat(text):
    return " ".join(str(text).split())


# --- Typst -----------------------------------------------------------------------------

def typ_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typ(text):
    """Inline-marked-up text as a Typst content block."""
    parts = []
    for kind, t in spans(flat(text)):
        s = typ_str(t)
        parts.append({"plain": f"#{s}", "bold": f"#strong({s})", "italic": f"#emph({s})"}[kind])
    return "[" + "".join(parts) + "]"


# --- LaTeX -----------------------------------------------------------------------------

TEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
}


def tex_escape(s):
    return "".join(TEX_ESCAPES.get(c, c) for c in s)


def tex(text):
    parts = []
    for kind, t in spans(flat(text)):
        e = tex_escape(t)
        parts.append({"plain": e, "bold": f"\\textbf{{{e}}}", "italic": f"\\emph{{{e}}}"}[kind])
    return "".join(parts)


# --- Recipe ----------------------------------------------------------------------------

def minutes(v):
    if isinstance(v, (int, float)):
        return int(v)
    total, s = 0, str(v)
    for num, unit in re.findall(r"(\d+)\s*(h|min|m)", s):
        total += int(num) * (60 if unit == "h" else 1)
    return total


def fmt_minutes(m):
    h, mm = divmod(m, 60)
    return f"{h} h {mm} min" if h and mm else f"{h} h" if h else f"{mm} min"


LABELS = {
    "en": {"servings": "servings", "total": "Total", "prep": "Prep", "cook": "Cook", "rest": "Rest",
           "ingredients": "INGREDIENTS", "method": "METHOD", "notes": "NOTES", "scan": "Scan for the full recipe"},
    "fr": {"servings": "portions", "total": "Total", "prep": "Préparation", "cook": "Cuisson", "rest": "Repos",
           "ingredients": "INGRÉDIENTS", "method": "PRÉPARATION", "notes": "NOTES", "scan": "Scannez pour la recette complète"},
}


def load(path):
    with open(path, encoding="utf-8") as f:
        r = yaml.safe_load(f)
    lang = r.get("lang", "en")
    lab = LABELS.get(lang, LABELS["en"])
    meta = []
    if "servings" in r:
        meta.append(f"{r['servings']} {lab['servings']}")
    elif "yield" in r:
        meta.append(str(r["yield"]))
    for key in ("total", "prep", "cook", "rest"):
        t = (r.get("time") or {}).get(key)
        if t is not None:
            meta.append(f"{lab[key]} {fmt_minutes(minutes(t))}")
            if key == "total":
                break
    source = r.get("source")
    url = source.get("url") if isinstance(source, dict) else source

    def item(i):
        if isinstance(i, str):
            return i
        parts = [str(i.get("quantity", "")), str(i.get("unit", "")), str(i.get("item", ""))]
        s = " ".join(p for p in parts if p)
        return s + (f", *{i['note']}*" if i.get("note") else "")

    ingredients = []  # (group or None, [items])
    for entry in r.get("ingredients", []):
        if isinstance(entry, dict) and "group" in entry:
            ingredients.append((entry["group"], [item(i) for i in entry["items"]]))
        else:
            if not ingredients or ingredients[-1][0] is not None:
                ingredients.append((None, []))
            ingredients[-1][1].append(item(entry))

    def step(s):
        if isinstance(s, str):
            return (None, s)
        return (s.get("title"), s["text"])

    steps = []
    for entry in r.get("steps", []):
        if isinstance(entry, dict) and "group" in entry:
            steps.append((entry["group"], [step(s) for s in entry["steps"]]))
        else:
            if not steps or steps[-1][0] is not None:
                steps.append((None, []))
            steps[-1][1].append(step(entry))

    notes = r.get("notes") or []
    if isinstance(notes, str):
        notes = [notes]
    photo = None
    if r.get("photo"):
        p = r["photo"]["path"] if isinstance(r["photo"], dict) else r["photo"]
        photo = os.path.abspath(os.path.join(os.path.dirname(path), p))
    short = re.sub(r"^https?://(www\.)?", "", url or "")
    return {
        "title": r["title"], "subtitle": r.get("subtitle"), "meta": " · ".join(meta), "lang": lang,
        "ingredients": ingredients, "steps": steps, "notes": notes, "url": url, "short": short,
        "photo": photo, "labels": lab,
    }


def write_qr_svg(url, path):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                       image_factory=qrcode.image.svg.SvgPathImage)
    qr.add_data(url)
    qr.make(fit=True)
    qr.make_image().save(path)


def to_typst(rec, qr_svg, dest):
    # Absolute paths: typstc.py compiles with the project root at `/`, and paths given to
    # `card` resolve relative to card.typ, not to the calling file.
    card_typ = os.path.join(HERE, "card.typ")
    L = [f'#import {typ_str(card_typ)}: card', "#card("]
    L.append(f"  title: {typ_str(rec['title'])},")
    L.append(f"  subtitle: {typ(rec['subtitle']) if rec['subtitle'] else 'none'},")
    L.append(f"  meta: {typ_str(rec['meta'])},")
    L.append(f"  lang: {typ_str(rec['lang'])},")
    L.append(f"  labels: ({', '.join(f'{k}: {typ_str(v)}' for k, v in rec['labels'].items())}),")
    L.append("  ingredients: (")
    for group, items in rec["ingredients"]:
        g = typ_str(group) if group else "none"
        L.append(f"    (group: {g}, items: ({', '.join(typ(i) for i in items)},)),")
    L.append("  ),")
    L.append("  steps: (")
    for group, items in rec["steps"]:
        g = typ_str(group) if group else "none"
        its = ", ".join(f"(title: {typ_str(t) if t else 'none'}, text: {typ(x)})" for t, x in items)
        L.append(f"    (group: {g}, items: ({its},)),")
    L.append("  ),")
    L.append(f"  notes: ({''.join(typ(n) + ', ' for n in rec['notes'])}),")
    L.append(f"  url: {typ_str(rec['url'] or '')},")
    L.append(f"  short: {typ_str(rec['short'])},")
    L.append(f"  qr: {typ_str(os.path.abspath(qr_svg))},")
    photo = typ_str(rec['photo']) if rec["photo"] else "none"
    L.append(f"  photo: {photo},")
    L.append(")")
    with open(dest, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


def to_latex(rec, dest):
    fonts = os.path.join(os.path.dirname(os.path.dirname(HERE)), "fonts") + "/"
    L = [f"\\def\\cardfonts{{{fonts}}}", f"\\input{{{os.path.join(HERE, 'card.tex')}}}"]
    L.append("\\begin{document}")
    L.append(f"\\CardTitle{{{tex(rec['title'])}}}{{{tex(rec['subtitle'] or '')}}}{{{tex(rec['meta'])}}}")
    if rec["photo"]:
        L.append(f"\\CardPhoto{{{rec['photo']}}}")
    L.append("\\begin{CardIngredients}{" + tex(rec["labels"]["ingredients"]) + "}")
    for group, items in rec["ingredients"]:
        if group:
            L.append(f"\\IngGroup{{{tex(group)}}}")
        L.extend(f"\\Ing{{{tex(i)}}}" for i in items)
    L.append("\\end{CardIngredients}")
    L.append(f"\\CardQR{{{tex_escape(rec['url'] or '')}}}{{{tex(rec['labels']['scan'])}}}{{{tex_escape(rec['short'])}}}")
    L.append("\\begin{CardMethod}{" + tex(rec["labels"]["method"]) + "}")
    for group, items in rec["steps"]:
        if group:
            L.append(f"\\StepGroup{{{tex(group)}}}")
        L.append("\\begin{Steps}")
        for title, text in items:
            L.append(f"\\Step{{{tex(title) if title else ''}}}{{{tex(text)}}}")
        L.append("\\end{Steps}")
    if rec["notes"]:
        L.append(f"\\CardNotes{{{tex(rec['labels']['notes'])}}}{{{' '.join(tex(n) for n in rec['notes'])}}}")
    L.append("\\end{CardMethod}")
    L.append("\\end{document}")
    with open(dest, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


def vary_title(text, n):
    return re.sub(r"^title: (.*)$", lambda m: f'title: "{m.group(1).strip()} No. {n}"', text, count=1, flags=re.M)


def main(argv):
    if len(argv) not in (3, 5):
        sys.exit(__doc__)
    src, out = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    name = os.path.splitext(os.path.basename(src))[0]
    os.makedirs(out, exist_ok=True)
    if len(argv) == 3:
        rec = load(src)
        qr_svg = os.path.join(out, f"{name}-qr.svg")
        write_qr_svg(rec["url"], qr_svg)
        to_typst(rec, qr_svg, os.path.join(out, f"{name}.typ"))
        to_latex(rec, os.path.join(out, f"{name}.tex"))
        return
    n = int(argv[4])
    for sub in ("yaml", "typ", "tex"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    text = open(src, encoding="utf-8").read()
    qr_svg = None
    for i in range(1, n + 1):
        stem = f"{i:04d}-{name}"
        ypath = os.path.join(out, "yaml", f"{stem}.yaml")
        with open(ypath, "w", encoding="utf-8") as f:
            f.write(vary_title(text, i))
        rec = load(ypath)
        if rec["photo"] is None and re.search(r"^photo:", text, re.M):
            sys.exit("photos are not supported with --copies")
        if qr_svg is None:
            qr_svg = os.path.join(out, "typ", f"{name}-qr.svg")
            write_qr_svg(rec["url"], qr_svg)
        to_typst(rec, qr_svg, os.path.join(out, "typ", f"{stem}.typ"))
        to_latex(rec, os.path.join(out, "tex", f"{stem}.tex"))


if __name__ == "__main__":
    main(sys.argv)
