"""The larger-text toggle of the form screen: A− / A+ buttons and Ctrl+− / Ctrl++
(Ctrl+0 back to normal) enlarge the questions and answers for a respondent who
reads along. The size is a user setting (``question_text_size``), so it is kept."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QToolButton, QWidget

from fieldkit.errors import FieldkitError
from fieldkit.i18n import _, isolate
from fieldkit.settings import Settings, declaration

log = logging.getLogger(__name__)

SETTING = "question_text_size"
#: The sizes the buttons step through, in percent.
STEPS = (100, 125, 150, 175, 200, 250, 300)


class TextSizeControl(QObject):
    """Owns the two buttons and the shortcuts; calls ``apply(percent)`` on changes."""

    changed = Signal(int)

    def __init__(self, settings: Settings, scope: QWidget,
                 apply: Callable[[int], None]) -> None:
        super().__init__(scope)
        self._settings = settings
        self._apply = apply
        self.smaller = QToolButton()
        self.smaller.setObjectName("smallerText")
        self.larger = QToolButton()
        self.larger.setObjectName("largerText")
        self.smaller.clicked.connect(lambda: self.step(-1))
        self.larger.clicked.connect(lambda: self.step(+1))
        keys = ((QKeySequence.StandardKey.ZoomIn, +1), (QKeySequence.StandardKey.ZoomOut, -1),
                (QKeySequence("Ctrl+="), +1), (QKeySequence("Ctrl+0"), 0))
        for key, delta in keys:
            shortcut = QShortcut(key, scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.step(d) if d else self.set_percent(100))
        decl = declaration(SETTING)
        self._low, self._high = decl.minimum or 100, decl.maximum or 300
        self.percent = self._clamp(int(settings.get(SETTING)))
        self.retranslate()
        self._show()

    def _clamp(self, percent: int) -> int:
        return max(self._low, min(self._high, percent))

    def step(self, delta: int) -> None:
        if delta > 0:
            bigger = [s for s in STEPS if s > self.percent]
            self.set_percent(bigger[0] if bigger else self._high)
        else:
            smaller = [s for s in STEPS if s < self.percent]
            self.set_percent(smaller[-1] if smaller else self._low)

    def set_percent(self, percent: int) -> None:
        percent = self._clamp(percent)
        if percent == self.percent:
            return
        self.percent = percent
        self._settings.set(SETTING, percent)
        try:
            self._settings.save()
        except FieldkitError as exc:  # the size still changes; it is just not kept
            log.warning("%s", exc)
        self._show()
        self.changed.emit(percent)

    def _show(self) -> None:
        self._apply(self.percent)
        self.smaller.setEnabled(self.percent > self._low)
        self.larger.setEnabled(self.percent < self._high)

    def retranslate(self) -> None:
        # Isolated, so "A−" keeps its order in a right-to-left interface (not "−A").
        self.smaller.setText(isolate(_("A−")))
        self.larger.setText(isolate(_("A+")))
        self.smaller.setToolTip(_("Smaller question text (Ctrl+−)"))
        self.larger.setToolTip(_("Larger question text, for the respondent (Ctrl++)"))
        self.smaller.setAccessibleName(_("Smaller question text"))
        self.larger.setAccessibleName(_("Larger question text"))
