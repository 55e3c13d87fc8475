"""``fieldkit report trends``: the trend report as PDF (and its tables as XLSX).

The options that shape the report (form, grouping, measures, period, date field,
smallest publishable count, census areas) are saved as the project's report
settings: given once, later reports (and the Reports tab) reuse them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.cli_parser import Subcommands, add_command, make_context
from fieldkit.errors import EXIT_OK, EnvironmentProblem, OptionError
from fieldkit.i18n import _, ngettext

if TYPE_CHECKING:
    from fieldkit.reports.settings import TrendSettings

PERIOD_CHOICES = ("month", "quarter", "half", "year")  # fieldkit.reports.settings.PERIODS


def register(report_commands: Subcommands) -> None:
    trends = add_command(
        report_commands, "trends", help=_("the trend report for the strategic group"),
        description=_("Write the trend report of a period: headline figures, community "
                      "profiles and what moved since the last report, trend alerts with "
                      "their charts, the census comparison, partners' figures, advice "
                      "sessions and what people told us. Counts too small to publish are "
                      "withheld. The form, grouping and other choices are saved as the "
                      "project's report settings and reused next time."))
    trends.add_argument("--from", dest="date_from", required=True, metavar="DATE",
                        help=_("first day of the report's period (YYYY-MM-DD)"))
    trends.add_argument("--to", dest="date_to", required=True, metavar="DATE",
                        help=_("last day of the report's period (YYYY-MM-DD)"))
    trends.add_argument("--out", required=True, metavar="FILE",
                        help=_("the PDF file to write"))
    trends.add_argument("--xlsx", metavar="FILE",
                        help=_("also write every table of the report to this Excel file"))
    trends.add_argument("--form", metavar="ID", help=_("the form's form_id"))
    trends.add_argument("--by", metavar="FIELD",
                        help=_("the field that makes the groups, e.g. ethnicity"))
    trends.add_argument("--measure", action="append", metavar="FIELD",
                        help=_("a field to count (may be repeated; default: every choice "
                               "and number field)"))
    trends.add_argument("--period", choices=PERIOD_CHOICES,
                        help=_("month, quarter, half or year (default: half)"))
    trends.add_argument("--date", metavar="FIELD",
                        help=_("a date field to place interviews in periods (default: "
                               "when the interview started)"))
    trends.add_argument("--min-count", type=int, metavar="N",
                        help=_("smallest count published (default: 10); smaller counts "
                               "are withheld"))
    trends.add_argument("--census-table", metavar="ID",
                        help=_("census table to compare with, e.g. TS021"))
    trends.add_argument("--census-area", action="append", metavar="CODE",
                        help=_("an area of the census comparison (may be repeated)"))
    trends.add_argument("--census-area-field", metavar="FIELD",
                        help=_("the field holding an interview's census area code"))
    trends.add_argument("--census-postcode-field", metavar="FIELD",
                        help=_("the field holding an interview's postcode"))
    trends.add_argument("--no-partners", dest="partners", action="store_false",
                        help=_("leave out partners' figures"))
    # For the Reports tab, which runs this command: "progress N/M" lines on stderr.
    trends.add_argument("--progress", action="store_true", help=argparse.SUPPRESS)
    trends.set_defaults(handler=_cmd_trends)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OptionError(option, _("write a date as YYYY-MM-DD.")) from None


def merged_settings(saved: TrendSettings, args: argparse.Namespace) -> TrendSettings:
    """``saved`` with what the options give in its place."""
    from dataclasses import replace

    changes: dict[str, object] = {}
    for option, name in (("form", "form"), ("by", "by"), ("period", "period"),
                         ("date", "date_field"), ("min_count", "min_count"),
                         ("census_table", "census_table"),
                         ("census_area_field", "census_area_field"),
                         ("census_postcode_field", "census_postcode_field")):
        value = getattr(args, option, None)
        if value is not None:
            changes[name] = value
    if args.measure:
        changes["measures"] = tuple(args.measure)
    if args.census_area:
        changes["census_areas"] = tuple(args.census_area)
    return replace(saved, **changes)  # type: ignore[arg-type]


def _writable(path: Path, option: str) -> Path:
    path = path.expanduser().resolve()
    if not path.parent.is_dir():
        raise EnvironmentProblem(_("{option} {path}: the folder does not exist.").format(
            option=option, path=path))
    return path


_STEPS = [1]  # the steps of the last report made: its sections and the PDF


def _progress(done: int, total: int) -> None:
    # One step more than the sections: writing the PDF.
    _STEPS[0] = total + 1
    print(f"progress {done}/{total + 1}", file=sys.stderr, flush=True)


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _cmd_trends(args: argparse.Namespace) -> int:
    from fieldkit.gui.reports.pdf import write_pdf
    from fieldkit.insight import AlertSettings
    from fieldkit.projects import current_project
    from fieldkit.reports.settings import last_run, load_settings, record_run, save_settings
    from fieldkit.reports.trends import make_trend_report
    from fieldkit.reports.xlsx import write_xlsx

    date_from, date_to = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if date_to < date_from:
        raise OptionError("--to", _("the period ends before it starts."))
    out = _writable(Path(args.out), "--out")
    xlsx = _writable(Path(args.xlsx), "--xlsx") if args.xlsx else None
    ctx = make_context(args)
    try:
        project = current_project(ctx.store)
        settings = merged_settings(load_settings(ctx.store, project.id), args)
        settings.check()
        report = make_trend_report(
            ctx.store, project.id, settings, date_from=date_from, date_to=date_to,
            language=ctx.ui_language, alert_settings=AlertSettings.from_settings(ctx.settings),
            previous=last_run(ctx.store, project.id, before=date_from),
            project_name=project.name, organisation=project.organisation,
            partners=args.partners, progress=_progress if args.progress else None)
        pages = write_pdf(report.document, out)
        if args.progress:  # the sections, then the PDF: done
            print(f"progress {_STEPS[0]}/{_STEPS[0]}", file=sys.stderr, flush=True)
        tables = write_xlsx(report.document, xlsx) if xlsx else 0
        # Saved once a report could be made with them (a misspelt field is not kept).
        save_settings(ctx.store, project.id, settings, actor=_actor())
        if not report.empty:
            record_run(ctx.store, project.id, date_from=date_from, date_to=date_to,
                       language=ctx.ui_language, figures=report.figures,
                       file_name=out.name, actor=_actor())
    finally:
        ctx.close()
    for note in report.notes:
        print(_("note: {message}").format(message=note), file=sys.stderr)
    if report.empty:
        print(_("Nothing to report between {start} and {end}: the report says so.").format(
            start=date_from.isoformat(), end=date_to.isoformat()), file=sys.stderr)
    print(ngettext("Wrote {path} ({n} page).", "Wrote {path} ({n} pages).", pages)
          .format(path=out, n=pages))
    if xlsx:
        print(ngettext("Wrote {path} ({n} table).", "Wrote {path} ({n} tables).", tables)
              .format(path=xlsx, n=tables))
    return EXIT_OK
