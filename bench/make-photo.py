#!/usr/bin/env python3
"""A phone-like photo for the upload benchmark: 4000 x 3000 pixels, about 5 MB of JPEG, with the
EXIF a phone writes (GPS, make, model, orientation). Usage: make-photo.py OUT [MEGABYTES]"""
import random
import sys

from PIL import Image, ImageFilter

out = sys.argv[1]
target = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
random.seed(13)
noise = Image.effect_noise((4000, 3000), 60).convert("L")
base = Image.merge("RGB", (noise, noise.rotate(180), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT))).filter(ImageFilter.GaussianBlur(0.6))
exif = Image.Exif()
exif[0x010F] = "Fairphone"
exif[0x0110] = "FP4"
exif[0x0112] = 1
gps = exif.get_ifd(0x8825)
gps[1] = "N"; gps[2] = (52.0, 31.0, 12.34)
gps[3] = "E"; gps[4] = (13.0, 24.0, 56.78)
# The quality that lands closest to the size asked for.
best = None
for quality in range(60, 99, 4):
    base.save(out, quality=quality, exif=exif)
    size = open(out, "rb").read().__len__() / 1e6
    if best is None or abs(size - target) < abs(best[1] - target):
        best = (quality, size)
base.save(out, quality=best[0], exif=exif)
print(f"{out}: 4000 x 3000, quality {best[0]}, {best[1]:.2f} MB")
