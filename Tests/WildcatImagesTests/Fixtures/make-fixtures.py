#!/usr/bin/env python3
"""Makes the photos the image tests read (run again only to change them; the results are committed).

gps.jpg    a 1200 x 900 photo with the metadata a phone writes: GPS position, make and model,
           time, and an orientation tag saying "turn 90° clockwise" (so it shows 900 x 1200).
bomb.png   a 200-byte PNG whose header declares 100,000 x 100,000 pixels.
wide.jpg   a real 17,000 x 8 JPEG: a side longer than allowed.
plain.png, plain.webp  small images in the other two formats.
"""
import struct, zlib
from PIL import Image

photo = Image.new("RGB", (1200, 900))
for x in range(0, 1200, 40):
    for y in range(0, 900, 30):
        photo.paste(((x * 7) % 256, (y * 3) % 256, 128), (x, y, x + 40, y + 30))
exif = Image.Exif()
exif[0x010F] = "Fairphone"            # Make
exif[0x0110] = "FP4 informer-test"    # Model
exif[0x0132] = "2026:11:27 06:30:00"  # DateTime
exif[0x0112] = 6                      # Orientation: rotate 90° CW to show
gps = exif.get_ifd(0x8825)
gps[1] = "N"; gps[2] = (52.0, 31.0, 12.34)
gps[3] = "E"; gps[4] = (13.0, 24.0, 56.78)
photo.save("gps.jpg", quality=85, exif=exif)

Image.new("RGB", (17000, 8), (200, 30, 30)).save("wide.jpg", quality=80)
Image.new("RGBA", (64, 48), (10, 120, 200, 128)).save("plain.png")
Image.new("RGB", (64, 48), (10, 200, 120)).save("plain.webp", quality=80)

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
rows = zlib.compress(b"\x00" * (100_001 * 4), 9)
with open("bomb.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
