"""The pieces every command module shares: the parser class, the global options,
and the context a command runs in. Imports stay light: `fieldkit --help` and the
first window must not pay for SQLAlchemy or the form engine."""

from __future__ import annotations

import argparse
import os
from typing import NoReturn, TypeAlias

from fieldkit import i18n
from fieldkit.context import AppContext
from fieldkit.errors import UsageError
from fieldkit.i18n import _
from fieldkit.logs import setup_logging
from fieldkit.paths import ensure_writable, resolve_paths
from fieldkit.settings import Settings


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see '{prog} --help')").format(
            message=message, prog=self.prog))


# argparse's type for what add_subparsers() returns.
Subcommands: TypeAlias = "argparse._SubParsersAction[Parser]"


def global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # Accepted before and after the command; SUPPRESS keeps a subcommand from
    # overwriting a value given before it.
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help=_("folder for this computer's data store, settings and logs "
                               "(default: $FIELDKIT_DATA_DIR, else the user data folder)"))
    parser.add_argument("--db", metavar="URL", default=default,
                        help=_("data store URL, e.g. postgresql+psycopg://user@host/fieldkit "
                               "(default: the SQLite file in the data folder)"))
    parser.add_argument("--lang", metavar="CODE", default=default,
                        help=_("interface language for this run, e.g. pl, ckb, fa "
                               "(default: the Preferences setting, else the system's)"))
    parser.add_argument("-v", "--verbose", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help=_("log debugging detail to stderr"))


def add_command(commands: Subcommands, name: str, *, help: str,
                description: str) -> Parser:
    """A subcommand that accepts the global options after its name too."""
    parser = commands.add_parser(name, help=help, description=description)
    global_options(parser, suppress=True)
    return parser


def add_subcommands(parser: argparse.ArgumentParser, dest: str) -> Subcommands:
    return parser.add_subparsers(dest=dest, metavar="COMMAND", parser_class=Parser,
                                 required=True)


def make_context(args: argparse.Namespace) -> AppContext:
    paths = resolve_paths(args.data_dir)
    ensure_writable(paths)
    setup_logging(paths, verbose=args.verbose)
    settings = Settings.load(paths.settings_file)
    wanted = args.lang if args.lang is not None else str(settings.get("ui_language"))
    try:
        language = i18n.set_language(wanted or os.environ.get("FIELDKIT_LANG") or None)
    except ValueError:
        raise UsageError(_("--lang {code}: not an interface language; choose one of {codes}.")
                         .format(code=wanted, codes=", ".join(i18n.UI_LANGUAGES))) from None
    return AppContext(paths=paths, settings=settings,
                      db_url=args.db or paths.default_db_url, ui_language=language)


