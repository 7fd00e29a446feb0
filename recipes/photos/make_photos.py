#!/usr/bin/env python3
"""Generate the illustrative photos used by the bundled recipes.

    pip install pillow          # the only dependency
    python3 recipes/photos/make_photos.py

Writes recipes/photos/tarte-tatin.jpg (800 x 600, baseline JPEG, well under 80 KB):
a caramel-glazed tarte Tatin, seen from above, on a wooden board with a soft light
gradient, and a spoonful of crème fraîche beside it. The drawing is fully deterministic
(fixed random seed), so re-running the script gives the same picture. Nothing is
downloaded; the picture is drawn from simple shapes, gradients and blurs.
"""

import math
import os
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

W, H = 800, 600
HERE = os.path.dirname(os.path.abspath(__file__))


def lerp(a, b, t):
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


def wood_board(rng):
    """Warm brown planks with wavy grain, lit from the top left."""
    img = Image.new("RGB", (W, H), (122, 78, 44))
    d = ImageDraw.Draw(img)
    plank_h = 150
    for p in range(0, H, plank_h):
        base = lerp((118, 74, 40), (140, 92, 52), rng.random())
        d.rectangle([0, p, W, p + plank_h], fill=base)
        # grain: many thin, gently waving lines in lighter and darker tones
        for _ in range(46):
            y0 = p + rng.uniform(4, plank_h - 4)
            amp = rng.uniform(1.5, 6)
            freq = rng.uniform(0.004, 0.012)
            phase = rng.uniform(0, math.tau)
            tone = lerp(base, (78, 46, 24) if rng.random() < 0.6 else (170, 118, 70),
                        rng.uniform(0.25, 0.6))
            pts = [(x, y0 + amp * math.sin(freq * x + phase)) for x in range(0, W + 8, 8)]
            d.line(pts, fill=tone, width=rng.choice((1, 1, 2)))
        # the joint between two planks
        d.line([(0, p), (W, p)], fill=(62, 36, 18), width=3)
    img = img.filter(ImageFilter.GaussianBlur(1.2))

    # soft light from the top left, darker towards the bottom right corner
    light = Image.radial_gradient("L").resize((W * 2, H * 2))
    light = light.crop((W // 2 - 140, H // 2 - 120, W // 2 - 140 + W, H // 2 - 120 + H))
    dark = Image.new("RGB", (W, H), (40, 22, 10))
    img = Image.composite(dark, img, light.point(lambda v: int(v * 0.75)))
    return img


def shadow(img, cx, cy, r):
    mask = Image.new("L", (W, H), 0)
    ImageDraw.Draw(mask).ellipse([cx - r + 14, cy - r + 22, cx + r + 14, cy + r + 22], fill=170)
    mask = mask.filter(ImageFilter.GaussianBlur(22))
    return Image.composite(Image.new("RGB", (W, H), (30, 16, 6)), img, mask)


def apple_piece(length, width, rng):
    """One caramelised apple quarter seen from above: a rounded, domed lozenge, dark amber at
    the rim and glossy gold where it catches the light. Returned as an RGBA tile, long axis
    vertical."""
    pad = 6
    tile = Image.new("RGBA", (int(width) + 2 * pad, int(length) + 2 * pad), (0, 0, 0, 0))
    d = ImageDraw.Draw(tile)
    warm = rng.uniform(0, 1)
    rim = lerp((116, 48, 10), (136, 60, 14), warm)
    mid = lerp((182, 96, 26), (200, 112, 32), warm)
    top = lerp((224, 146, 56), (236, 164, 70), warm)
    n = 18
    for i in range(n):
        t = i / (n - 1)
        # shrink towards a centre offset to the upper side: a lit, domed surface
        sx = (width / 2) * (1 - 0.72 * t)
        sy = (length / 2) * (1 - 0.55 * t)
        ox = pad + width / 2 - 0.12 * width * t
        oy = pad + length / 2 - 0.16 * length * t
        col = lerp(rim, mid, min(1, t * 2.2)) if t < 0.45 else lerp(mid, top, (t - 0.45) / 0.55)
        d.ellipse([ox - sx, oy - sy, ox + sx, oy + sy], fill=col + (255,))
    return tile.filter(ImageFilter.GaussianBlur(2.0))


def tart(img, rng, cx, cy, R):
    layer = img.copy()
    d = ImageDraw.Draw(layer)
    # crust rim peeking out, then the caramel pool (radial amber gradient)
    d.ellipse([cx - R - 9, cy - R - 9, cx + R + 9, cy + R + 9], fill=(136, 78, 30))
    for i in range(R, 0, -2):
        t = i / R
        d.ellipse([cx - i, cy - i, cx + i, cy + i], fill=lerp((150, 72, 18), (92, 38, 8), t ** 2))

    def ring(radius, n, length, width, offset):
        for k in range(n):
            a = offset + k * math.tau / n + rng.uniform(-0.03, 0.03)
            piece = apple_piece(length * rng.uniform(0.95, 1.05), width, rng)
            # lay the quarter along the circle (tangential), slightly tilted like a rosace
            deg = -math.degrees(a) + rng.uniform(-6, 6) + 12
            piece = piece.rotate(deg, resample=Image.BICUBIC, expand=True)
            x = cx + radius * math.cos(a) - piece.width / 2
            y = cy + radius * math.sin(a) - piece.height / 2
            layer.paste(piece, (int(x), int(y)), piece)

    ring(R * 0.76, 14, R * 0.56, R * 0.40, 0.1)
    ring(R * 0.40, 8, R * 0.42, R * 0.34, 0.45)
    centre = apple_piece(R * 0.36, R * 0.32, rng)
    layer.paste(centre, (int(cx - centre.width / 2), int(cy - centre.height / 2)), centre)
    layer = layer.filter(ImageFilter.GaussianBlur(0.8))

    mask = Image.new("L", (W, H), 0)
    ImageDraw.Draw(mask).ellipse([cx - R - 9, cy - R - 9, cx + R + 9, cy + R + 9], fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(1.5))
    img = Image.composite(layer, img, mask)

    # glossy caramel highlights, small and bright, facing the light (top left)
    gloss = Image.new("L", (W, H), 0)
    g = ImageDraw.Draw(gloss)
    for _ in range(16):
        a = rng.uniform(0, math.tau)
        r = rng.uniform(R * 0.15, R * 0.9)
        x, y = cx + r * math.cos(a) - 8, cy + r * math.sin(a) - 10
        w, h = rng.uniform(5, 11), rng.uniform(2, 3.5)
        g.ellipse([x - w, y - h, x + w, y + h], fill=rng.randint(80, 150))
    gloss = gloss.filter(ImageFilter.GaussianBlur(2.5))
    return Image.composite(Image.new("RGB", (W, H), (255, 226, 164)), img, gloss)


def creme(img, cx, cy):
    """A spoonful of crème fraîche on the board: three soft overlapping blobs."""
    blobs = [(-30, 4, 34, 26), (8, -6, 40, 30), (40, 8, 26, 20)]
    m = Image.new("L", (W, H), 0)
    md = ImageDraw.Draw(m)
    for dx, dy, rx, ry in blobs:
        md.ellipse([cx + dx - rx + 9, cy + dy - ry + 13, cx + dx + rx + 9, cy + dy + ry + 13],
                   fill=150)
    img = Image.composite(Image.new("RGB", (W, H), (30, 16, 6)),
                          img, m.filter(ImageFilter.GaussianBlur(12)))
    layer = img.copy()
    d = ImageDraw.Draw(layer)
    m = Image.new("L", (W, H), 0)
    md = ImageDraw.Draw(m)
    for dx, dy, rx, ry in blobs:
        box = [cx + dx - rx, cy + dy - ry, cx + dx + rx, cy + dy + ry]
        d.ellipse(box, fill=(222, 212, 190))
        md.ellipse(box, fill=255)
    for dx, dy, rx, ry in blobs:
        d.ellipse([cx + dx - rx * 0.8 - 4, cy + dy - ry * 0.85 - 4,
                   cx + dx + rx * 0.7, cy + dy + ry * 0.55], fill=(245, 240, 226))
    d.ellipse([cx - 4, cy - 26, cx + 26, cy - 14], fill=(255, 255, 250))
    return Image.composite(layer.filter(ImageFilter.GaussianBlur(3)), img,
                           m.filter(ImageFilter.GaussianBlur(1.5)))


def tarte_tatin(path):
    rng = random.Random(1889)  # the year the Hôtel Tatin opened, more or less
    img = wood_board(rng)
    cx, cy, R = 372, 300, 232
    img = shadow(img, cx, cy, R + 8)
    img = tart(img, rng, cx, cy, R)
    img = creme(img, 690, 470)
    # a last, very soft overall vignette so the eye lands on the tart
    vig = Image.radial_gradient("L").resize((W, H)).point(lambda v: max(0, v - 120))
    img = Image.composite(Image.new("RGB", (W, H), (20, 10, 4)), img,
                          vig.filter(ImageFilter.GaussianBlur(30)))
    img.save(path, "JPEG", quality=82, optimize=True, progressive=False)
    return path


if __name__ == "__main__":
    out = tarte_tatin(os.path.join(HERE, "tarte-tatin.jpg"))
    print(f"wrote {out} ({os.path.getsize(out) // 1024} KB)")
