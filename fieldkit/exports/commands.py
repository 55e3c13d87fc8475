"""``fieldkit export csv|xlsx|sav|dta``: files for analysis, with a codebook."""

from __future__ import annotations

import argparse
from datetime import date

from fieldkit.cli_parser import Subcommands, add_command, make_context
from fieldkit.errors import EXIT_OK, UsageError
from fieldkit.exports.options import FORMATS, PersonalData
from fieldkit.i18n import _
from fieldkit.statuses import INTERVIEW_STATUSES


def register(commands: Subcommands) -> None:
    export = add_command(
        commands, "export", help=_("write the interviews as CSV, Excel, SPSS or Stata files"),
        description=_("Write the project's interviews for analysis, with a codebook. csv, sav "
                      "and dta write one file per form and per repeat into the folder PATH "
                      "(or a .zip when PATH ends in .zip); xlsx writes one workbook."))
    export.add_argument("format", choices=FORMATS, metavar="FORMAT",
                        help=_("csv, xlsx, sav (SPSS) or dta (Stata)"))
    export.add_argument("--out", required=True, metavar="PATH", help=_("where to write"))
    export.add_argument("--form", action="append", default=[], metavar="ID",
                        help=_("only this form (its form_id; may be repeated; default: every "
                               "form with interviews)"))
    export.add_argument("--label-lang", metavar="CODE",
                        help=_("language of the labels, e.g. pl or ckb (default: the --lang "
                               "language when the form has it, else the form's default)"))
    export.add_argument("--status", action="append", default=[], choices=INTERVIEW_STATUSES,
                        metavar="STATUS",
                        help=_("only interviews with this status (may be repeated; default: "
                               "finalized, sent and receipted)"))
    export.add_argument("--since", metavar="DATE",
                        help=_("only interviews started on or after this day (YYYY-MM-DD)"))
    personal = export.add_mutually_exclusive_group()
    personal.add_argument("--pseudonymise", "--pseudonymize", action="store_const",
                          dest="personal", const=PersonalData.PSEUDONYMISE.value,
                          help=_("replace personal fields by a keyed hash, the same in every "
                                 "export of this project"))
    personal.add_argument("--drop-personal", action="store_const", dest="personal",
                          const=PersonalData.DROP.value, help=_("leave personal fields out"))
    export.add_argument("--choices", choices=("codes", "labels"), default="codes",
                        help=_("csv and xlsx: write choice codes (default) or their labels"))
    export.add_argument("--json", action="store_true",
                        help=_("print the result as JSON (see the README)"))
    export.set_defaults(handler=_cmd_export, personal=PersonalData.KEEP.value)


def _cmd_export(args: argparse.Namespace) -> int:
    import getpass
    import json
    import sys
    from pathlib import Path

    from fieldkit.exports import ExportRequest, run_export

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise UsageError(_("--since {value}: give a date as YYYY-MM-DD.").format(
                value=args.since)) from None
    ctx = make_context(args)
    explicit = args.label_lang or getattr(args, "lang", None)
    request = ExportRequest(
        format=args.format, out=Path(args.out), forms=tuple(args.form),
        statuses=tuple(dict.fromkeys(args.status)) or ExportRequest.statuses,
        since=since, language=explicit, language_required=bool(args.label_lang),
        personal=args.personal, choices=args.choices, actor=getpass.getuser())
    try:
        def progress(done: int, total: int) -> None:
            if not args.json and sys.stderr.isatty():
                print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

        result = run_export(ctx.store, request, progress=progress)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        if sys.stderr.isatty():
            print(file=sys.stderr)
        print(_("Exported {n} interviews to {path}.").format(n=result.interviews,
                                                            path=result.out))
    return EXIT_OK
