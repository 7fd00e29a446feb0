#!/usr/bin/env python3
"""Copies the measured parts of benches/RESULTS.md and benches/BATCH.md into README.md,
between `<!-- bench:peers -->` / `<!-- bench:batch -->` and `<!-- /bench -->`, so that the
README's numbers always come from a run. Called at the end of peers.sh and batch.sh.

    python3 benches/readme.py
"""

import os
import re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        return f.read()


def peers():
    text = read("benches/RESULTS.md")
    facts = [l for l in text.splitlines() if l.startswith(("- Date", "- Machine", "- Reproduce", "- Load"))]
    targets = text.split("## Targets", 1)[1].strip().split("\n\n")[0]
    cards = table(text, "## One card")
    photos = table(text, "## Photo cards")
    return "\n".join(facts) + "\n\n" + "\n\n".join(t for t in (cards, photos, targets) if t)


def table(text, heading):
    """The first table under the section starting with `heading` ("" when absent)."""
    if heading not in text:
        return ""
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return "\n".join(l for l in section.splitlines() if l.startswith("|"))


def batch():
    text = read("benches/BATCH.md")
    return text[text.index("- Date"):].strip()


def main():
    readme = read("README.md")
    for name, body in (("peers", peers()), ("batch", batch())):
        pattern = re.compile(r"(<!-- bench:%s -->\n).*?(<!-- /bench -->)" % name, re.S)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- bench:{name} --> … <!-- /bench --> block")
        readme = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), readme)
    with open(os.path.join(ROOT, "README.md"), "w", encoding="utf-8") as f:
        f.write(readme)


if __name__ == "__main__":
    main()
