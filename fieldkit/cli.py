"""The command line (the contract is in DESIGN.md and the README).

Every error caused by input or environment is one line on stderr and an exit code:
0 success, 1 invalid input, 2 usage, 3 rejected input, 4 environment problem.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

import fieldkit
from fieldkit import i18n
from fieldkit.context import AppContext
from fieldkit.errors import (
    EXIT_OK,
    EnvironmentProblem,
    FieldkitError,
    UsageError,
)
from fieldkit.i18n import _, ngettext
from fieldkit.logs import current_log_file, setup_logging
from fieldkit.paths import ensure_writable, resolve_paths
from fieldkit.settings import Settings

log = logging.getLogger(__name__)

EXIT_BUG = 70  # an unexpected error inside fieldkit (EX_SOFTWARE); details in the log


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see '{prog} --help')").format(
            message=message, prog=self.prog))


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fieldkit",
        description=_("Offline data entry for outreach fieldwork. With no command, "
                      "starts the desktop app."),
        epilog=_("Exit codes: 0 success; 1 invalid input (e.g. a form with errors); 2 wrong "
                 "command or option; 3 file refused (e.g. a damaged data bundle); 4 problem "
                 "with this computer (e.g. a folder that cannot be written)."),
    )
    parser.add_argument("--version", action="version",
                        version=f"fieldkit {fieldkit.__version__}")
    _global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = commands.add_parser("gui", help=_("start the desktop app"),
                              description=_("Start the desktop app."))
    gui.add_argument("--smoke", action="store_true",
                     help=_("start offscreen, show the main window, then exit 0 "
                            "(a check that the app can start on this machine)"))
    _global_options(gui, suppress=True)
    gui.set_defaults(handler=_cmd_gui)

    form = commands.add_parser("form", help=_("work with form files"),
                               description=_("Work with XLSForm and XForm files."))
    _global_options(form, suppress=True)
    form_commands = form.add_subparsers(dest="form_command", metavar="COMMAND",
                                        parser_class=_Parser, required=True)
    check = form_commands.add_parser(
        "check", help=_("validate a form; exit 0 valid, 1 invalid"),
        description=_("Validate an XLSForm (.xlsx, .xls, .csv, .md) or XForm (.xml)."))
    check.add_argument("path", metavar="PATH", help=_("the form file"))
    check.add_argument("--json", action="store_true",
                       help=_("print the result as JSON (see the README)"))
    _global_options(check, suppress=True)
    check.set_defaults(handler=_cmd_form_check)
    return parser


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


def _cmd_gui(args: argparse.Namespace) -> int:
    smoke = bool(getattr(args, "smoke", False))
    try:
        ctx = make_context(args)
    except EnvironmentProblem as exc:
        # Started from a menu there is no terminal to read the message in.
        if not smoke:
            _show_startup_error(str(exc))
        raise
    try:
        from fieldkit.gui.app import check_qt, run_app

        check_qt()
    except ImportError as exc:
        raise EnvironmentProblem(
            _("The desktop app cannot start: {reason}. Install the Qt system libraries "
              "listed in the README.").format(reason=exc)) from exc
    return run_app(ctx, smoke=smoke)


def _show_startup_error(message: str) -> None:
    """Best effort: a message box for a problem found before the app could start."""
    try:
        from fieldkit.gui.startup_error import show_startup_error
    except ImportError:
        return  # no usable Qt: the line on stderr is all there is
    show_startup_error(message)


def _cmd_form_check(args: argparse.Namespace) -> int:
    import json

    from fieldkit.forms.check import check_form

    result = check_form(args.path)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in result.errors:
            print(_("error: {message}").format(message=line), file=sys.stderr)
        for line in result.warnings:
            print(_("warning: {message}").format(message=line), file=sys.stderr)
        if result.ok:
            fields = ngettext("{n} field", "{n} fields", result.fields).format(n=result.fields)
            print(_("{path}: valid form '{form_id}' (version {version}); {fields}; "
                    "languages: {languages}").format(
                path=args.path, form_id=result.form_id, version=result.version or "-",
                fields=fields, languages=", ".join(result.languages) or _("none declared")))
    return EXIT_OK if result.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    # Messages before --lang is known (e.g. --help) follow the environment.
    with contextlib.suppress(ValueError):
        i18n.set_language(os.environ.get("FIELDKIT_LANG") or None)
    try:
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _cmd_gui)
        if not hasattr(args, "handler"):
            args.smoke = False
        return handler(args)
    except FieldkitError as exc:
        print(f"fieldkit: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("fieldkit: interrupted"), file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error")
        log_file = current_log_file()
        if log_file is None:
            raise  # logging never started: the traceback is the only report there is
        print(_("fieldkit: unexpected error (a bug in fieldkit); the details are in {path}.")
              .format(path=log_file), file=sys.stderr)
        return EXIT_BUG
