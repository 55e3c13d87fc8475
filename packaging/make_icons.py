"""Render fieldkit's icon (an SVG) to the sizes desktops and installers want, with Qt.

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py resources/icons/fieldkit.svg OUT

Writes OUT/fieldkit-<size>.png (16..512), OUT/fieldkit.ico (Windows) and, where Qt's
icns plugin is present, OUT/fieldkit.icns (macOS). Nothing generated is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, out: Path) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    images = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        images[size] = image
        path = out / f"fieldkit-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"{path}: cannot write")
        written.append(path)
    formats = {bytes(f.data()).decode() for f in QImageWriter.supportedImageFormats()}
    for suffix, size in (("ico", 256), ("icns", 512)):
        if suffix in formats:
            path = out / f"fieldkit.{suffix}"
            writer = QImageWriter(str(path), suffix.encode())
            if writer.write(images[size]):
                written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    for made in render(Path(sys.argv[1]), Path(sys.argv[2])):
        print(made)
