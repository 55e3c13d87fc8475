"""Warn the interviewer when the household's address was surveyed or consulted
recently (the pack's consultation register, or this laptop's own interviews).

Kept apart from the form screen: it listens to ``FormScreen.answered`` and checks
once a postcode or address has been answered; one warning per address per interview.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, QObject
from PySide6.QtWidgets import QMessageBox

from fieldkit.gui.interviews.form_screen import FormScreen
from fieldkit.i18n import _

__all__ = ["ConsultationWarning"]


class ConsultationWarning(QObject):
    def __init__(self, screen: FormScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.dialog: QMessageBox | None = None
        self._warned: set[tuple[str, str]] = set()  # (interview, address key)
        screen.answered.connect(self._answered)

    def _answered(self, path: str) -> None:
        handle = self.screen.handle
        name = path.rsplit("/", 1)[-1]
        if handle is None or self.screen.read_only or name not in ("postcode", "address"):
            return
        from fieldkit.sync.consultation import check_consultation
        from fieldkit.sync.households import address_key, household_of

        household = household_of(handle.session.to_dict())
        key = address_key(household.postcode, household.address)
        if key is None or (handle.uuid, key) in self._warned:
            return
        hit = check_consultation(self.screen.store, household.address, household.postcode,
                                 exclude_uuid=handle.uuid)
        if hit is None:
            return
        self._warned.add((handle.uuid, key))
        day = QDate(hit.consulted_on.year, hit.consulted_on.month, hit.consulted_on.day)
        when = QLocale().toString(day, QLocale.FormatType.LongFormat)
        text = (_("This address was already surveyed or consulted on {date}, within the "
                  "last {months} months.") if hit.source == "register" else
                _("This laptop already has an interview at this address, from {date}."))
        dialog = QMessageBox(self.screen)
        dialog.setObjectName("consultationWarning")
        dialog.setIcon(QMessageBox.Icon.Warning)
        dialog.setWindowTitle(_("Surveyed recently"))
        dialog.setText(text.format(date=when, months=hit.months))
        dialog.setInformativeText(_("Check with the household and your coordinator before "
                                    "going on, so that nobody is surveyed twice."))
        dialog.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.dialog = dialog
        dialog.open()
