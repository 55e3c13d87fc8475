"""``fieldkit sessions ...``: advice-session figures from the command line."""

from __future__ import annotations

import argparse
from datetime import date

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands
from fieldkit.errors import UsageError
from fieldkit.i18n import _

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    sessions = add_command(commands, "sessions", help=_("advice sessions"),
                           description=_("Advice sessions: attendance figures."))
    sub = add_subcommands(sessions, "sessions_command")
    report = add_command(
        sub, "report", help=_("attendance figures over a period"),
        description=_("Print the figures of the advice sessions held between two dates "
                      "(inclusive): sessions, attendances, unique people, new, returning "
                      "and anonymous attendances, children, languages, issues, referrals "
                      "and follow-ups."))
    report.add_argument("--from", dest="date_from", metavar="DATE",
                        help=_("first day, as YYYY-MM-DD (default: the first session)"))
    report.add_argument("--to", dest="date_to", metavar="DATE",
                        help=_("last day, as YYYY-MM-DD (default: the last session)"))
    report.add_argument("--json", action="store_true",
                        help=_("print the figures as JSON (see the README)"))
    report.set_defaults(handler=_cmd_report)


def _date(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("{option} {value}: not a date; write it as YYYY-MM-DD, "
                           "e.g. 2026-03-31.").format(option=option, value=text)) from None


def _cmd_report(args: argparse.Namespace) -> int:
    import json

    from fieldkit.cli_parser import make_context

    date_from = _date("--from", args.date_from)
    date_to = _date("--to", args.date_to)
    if date_from and date_to and date_from > date_to:
        raise UsageError(_("--from {start} is after --to {end}; swap them.").format(
            start=date_from.isoformat(), end=date_to.isoformat()))
    ctx = make_context(args)
    try:
        from fieldkit.attendance.report_text import report_lines
        from fieldkit.attendance.service import AttendanceService
        from fieldkit.projects import current_project

        service = AttendanceService(ctx.store, current_project(ctx.store).id)
        figures = service.figures(date_from, date_to)
        if args.json:
            print(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
        else:
            for line in report_lines(figures, service.attendee_form, ctx.ui_language):
                print(line)
    finally:
        ctx.close()
    return 0
