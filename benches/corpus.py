#!/usr/bin/env python3
"""Runs cardgen over a local checkout of real recipe files and prints how well they import.

Not run in CI (CI has no network, and the corpora are not ours to check in). Usage:

    benches/corpus.py --scrapers PATH/recipe-scrapers [--cook DIR] [--other DIR] [--cardgen BIN]

--scrapers  a checkout of hhursev/recipe-scrapers: every tests/test_data/*/*.testhtml page is
            imported, and its language compared with the `language` of the expected JSON
            beside it (primary subtags: "en-US" agrees with "en").
--cook      a folder of .cook files (e.g. a Cooklang collection).
--other     any folder of recipe files (Mealie/Tandoor exports, Paprika, JSON-LD).

For every imported recipe the YAML that `cardgen convert` writes is searched for garbage a
cook would notice on the card: HTML markup, undecoded entities, step numbers printed twice
("1. …" in a numbered step), empty emphasis (`** x**`), and ingredient lines that hold
several ingredients.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

MARKUP = re.compile(r"</?(?:p|div|span|br|b|strong|i|em|a|li|ul|ol|h\d)\b[^>]*>", re.I)
ENTITY = re.compile(r"&(?:[a-zA-Z]{2,10}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")
# A step that still starts with its own number or label.
DOUBLED = re.compile(
    r"^(?:(?:step|schritt|passo|paso|stap|étape|etape|krok|trin|steg)\s*\d+|\d{1,2}\s*[.):])(?:\s|$)",
    re.I,
)
# Emphasis whose text starts or ends with a space prints its stars: "** unsalted butter**".
# Markers pair up in order, as the card's markup reader pairs them.
BOLD = re.compile(r"\*\*")


class LooseMarkup:
    """Finds a `**` pair whose text begins or ends with a space (or a lone `**`)."""

    @staticmethod
    def search(text):
        marks = [m.start() for m in BOLD.finditer(text)]
        if len(marks) % 2:
            return True
        for open_at, close_at in zip(marks[::2], marks[1::2]):
            inner = text[open_at + 2 : close_at]
            if not inner or inner != inner.strip():
                return True
        return False


LOOSE_MARKUP = LooseMarkup()


def run_convert(cardgen, path):
    try:
        out = subprocess.run(
            [cardgen, "convert", path], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if out.returncode != 0:
        first = (out.stderr.strip().splitlines() or ["?"])[0]
        return None, first
    try:
        return yaml.safe_load(out.stdout.split("\n---\n")[0]), None
    except yaml.YAMLError as e:
        return None, f"unreadable YAML: {e}"


def texts(recipe):
    """Every printed text of a recipe, by where it prints."""
    for group in recipe.get("ingredients") or []:
        items = group.get("items", []) if isinstance(group, dict) and "items" in group else [group]
        for item in items:
            yield "ingredient", item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
    for group in recipe.get("steps") or []:
        steps = group.get("steps", []) if isinstance(group, dict) and "steps" in group else [group]
        for step in steps:
            if isinstance(step, dict):
                yield "step", str(step.get("text", ""))
            else:
                yield "step", str(step)
    for key in ("title", "description", "subtitle"):
        if recipe.get(key):
            yield key, str(recipe[key])


def garbage(recipe, counts, examples):
    for where, text in texts(recipe):
        for name, pattern in (("markup", MARKUP), ("entities", ENTITY), ("loose **", LOOSE_MARKUP)):
            if pattern.search(text):
                counts[name] += 1
                examples[name].append(text[:80])
        if where == "step" and DOUBLED.search(text):
            counts["doubled numbers"] += 1
            examples["doubled numbers"].append(text[:80])
        if where == "ingredient" and "\n" in text.strip():
            counts["merged lines"] += 1
            examples["merged lines"].append(text[:80])


def primary(tag):
    return re.split(r"[-_]", (tag or "").strip().lower())[0]


def scrapers(root, cardgen, args):
    data = os.path.join(root, "tests", "test_data")
    pages = []
    for site in sorted(os.listdir(data)):
        if not os.path.isdir(os.path.join(data, site)):
            continue
        for name in sorted(os.listdir(os.path.join(data, site))):
            if name.endswith(".testhtml"):
                pages.append(os.path.join(data, site, name))
    imported, agree, compared = 0, 0, 0
    failures = collections.Counter()
    counts, examples = collections.Counter(), collections.defaultdict(list)
    disagree = []
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            # cardgen reads a page by its extension.
            link = os.path.join(tmp, os.path.basename(os.path.dirname(page)) + "__" + os.path.basename(page)[:-9] + ".html")
            os.symlink(os.path.abspath(page), link)
            recipe, error = run_convert(cardgen, link)
            expected_path = page[: -len(".testhtml")] + ".json"
            expected = {}
            if os.path.exists(expected_path):
                with open(expected_path, encoding="utf-8") as f:
                    try:
                        expected = json.load(f)
                    except json.JSONDecodeError:
                        pass
            if recipe is None:
                failures[re.sub(r"^.*?: error: ", "", error)[:90]] += 1
                if args.verbose:
                    print("FAIL", page, error)
                continue
            imported += 1
            garbage(recipe, counts, examples)
            if expected.get("language"):
                compared += 1
                ours = recipe.get("lang", "en")
                if primary(ours) == primary(expected["language"]):
                    agree += 1
                else:
                    disagree.append((page, ours, expected["language"]))
    print(f"recipe-scrapers pages: {len(pages)}")
    print(f"  imported: {imported} ({100 * imported / max(len(pages), 1):.1f} %)")
    print(f"  language agrees: {agree} of {compared} ({100 * agree / max(compared, 1):.1f} %)")
    for reason, n in failures.most_common():
        print(f"  refused ({n}): {reason}")
    report_garbage(counts, examples, args)
    if args.verbose:
        for page, ours, theirs in disagree:
            print(f"  lang {ours} vs {theirs}: {page}")


def folder(root, cardgen, args, label):
    files = []
    for base, _, names in os.walk(root):
        files.extend(os.path.join(base, n) for n in sorted(names))
    imported = 0
    counts, examples = collections.Counter(), collections.defaultdict(list)
    failures = collections.Counter()
    for path in files:
        recipe, error = run_convert(cardgen, path)
        if recipe is None:
            failures[re.sub(r"^.*?: error: ", "", error)[:90]] += 1
            continue
        imported += 1
        garbage(recipe, counts, examples)
    print(f"{label}: {imported} of {len(files)} imported")
    for reason, n in failures.most_common():
        print(f"  refused ({n}): {reason}")
    report_garbage(counts, examples, args)


def report_garbage(counts, examples, args):
    names = ("markup", "entities", "loose **", "doubled numbers", "merged lines")
    print("  garbage: " + ", ".join(f"{n} {counts[n]}" for n in names))
    if args.verbose:
        for n in names:
            for e in examples[n][:10]:
                print(f"    {n}: {e!r}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scrapers")
    p.add_argument("--cook")
    p.add_argument("--other")
    p.add_argument("--cardgen", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "cardgen"))
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    if not (args.scrapers or args.cook or args.other):
        p.error("give at least one corpus")
    if args.scrapers:
        scrapers(args.scrapers, args.cardgen, args)
    if args.cook:
        folder(args.cook, args.cardgen, args, "Cooklang files")
    if args.other:
        folder(args.other, args.cardgen, args, "other files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
