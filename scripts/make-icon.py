#!/usr/bin/env python3
"""Draws images/icon.png (128x128): a ship carrying containers, with a check mark. Standard library only:
shapes are tested per sample (4x4 per pixel, for smooth edges) and the PNG is written with zlib."""
import struct
import sys
import zlib

SIZE = 128
SAMPLES = 4


def hex_rgb(value):
    return tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))


def rounded_rect(x0, y0, x1, y1, r):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside


def polygon(points):
    def inside(x, y):
        hit = False
        for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1]):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                hit = not hit
        return hit
    return inside


def circle(cx, cy, r):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def stroke(points, width):
    def near(x, y):
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            dx, dy = bx - ax, by - ay
            t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
            if (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2:
                return True
        return False
    return near


background = rounded_rect(0, 0, 128, 128, 24)
# Painted in order; the last shape that contains a sample gives its colour.
LAYERS = [
    (background, '#0f3057'),
    (lambda x, y: background(x, y) and y >= 96, '#1f6fb2'),
    (rounded_rect(42, 30, 64, 48, 2), '#e9c46a'),
    (rounded_rect(28, 52, 52, 72, 2), '#e63946'),
    (rounded_rect(54, 52, 78, 72, 2), '#f4a261'),
    (rounded_rect(80, 52, 104, 72, 2), '#2a9d8f'),
    (polygon([(14, 74), (114, 74), (98, 100), (30, 100)]), '#f1f5f9'),
    (circle(100, 28, 19), '#2ecc71'),
    (stroke([(91, 28), (97.5, 35), (110, 21)], 5.5), '#ffffff'),
]


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # filter: none
        for px in range(SIZE):
            totals = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = px + (sx + 0.5) / SAMPLES
                    y = py + (sy + 0.5) / SAMPLES
                    colour = None
                    for inside, fill in LAYERS:
                        if inside(x, y):
                            colour = fill
                    if colour is not None:
                        r, g, b = hex_rgb(colour)
                        totals[0] += r
                        totals[1] += g
                        totals[2] += b
                        totals[3] += 255
            n = SAMPLES * SAMPLES
            alpha = totals[3] / n
            if alpha == 0:
                row += bytes(4)
            else:
                # Un-premultiply: colours average over covered samples only.
                covered = totals[3] / 255
                row += bytes([round(totals[0] / covered), round(totals[1] / covered), round(totals[2] / covered), round(alpha)])
        rows.append(bytes(row))
    return b''.join(rows)


def png(pixels):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(pixels, 9)) + chunk(b'IEND', b'')


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else 'images/icon.png'
    with open(out, 'wb') as f:
        f.write(png(render()))
