#!/usr/bin/env python3
"""Draws Wildcat's app icons (a white W, like a raised fist's knuckles, on the accent red), in
the sizes the web app manifest names. The icon keeps to the middle 80 %, so a phone may crop it
to a circle ("maskable"). Run from the repository: python3 scripts/make-icons.py"""
from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "Sources/WildcatWeb/Resources/static"
RED, WHITE = (179, 38, 30), (255, 255, 255)
# The W as one stroke, in a 100 × 100 box.
W = [(22, 32), (36, 70), (50, 42), (64, 70), (78, 32)]

for size in (192, 512):
    scale = 4  # drawn large, then reduced: smooth edges without anti-aliasing support in PIL
    big = size * scale
    image = Image.new("RGB", (big, big), RED)
    draw = ImageDraw.Draw(image)
    points = [(x * big / 100, y * big / 100) for x, y in W]
    draw.line(points, fill=WHITE, width=int(big * 0.09), joint="curve")
    radius = big * 0.045
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    image.resize((size, size), Image.LANCZOS).save(STATIC / f"icon-{size}.png", optimize=True)
    print(f"icon-{size}.png")
