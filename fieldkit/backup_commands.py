"""``fieldkit store backups|restore``: the way out of a damaged store (outside the
store package: the command list is imported at start, the store is not)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, UsageError
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext


def register(commands: Subcommands) -> None:
    store = add_command(commands, "store", help=_("list or restore backups of the data store"),
                        description=_("fieldkit backs the store up once a day (the last "
                                      "seven are kept) and before every upgrade."))
    store_commands = add_subcommands(store, "store_command")
    backups = add_command(store_commands, "backups", help=_("list the backups, newest first"),
                          description=_("List the backups of the data store, newest first."))
    backups.set_defaults(handler=_cmd_backups)
    restore = add_command(
        store_commands, "restore", help=_("put a backup in place of the store"),
        description=_("Put a backup in place of the data store (the newest sound one unless "
                      "BACKUP is given). The replaced file is kept beside it, renamed "
                      "'.damaged-TIME'. Work done since the backup was taken is not in it."))
    restore.add_argument("backup", nargs="?", metavar="BACKUP",
                         help=_("the backup file (default: the newest that is sound)"))
    restore.set_defaults(handler=_cmd_restore)


def _store_file(args: argparse.Namespace) -> tuple[Path, Path]:
    file, folder, _ctx = _store_context(args)
    return file, folder


def _store_context(args: argparse.Namespace) -> tuple[Path, Path, AppContext]:
    ctx = make_context(args)
    if args.db:
        raise UsageError(_("--db: only the data folder's own store has automatic backups; "
                           "restore other databases with their own tools."))
    return ctx.paths.db_file, Path(ctx.paths.backup_dir), ctx


def _cmd_backups(args: argparse.Namespace) -> int:
    from fieldkit.store.migrations import list_backups

    _file, folder = _store_file(args)
    found = list_backups(folder)
    for path in found:
        print(path)
    if not found:
        print(_("No backups in {folder}.").format(folder=folder), file=sys.stderr)
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from fieldkit.errors import EnvironmentProblem
    from fieldkit.store.migrations import list_backups, restore_backup

    file, folder, ctx = _store_context(args)
    # An encrypted store's backups are encrypted with its key (FIELDKIT_PIN, or asked).
    key = ctx.store_key()
    candidates = [Path(args.backup)] if args.backup else list_backups(folder)
    if not candidates:
        raise EnvironmentProblem(_("No backups in {folder} to restore from.").format(
            folder=folder))
    last: EnvironmentProblem | None = None
    for backup in candidates:
        if not backup.is_file():
            raise UsageError(_("{path}: no such backup.").format(path=backup))
        try:
            kept = restore_backup(backup, file, key)
        except EnvironmentProblem as exc:
            last = exc
            if args.backup:
                raise
            continue
        print(_("Restored {store} from {backup}.").format(store=file, backup=backup))
        if kept is not None:
            print(_("The replaced file is kept as {path}.").format(path=kept))
        return EXIT_OK
    assert last is not None
    raise last
