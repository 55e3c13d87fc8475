"""The command line (the contract is in DESIGN.md and the README).

Every error caused by input or environment is one line on stderr and an exit code:
0 success, 1 invalid input, 2 usage, 3 rejected input, 4 environment problem.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import fieldkit
from fieldkit import i18n
from fieldkit.cli_parser import (
    Parser,
    add_command,
    add_subcommands,
    global_options,
    make_context,
)
from fieldkit.errors import (
    EXIT_OK,
    EnvironmentProblem,
    FieldkitError,
)
from fieldkit.i18n import _, ngettext
from fieldkit.logs import current_log_file

__all__ = ["COMMAND_MODULES", "build_parser", "main", "make_context"]

log = logging.getLogger(__name__)

EXIT_BUG = 70  # an unexpected error inside fieldkit (EX_SOFTWARE); details in the log

# Each domain adds its own commands: a module with ``register(commands: Subcommands)``.
# Those modules import only argparse and i18n at the top; handlers import the heavy
# modules (store, forms) when they run, so `fieldkit --help` and the GUI start fast.
COMMAND_MODULES: tuple[str, ...] = (
    "fieldkit.sync.commands",
    "fieldkit.attendance.commands",
    "fieldkit.focus.commands",
    "fieldkit.demo.commands",
    "fieldkit.exports.commands",
    "fieldkit.insight.commands",
    "fieldkit.census.commands",
    "fieldkit.submissions.commands",
    "fieldkit.backup_commands",
    "fieldkit.partners.commands",
    "fieldkit.gui.reports.commands",
)


# Global options that take a value, and words that may follow `gui`.
_VALUE_OPTIONS = ("--data-dir", "--db", "--lang")
_FLAGS = ("-v", "--verbose")


def starts_gui(argv: Sequence[str]) -> bool:
    """Whether ``argv`` only starts the app (no command, or ``gui`` with its options):
    then the domains' commands need not be registered, which saves their imports
    (about 50 ms) before the first window is painted."""
    words, index, seen_gui = list(argv), 0, False
    while index < len(words):
        word = words[index]
        if word in _VALUE_OPTIONS:
            index += 2
        elif word in _FLAGS or word.startswith(tuple(f"{o}=" for o in _VALUE_OPTIONS)) \
                or (seen_gui and word == "--smoke"):
            index += 1
        elif word == "gui" and not seen_gui:
            seen_gui, index = True, index + 1
        else:
            return False
    return True


def build_parser(*, domains: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``domains=False`` leaves out the domains' commands
    (:data:`COMMAND_MODULES`), for a start of the app (see :func:`starts_gui`)."""
    parser = Parser(
        prog="fieldkit",
        description=_("Offline data entry for outreach fieldwork. With no command, "
                      "starts the desktop app."),
        epilog=_("Exit codes: 0 success; 1 invalid input (e.g. a form with errors); 2 wrong "
                 "command or option; 3 file refused (e.g. a damaged data bundle); 4 problem "
                 "with this computer (e.g. a folder that cannot be written)."),
    )
    parser.add_argument("--version", action="version",
                        version=f"fieldkit {fieldkit.__version__}")
    global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    gui = commands.add_parser("gui", help=_("start the desktop app"),
                              description=_("Start the desktop app."))
    gui.add_argument("--smoke", action="store_true",
                     help=_("start offscreen, show the main window, then exit 0 "
                            "(a check that the app can start on this machine)"))
    global_options(gui, suppress=True)
    gui.set_defaults(handler=_cmd_gui)

    opener = commands.add_parser(
        "open", help=_("open a project pack or data bundle in the desktop app"),
        description=_("Start the desktop app on the file's action: a project pack on "
                      "Join a project, a data bundle on the coordinator's Import, a "
                      "receipt imported. Double-clicking such a file runs this."))
    # Optional: a desktop entry's "open %f" started from the menu passes no file.
    opener.add_argument("file", metavar="FILE", nargs="?",
                        help=_("the .fkpack, .fkbundle or .zip file (none: just start)"))
    global_options(opener, suppress=True)
    opener.set_defaults(handler=_cmd_open, smoke=False)

    form = add_command(commands, "form", help=_("work with form files"),
                       description=_("Work with XLSForm and XForm files."))
    form_commands = add_subcommands(form, "form_command")
    check = add_command(
        form_commands, "check", help=_("validate a form; exit 0 valid, 1 invalid"),
        description=_("Validate an XLSForm (.xlsx, .xls, .csv, .md) or XForm (.xml)."))
    check.add_argument("path", metavar="PATH", help=_("the form file"))
    check.add_argument("--json", action="store_true",
                       help=_("print the result as JSON (see the README)"))
    check.set_defaults(handler=_cmd_form_check)

    for module in COMMAND_MODULES if domains else ():
        importlib.import_module(module).register(commands)
    return parser


def _cmd_open(args: argparse.Namespace) -> int:
    from fieldkit.sync.file_kind import file_kind

    if not args.file:
        return _cmd_gui(args)
    path = Path(args.file).expanduser().resolve()
    try:
        kind = file_kind(path)
    except FieldkitError as exc:
        _show_startup_error(str(exc))  # started by a double-click: no terminal
        raise
    return _cmd_gui(args, open_file=(kind, path))


def _cmd_gui(args: argparse.Namespace, open_file: tuple[str, Path] | None = None) -> int:
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
    return run_app(ctx, smoke=smoke, open_file=open_file)


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
        words = list(sys.argv[1:] if argv is None else argv)
        args = build_parser(domains=not starts_gui(words)).parse_args(words)
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
    except BrokenPipeError:
        # The reader went away (``fieldkit ... --json | head``): nothing more to say.
        # Further writes to the closed stdout are sent nowhere.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        from fieldkit.store.faults import environment_fault

        fault = environment_fault(exc)
        if fault is not None:  # a full disk, a damaged store: not a bug in fieldkit
            log.info("environment problem: %s", fault, exc_info=exc)  # the file, not stderr
            print(f"fieldkit: {fault}", file=sys.stderr)
            return fault.exit_code
        log.exception("unexpected error")
        log_file = current_log_file()
        if log_file is None:
            raise  # logging never started: the traceback is the only report there is
        print(_("fieldkit: unexpected error (a bug in fieldkit); the details are in {path}.")
              .format(path=log_file), file=sys.stderr)
        return EXIT_BUG
