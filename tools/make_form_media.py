"""Make the picture and English audio files of the default forms.

    python tools/make_form_media.py            # pictures only
    python tools/make_form_media.py --audio    # and English audio (needs espeak-ng)

Pictures: the five faces (``face_1.png`` very unhappy ... ``face_5.png`` very happy)
and a tick and a cross for yes and no, drawn with the standard library only (a tiny
PNG encoder, anti-aliased shapes). Colour is never the only cue: the mouth's shape
changes too, and the tick and cross differ in shape.

Audio: the English prompt of every question of ``satisfaction_pictorial.md`` that
names a file in its ``media::audio::English (en)`` column, read from the form
itself (label, then hint), spoken by espeak-ng. Audio in the other languages must
be recorded by a native speaker; synthetic speech is not shipped for them.
"""

from __future__ import annotations

import argparse
import itertools
import math
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

# The media folder of the default forms (this script lives in tools/, outside the
# packaged resources, so it is not shipped in the wheel).
HERE = Path(__file__).resolve().parent.parent / "resources" / "forms" / "media"
FORMS = HERE.parent
SIZE = 256
Colour = tuple[int, int, int]
Shape = Callable[[float, float], float]  # signed distance in pixels (< 0 inside)

DARK: Colour = (51, 51, 51)
WHITE: Colour = (255, 255, 255)
FACE_COLOURS: tuple[Colour, ...] = (
    (215, 48, 31),  # 1 very unhappy: red
    (252, 141, 89),  # 2 unhappy: orange
    (254, 224, 139),  # 3 in between: yellow
    (145, 207, 96),  # 4 happy: light green
    (26, 152, 80),  # 5 very happy: green
)
# Mouth curve depth in pixels: negative frowns, positive smiles.
MOUTH_DEPTH = (-30, -15, 0, 16, 32)


def png_bytes(pixels: list[bytearray], width: int, height: int) -> bytes:
    """An RGBA PNG of ``height`` rows of ``width * 4`` bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def disk(cx: float, cy: float, r: float) -> Shape:
    return lambda x, y: math.hypot(x - cx, y - cy) - r


def polyline(points: list[tuple[float, float]], width: float) -> Shape:
    """A stroke with round ends and joins along ``points``."""
    segments = list(itertools.pairwise(points))
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    pad = width / 2 + 2
    box = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)

    def distance(x: float, y: float) -> float:
        if not (box[0] <= x <= box[2] and box[1] <= y <= box[3]):
            return pad
        best = math.inf
        for (ax, ay), (bx, by) in segments:
            dx, dy = bx - ax, by - ay
            length2 = dx * dx + dy * dy
            along = ((x - ax) * dx + (y - ay) * dy) / length2 if length2 else 0.0
            t = max(0.0, min(1.0, along))
            best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
        return best - width / 2

    return distance


def render(layers: list[tuple[Shape, Colour]]) -> bytes:
    """Paint ``layers`` in order on a transparent square, anti-aliased."""
    rows: list[bytearray] = []
    for py in range(SIZE):
        row = bytearray()
        for px in range(SIZE):
            x, y = px + 0.5, py + 0.5
            r = g = b = a = 0.0
            for shape, colour in layers:
                cover = min(1.0, max(0.0, 0.5 - shape(x, y)))
                if cover == 0.0:
                    continue
                r = colour[0] * cover + r * (1 - cover)
                g = colour[1] * cover + g * (1 - cover)
                b = colour[2] * cover + b * (1 - cover)
                a = cover + a * (1 - cover)
            if a > 0:
                # layers were blended premultiplied by coverage; un-premultiply
                row += bytes((round(r / a), round(g / a), round(b / a), round(a * 255)))
            else:
                row += b"\x00\x00\x00\x00"
        rows.append(row)
    return png_bytes(rows, SIZE, SIZE)


def face(level: int) -> bytes:
    depth = MOUTH_DEPTH[level - 1]
    mouth_y = 172 - depth / 2
    xs = [78 + 100 * i / 40 for i in range(41)]
    mouth = [(x, mouth_y + depth * (1 - ((x - 128) / 50) ** 2)) for x in xs]
    return render(
        [
            (disk(128, 128, 118), DARK),
            (disk(128, 128, 110), FACE_COLOURS[level - 1]),
            (disk(90, 100, 14), DARK),
            (disk(166, 100, 14), DARK),
            (polyline(mouth, 12), DARK),
        ]
    )


def tick() -> bytes:
    return render(
        [
            (disk(128, 128, 118), DARK),
            (disk(128, 128, 110), FACE_COLOURS[4]),
            (polyline([(72, 134), (112, 174), (186, 92)], 26), WHITE),
        ]
    )


def cross() -> bytes:
    return render(
        [
            (disk(128, 128, 118), DARK),
            (disk(128, 128, 110), FACE_COLOURS[0]),
            (polyline([(86, 86), (170, 170)], 26), WHITE),
            (polyline([(170, 86), (86, 170)], 26), WHITE),
        ]
    )


def make_images() -> None:
    for level in range(1, 6):
        (HERE / f"face_{level}.png").write_bytes(face(level))
    (HERE / "yes_tick.png").write_bytes(tick())
    (HERE / "no_cross.png").write_bytes(cross())


def english_prompts(form: Path) -> dict[str, str]:
    """audio file -> English label (and hint) of each row of the form's survey sheet."""
    prompts: dict[str, str] = {}
    header: list[str] | None = None
    sheet = None
    for line in form.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0]:
            sheet, header = cells[0], None
            continue
        if sheet != "survey":
            continue
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells, strict=False))
        audio = row.get("media::audio::English (en)", "")
        if audio:
            text = row.get("label::English (en)", "")
            hint = row.get("hint::English (en)", "")
            prompts[audio] = f"{text} {hint}".strip()
    return prompts


def make_audio() -> None:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        sys.exit("espeak-ng is not installed (Debian: apt-get install espeak-ng).")
    for name, text in english_prompts(FORMS / "satisfaction_pictorial.md").items():
        subprocess.run(
            [espeak, "-v", "en-gb", "-s", "140", "-w", str(HERE / name), text], check=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio", action="store_true", help="also make the English audio")
    args = parser.parse_args()
    make_images()
    if args.audio:
        make_audio()


if __name__ == "__main__":
    main()
