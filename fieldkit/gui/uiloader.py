"""Loading Qt Designer files from ui/ at run time (nothing generated is committed).

Designer strings are translated as they load, through the application's translators
(see qt_i18n), and again on every language change."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from fieldkit.packaged import ui_file

_loader: QUiLoader | None = None


def load_ui(name: str, host: QWidget) -> QWidget:
    """Load ``ui/<name>`` as a child filling ``host`` and return it; find its
    children with ``findChild(Type, "objectName")``."""
    global _loader
    if _loader is None:
        _loader = QUiLoader()
        _loader.setLanguageChangeEnabled(True)
    path = ui_file(name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot open {path}: {file.errorString()}")
    try:
        widget = _loader.load(file, host)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"cannot load {path}: {_loader.errorString()}")
    layout = host.layout() or QVBoxLayout(host)
    if not isinstance(host, QDialog):  # a dialog keeps its margins; a page fills its host
        layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    return widget


T = TypeVar("T", bound=QObject)


def child(parent: QObject, kind: type[T], name: str) -> T:
    """The child ``name`` of ``kind`` that a .ui file must contain."""
    found = parent.findChild(kind, name)
    if found is None:
        raise LookupError(f"{kind.__name__} {name!r} is missing from the .ui file")
    return found
