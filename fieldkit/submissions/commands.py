"""The `submissions` command (argparse only here; the handler imports lazily)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, EXIT_REJECTED
from fieldkit.i18n import _, ngettext

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    submissions = add_command(
        commands, "submissions", help=_("coordinator: ODK submissions in"),
        description=_("Bring submissions collected with ODK Collect, ODK Central or "
                      "KoboToolbox into the project as finalized interviews."))
    sub = add_subcommands(submissions, "submissions_command")
    imp = add_command(
        sub, "import", help=_("import ODK submission instances; exit 3 if any is refused"),
        description=_("Import ODK submission instances (XML files, folders of them as "
                      "ODK Collect and ODK Briefcase keep them, or zips of either) as "
                      "finalized interviews of their form and version. An instance "
                      "imported before is left as it is; one that does not fit its form "
                      "is refused and nothing of it is stored."))
    imp.add_argument("paths", nargs="+", metavar="PATH",
                     help=_("an instance file, a folder or a zip"))
    imp.add_argument("--form", metavar="ID",
                     help=_("import only instances of this form (and read instances "
                            "without a form id as this form)"))
    imp.add_argument("--json", action="store_true",
                     help=_("print the result as JSON (see the README)"))
    imp.set_defaults(handler=_submissions_import)


def _submissions_import(args: argparse.Namespace) -> int:
    from fieldkit.submissions import import_submissions

    ctx = make_context(args)
    reports = import_submissions(ctx.store, [Path(p) for p in args.paths],
                                 form_id=args.form,
                                 attachments_root=ctx.paths.attachments_dir)
    counts = {status: sum(r.status == status for r in reports)
              for status in ("imported", "unchanged", "rejected")}
    if args.json:
        print(json.dumps({"submissions": [r.to_json() for r in reports], **counts},
                         ensure_ascii=False, indent=2))
    for r in reports:
        if r.status == "rejected":
            print(f"fieldkit: {r.file}: {r.reason}", file=sys.stderr)
        elif not args.json:
            if r.status == "imported":
                line = _("{file}: imported as interview {uuid}").format(
                    file=r.file, uuid=r.interview)
                if r.attachments:
                    line += "; " + ngettext("{n} attachment", "{n} attachments",
                                            r.attachments).format(n=r.attachments)
            else:
                line = _("{file}: already imported (interview {uuid}); unchanged").format(
                    file=r.file, uuid=r.interview)
            print(line)
            if r.duplicates:
                print(ngettext("{file}: may be the same household as {n} other interview; "
                               "review it with 'fieldkit duplicates list'",
                               "{file}: may be the same household as {n} other interviews; "
                               "review them with 'fieldkit duplicates list'",
                               r.duplicates).format(file=r.file, n=r.duplicates))
            if r.attachments_missing:
                print(_("{file}: attachments named but not found beside it: {names}")
                      .format(file=r.file, names=", ".join(r.attachments_missing)),
                      file=sys.stderr)
    if not args.json:
        print(_("Imported {imported}, unchanged {unchanged}, refused {rejected}.").format(
            **counts))
    return EXIT_OK if counts["rejected"] == 0 else EXIT_REJECTED
