"""The encrypted store's PIN in the app: asked before the store opens, and again
when the app locks itself after idle time or when the computer wakes from sleep.

Every try goes through :func:`fieldkit.vault.unlock.unlock` (wrong PINs counted and
delayed on disk, audited without the PIN). While locked, every window of the app is
hidden, so nothing of an interview shows behind the PIN box.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import FieldkitError
from fieldkit.i18n import _, ngettext
from fieldkit.vault.unlock import Unlocked, note, unlock

log = logging.getLogger(__name__)

#: A jump of the wall clock past the monotonic one this large means the computer slept.
SLEEP_JUMP_S = 60.0
SLEEP_CHECK_MS = 15_000
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin)


class UnlockDialog(QDialog):
    """One PIN box; stays open on a wrong PIN with the reason under it."""

    def __init__(self, store_file: Path, *, owner: str | None = None, locked: bool = False,
                 minutes: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.store_file = store_file
        self.owner = owner
        self.unlocked: Unlocked | None = None
        self.setWindowTitle(_("fieldkit is locked") if locked else _("Unlock the data store"))
        layout = QVBoxLayout(self)
        if locked:
            text = ngettext(
                "fieldkit locked itself after {n} minute without use, or when the computer "
                "slept. Enter your PIN to go on.",
                "fieldkit locked itself after {n} minutes without use, or when the computer "
                "slept. Enter your PIN to go on.", minutes).format(n=minutes)
        else:
            text = _("The data on this computer is encrypted. Enter your PIN to open it.")
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setObjectName("unlockPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName(_("PIN"))
        self.pin.setPlaceholderText(_("PIN"))
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Quit fieldkit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (self.message, self.pin, self.error):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def accept(self) -> None:
        # Argon2id takes a fraction of a second: short enough to wait for here.
        try:
            self.unlocked = unlock(self.store_file, self.pin.text(), owner=self.owner)
        except FieldkitError as exc:  # wrong, waiting, recovery needed, key store gone
            self.error.setText(str(exc))
            self.pin.clear()
            self.pin.setFocus()
            return
        super().accept()


def ask_key_at_start(parent: QWidget | None, store_file: Path) -> bytes:
    """The app's unlocker (AppContext.unlocker): the PIN before the store opens."""
    from fieldkit.errors import EnvironmentProblem

    dialog = UnlockDialog(store_file, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.unlocked is None:
        raise EnvironmentProblem(_("The data store stays locked; fieldkit closes."))
    return dialog.unlocked.key


class IdleLock(QObject):
    """Locks the app after ``minutes()`` without input, and after the computer slept."""

    def __init__(self, store_file: Path, *, minutes: Callable[[], int],
                 owner: Callable[[], str | None], on_unlocked: Callable[[], None],
                 on_quit: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_file = store_file
        self.minutes = minutes
        self.owner = owner
        self.on_unlocked = on_unlocked
        self.on_quit = on_quit
        self.dialog: UnlockDialog | None = None
        self._hidden: list[QWidget] = []
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(lambda: self.lock("idle"))
        self.sleep_watch = QTimer(self)
        self.sleep_watch.setInterval(SLEEP_CHECK_MS)
        self.sleep_watch.timeout.connect(self.check_sleep)
        self._clocks = (time.time(), time.monotonic())
        self._last_restart = 0.0

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def start(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        QGuiApplication.instance().applicationStateChanged.connect(  # type: ignore[union-attr]
            self._state_changed)
        self.restart()
        self.sleep_watch.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.idle.stop()
        self.sleep_watch.stop()

    def restart(self) -> None:
        self.idle.start(max(1, self.minutes()) * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY and not self.locked:
            now = time.monotonic()
            if now - self._last_restart > 1.0:  # a held key need not restart it each time
                self._last_restart = now
                self.restart()
        return False

    def check_sleep(self) -> None:
        """The monotonic clock stands still while the computer sleeps (Linux, macOS);
        the wall clock does not."""
        wall, mono = time.time(), time.monotonic()
        last_wall, last_mono = self._clocks
        self._clocks = (wall, mono)
        if (wall - last_wall) - (mono - last_mono) > SLEEP_JUMP_S:
            self.lock("sleep")

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock("suspend")

    def lock(self, reason: str) -> None:
        if self.locked:
            return
        try:
            note(self.store_file, "store.locked", reason=reason, interviewer_id=self.owner() or "")
        except FieldkitError as exc:  # the key file unreadable: lock all the same
            log.error("could not record the lock: %s", exc)
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self.dialog = UnlockDialog(self.store_file, owner=self.owner(), locked=True,
                                   minutes=self.minutes())
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(self._quit)
        self.dialog.show()
        self.dialog.pin.setFocus()

    def _unlocked(self) -> None:
        self.dialog = None
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self._clocks = (time.time(), time.monotonic())
        self.restart()
        self.on_unlocked()

    def _quit(self) -> None:
        self.dialog = None
        self.stop()
        self.on_quit()
