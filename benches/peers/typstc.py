#!/usr/bin/env python3
"""Compiles Typst files to PDF with the `typst` package from PyPI (typst-py, the Typst
compiler as a Python extension; the package has no command-line entry point).

    typstc.py IN.typ OUT.pdf            one file, one compiler (like `typst compile`)
    typstc.py --batch INDIR OUTDIR      every INDIR/*.typ in this one process, reusing one
                                        Compiler (fonts scanned once), like a warm server

Fonts: only the bundled ones (FONTS, default <repo>/fonts), system fonts ignored. The
project root is `/`, so recipes may import the template and photos from anywhere.
"""

import os
import sys

import typst

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = os.environ.get("FONTS", os.path.join(HERE, "..", "..", "fonts"))


def main(argv):
    if len(argv) == 3:
        typst.compile(argv[1], output=argv[2], root="/", font_paths=[FONTS], ignore_system_fonts=True)
    elif len(argv) == 4 and argv[1] == "--batch":
        indir, outdir = argv[2], argv[3]
        os.makedirs(outdir, exist_ok=True)
        files = sorted(f for f in os.listdir(indir) if f.endswith(".typ"))
        compiler = typst.Compiler(root="/", font_paths=[FONTS], ignore_system_fonts=True)
        for f in files:
            compiler.compile(input=os.path.join(indir, f), output=os.path.join(outdir, f[:-4] + ".pdf"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
