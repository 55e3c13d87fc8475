"""``fieldkit focus ...``: focus-group themes and exports from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands
from fieldkit.errors import UsageError
from fieldkit.i18n import _

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    focus = add_command(commands, "focus", help=_("focus groups"),
                        description=_("Focus groups: coded themes and exports."))
    sub = add_subcommands(focus, "focus_command")
    report = add_command(
        sub, "report", help=_("groups, participants and theme counts"),
        description=_("Print how many focus groups and participants the project has "
                      "and, for each theme of the codebook, how many groups mention it "
                      "and how many passages are coded with it."))
    report.add_argument("--json", action="store_true",
                        help=_("print the figures as JSON (see the README)"))
    report.set_defaults(handler=_cmd_report)
    export = add_command(
        sub, "export", help=_("export the coded focus groups"),
        description=_("Write the focus groups to FILE: .qdpx is a REFI-QDA project "
                      "(codebook, transcripts, coded passages, memos) for NVivo, "
                      "ATLAS.ti, MAXQDA or QualCoder; .csv or .xlsx is the table of "
                      "coded segments. Audio recordings go into a .qdpx only where "
                      "every participant agreed to recording."))
    export.add_argument("--out", required=True, metavar="FILE",
                        help=_("the file to write (.qdpx, .csv or .xlsx)"))
    export.add_argument("--quotes", action="store_true",
                        help=_("write only the selected quotes whose speakers agreed "
                               "to be quoted (.csv or .xlsx)"))
    export.set_defaults(handler=_cmd_export)


def _cmd_report(args: argparse.Namespace) -> int:
    import json

    from fieldkit.cli_parser import make_context

    ctx = make_context(args)
    try:
        from fieldkit.focus.analysis import report
        from fieldkit.focus.reading import read_focus
        from fieldkit.projects import current_project

        data = read_focus(ctx.store, current_project(ctx.store).id)
        figures = report(data, language=ctx.ui_language)
        if args.json:
            print(json.dumps(figures, ensure_ascii=False, indent=2))
            return 0
        print(_("Focus groups: {n}").format(n=figures["groups"]))
        print(_("Participants: {n}").format(n=figures["participants"]))
        themes = figures["themes"]
        assert isinstance(themes, list)
        for row in themes:
            print(_("{theme}: {passages} passages in {groups} groups").format(**row))
    finally:
        ctx.close()
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from fieldkit.cli_parser import make_context

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".qdpx", ".csv", ".xlsx") or (args.quotes and suffix == ".qdpx"):
        raise UsageError(_("--out {path}: name a .qdpx, .csv or .xlsx file (quotes: .csv "
                           "or .xlsx).").format(path=args.out))
    ctx = make_context(args)
    try:
        from fieldkit.focus.reading import read_focus
        from fieldkit.projects import current_project

        project = current_project(ctx.store)
        data = read_focus(ctx.store, project.id)
        if suffix == ".qdpx":
            from fieldkit.focus.qdpx import write_qdpx
            from fieldkit.store.cipher import attachments_key

            summary = write_qdpx(data, out, name=project.name,
                                 attachments_dir=ctx.paths.attachments_dir,
                                 attachments_key=attachments_key(ctx.store.engine))
            print(_("Wrote {path}: {sources} groups, {codes} themes, {selections} coded "
                    "passages, {recordings} recordings.").format(
                        path=summary.path, sources=summary.sources, codes=summary.codes,
                        selections=summary.selections, recordings=summary.recordings))
            if summary.recordings_left_out:
                print(_("{n} recordings left out: not every participant agreed to "
                        "recording, or the file is missing.").format(
                            n=summary.recordings_left_out))
        elif args.quotes:
            from fieldkit.focus.segments import write_quotes

            count = write_quotes(data, out, ctx.ui_language)
            print(_("Wrote {path}: {n} quotes.").format(path=out, n=count))
        else:
            from fieldkit.focus.segments import write_segments

            count = write_segments(data, out, ctx.ui_language)
            print(_("Wrote {path}: {n} coded segments.").format(path=out, n=count))
    finally:
        ctx.close()
    return 0
