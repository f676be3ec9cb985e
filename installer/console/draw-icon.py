#!/usr/bin/env python3
"""Draws aliaport-console.png (256x256): a harbour crane over two waves on a navy tile. No libraries."""
import math, struct, zlib

N = 256
NAVY, SEA, WHITE, ORANGE = (16, 42, 82), (38, 120, 190), (245, 247, 250), (242, 140, 40)

def pixel(x, y):
    r = 40  # rounded corners
    cx = min(max(x, r), N - 1 - r); cy = min(max(y, r), N - 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    # waves
    for base, colour in ((190, SEA), (215, WHITE)):
        if y > base + 8 * math.sin(x / 18.0) and y < base + 12 + 8 * math.sin(x / 18.0):
            return colour + (255,)
    # crane: mast, jib, hook line, counterweight
    if 70 <= x <= 86 and 60 <= y <= 185: return ORANGE + (255,)
    if 50 <= x <= 200 and 60 <= y <= 72: return ORANGE + (255,)
    if 170 <= x <= 174 and 72 <= y <= 130: return WHITE + (255,)
    if 160 <= x <= 184 and 130 <= y <= 148: return WHITE + (255,)
    if 50 <= x <= 70 and 72 <= y <= 90: return WHITE + (255,)
    return NAVY + (255,)

raw = b"".join(b"\x00" + bytes(c for x in range(N) for c in pixel(x, y)) for y in range(N))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open("aliaport-console.png", "wb").write(png)
