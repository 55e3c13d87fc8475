"""*Restore from backup*: the way out of a damaged store, offered where fieldkit
finds it (at start), so that nobody needs the command line to get working again."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.store.faults import DamagedStore


def offer_restore(problem: DamagedStore, parent: QWidget | None = None, *,
                  key: bytes | None = None) -> bool:
    """Say the store is damaged and offer to restore the newest sound backup; True
    once one is in place (the caller opens the store again)."""
    from fieldkit.store.migrations import list_backups, restore_backup

    backups = list_backups(problem.backup_dir) if problem.backup_dir is not None else []
    box = QMessageBox(QMessageBox.Icon.Critical, _("The data store is damaged"), str(problem),
                      QMessageBox.StandardButton.Close, parent)
    restore = None
    if backups:
        restore = box.addButton(_("Restore from backup"),
                                QMessageBox.ButtonRole.AcceptRole)
        box.setInformativeText(_("The newest backup is {name}. Work done since it was "
                                 "taken is not in it; the damaged file is kept beside "
                                 "the store.").format(name=backups[0].name))
        box.setDefaultButton(restore)
    box.exec()
    if restore is None or box.clickedButton() is not restore:
        return False
    for backup in backups:
        try:
            restore_backup(backup, problem.file, key)
        except EnvironmentProblem:
            continue  # that backup is damaged too: the next older one
        QMessageBox.information(parent, _("Restored"), _(
            "The store was restored from {name}.").format(name=backup.name))
        return True
    QMessageBox.critical(parent, _("The data store is damaged"),
                         _("No sound backup was found in {folder}.").format(
                             folder=problem.backup_dir))
    return False
