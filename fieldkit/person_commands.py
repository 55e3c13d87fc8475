"""``fieldkit person find|export|erase|rectify|retention``: subject access, erasure and
retention from the command line (F13; the services are in fieldkit.privacy). Here,
not in the Qt-free core, because ``person export`` draws its PDF with Qt."""

from __future__ import annotations

import argparse
import sys

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, UsageError
from fieldkit.i18n import _

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    person = add_command(
        commands, "person", help=_("subject access, rectification, erasure and retention"),
        description=_("Answer a person who asks what is held about them, to correct it "
                      "or to erase it; and keep personal fields no longer than the "
                      "project's retention period."))
    sub = add_subcommands(person, "person_command")
    find = add_command(
        sub, "find", help=_("find a person's records"),
        description=_("Find every record of a person (household rosters, customer "
                      "profiles, advice-session attendances, focus-group participants, "
                      "consent records) by name in any spelling or script, phone number "
                      "or postcode. Records very like the best match are taken as the "
                      "same person; those only alike are listed as possible, to confirm "
                      "with --only."))
    find.add_argument("text", metavar="TEXT", help=_("a name, phone number or postcode"))
    find.add_argument("--json", action="store_true",
                      help=_("print the people as JSON (see the README)"))
    find.set_defaults(handler=_cmd_find)
    export = add_command(
        sub, "export", help=_("write what is held about a person"),
        description=_("Write everything held about person ID as a PDF in their language "
                      "and, beside it, the same as JSON (PATH with .json)."))
    export.add_argument("id", metavar="ID", help=_("the person's id from 'person find'"))
    export.add_argument("--out", required=True, metavar="PATH",
                        help=_("the PDF to write (the JSON goes beside it)"))
    export.add_argument("--only", action="append", default=[], metavar="REF",
                        help=_("only this record (a ref from 'person find --json'; may be "
                               "repeated; default: all the person's records)"))
    export.set_defaults(handler=_cmd_export)
    erase = add_command(
        sub, "erase", help=_("erase a person's records"),
        description=_("Erase person ID: every field of their records is replaced by a "
                      "tombstone, exports written afterwards no longer contain them, and "
                      "the next project pack erases the copies on every laptop. The "
                      "audit log keeps that an erasure happened, not what was erased."))
    erase.add_argument("id", metavar="ID", help=_("the person's id from 'person find'"))
    erase.add_argument("--reason", required=True, metavar="TEXT",
                       help=_("why (e.g. the request's reference and date; do not name "
                              "the person)"))
    erase.add_argument("--only", action="append", default=[], metavar="REF",
                       help=_("only this record (may be repeated)"))
    erase.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    erase.set_defaults(handler=_cmd_erase)
    rectify = add_command(
        sub, "rectify", help=_("correct one stored value"),
        description=_("Correct the answer PATH of interview UUID (a person said it is "
                      "wrong). The correction is audited and travels like any edit."))
    rectify.add_argument("interview", metavar="UUID", help=_("the interview"))
    rectify.add_argument("path", metavar="PATH",
                         help=_("the answer's path, as 'person export' lists it"))
    rectify.add_argument("value", metavar="VALUE", help=_("the correct value"))
    rectify.add_argument("--reason", required=True, metavar="TEXT", help=_("why"))
    rectify.set_defaults(handler=_cmd_rectify)
    retention = add_command(
        sub, "retention", help=_("the retention period of personal fields"),
        description=_("Show or set how many months personal fields are kept after "
                      "fieldwork ends; --apply pseudonymises them in place once that "
                      "has passed (analysis keeps working)."))
    retention.add_argument("--months", type=int, metavar="N",
                           help=_("keep personal fields N months after fieldwork ends"))
    retention.add_argument("--fieldwork-ends", metavar="DATE",
                           help=_("the last day of fieldwork (YYYY-MM-DD)"))
    retention.add_argument("--apply", action="store_true",
                           help=_("pseudonymise personal fields now if the period has "
                                  "passed"))
    retention.add_argument("--force", action="store_true",
                           help=_("with --apply: even before the period has passed"))
    retention.add_argument("--json", action="store_true", help=_("print the status as JSON"))
    retention.set_defaults(handler=_cmd_retention)


def _actor() -> str:
    import getpass

    return getpass.getuser()


def _warn_retention(store: object) -> None:
    """The retention warning on stderr (a month before the date, and after it)."""
    from fieldkit.privacy.retention import retention_status, retention_warning
    from fieldkit.store import Store

    assert isinstance(store, Store)
    line = retention_warning(retention_status(store))
    if line:
        print(line, file=sys.stderr)


def _cmd_find(args: argparse.Namespace) -> int:
    import json

    from fieldkit.i18n import _ as tr
    from fieldkit.privacy.held import KIND_NAMES
    from fieldkit.privacy.people import find_people
    from fieldkit.sync.project_role import coordinator_project

    ctx = make_context(args)
    try:
        project = coordinator_project(ctx.store)
        with ctx.store.session() as session:
            people = find_people(session, project.id, args.text)
        _warn_retention(ctx.store)
    finally:
        ctx.close()

    def record(c: object) -> dict[str, object]:
        from fieldkit.privacy.people import Candidate

        assert isinstance(c, Candidate)
        r = c.record
        return {"ref": r.ref, "kind": str(r.kind), "form": r.form_id,
                "interview": r.interview_uuid, "name": r.name, "score": round(c.score, 1),
                "recorded_at": r.created_at.isoformat()}

    if args.json:
        print(json.dumps({"people": [
            {"id": p.id, "name": p.name, "records": [record(c) for c in p.records],
             "possible": [record(c) for c in p.possible]} for p in people]},
            ensure_ascii=False, indent=2))
        return EXIT_OK
    if not people:
        print(_("Nobody found."))
    for p in people:
        print(f"{p.id}  {p.name}")
        for c in p.records:
            print(f"    {tr(KIND_NAMES[c.record.kind])}: {c.record.name}  [{c.record.ref}]")
        for c in p.possible:
            print("    " + _("possibly: {kind}: {name} ({score:.0f}%)  [{ref}]").format(
                kind=tr(KIND_NAMES[c.record.kind]), name=c.record.name, score=c.score,
                ref=c.record.ref))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from fieldkit.gui.privacy.pdf import write_access_pdf
    from fieldkit.privacy.access import access_json, subject_access
    from fieldkit.sync.safezip import write_file_atomic

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("--out {path}: give a file name ending in .pdf.").format(path=out))
    ctx = make_context(args)
    try:
        report = subject_access(ctx.store, args.id, language=getattr(args, "lang", None),
                                only=args.only, actor=_actor())
        _warn_retention(ctx.store)
    finally:
        ctx.close()
    write_access_pdf(report, out)
    data = json.dumps(access_json(report), ensure_ascii=False, indent=2).encode("utf-8")
    write_file_atomic(out.with_suffix(".json"), data)
    print(_("Wrote {pdf} and {json}.").format(pdf=out, json=out.with_suffix(".json")))
    return EXIT_OK


def _cmd_erase(args: argparse.Namespace) -> int:
    import json

    from fieldkit.privacy.changes import erase_person

    ctx = make_context(args)
    try:
        result = erase_person(ctx.store, args.id, reason=args.reason, actor=_actor(),
                              only=args.only)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({"person": result.person_id, "records": result.records,
                          "fields": result.fields}))
    else:
        print(_("Erased {records} records ({fields} fields) of {id}. Write a project pack "
                "so the laptops erase their copies too.").format(
                    records=result.records, fields=result.fields, id=result.person_id))
    return EXIT_OK


def _cmd_rectify(args: argparse.Namespace) -> int:
    from fieldkit.privacy.changes import rectify

    ctx = make_context(args)
    try:
        changed = rectify(ctx.store, args.interview, args.path, args.value,
                          reason=args.reason, actor=_actor())
    finally:
        ctx.close()
    print(_("Corrected.") if changed else _("It already had that value; nothing changed."))
    return EXIT_OK


def _cmd_retention(args: argparse.Namespace) -> int:
    import json
    from datetime import date

    from fieldkit.privacy.retention import (
        apply_retention,
        retention_status,
        retention_warning,
        set_retention,
    )

    ends = None
    if args.fieldwork_ends:
        try:
            ends = date.fromisoformat(args.fieldwork_ends)
        except ValueError:
            raise UsageError(_("--fieldwork-ends {value}: give a date as YYYY-MM-DD.")
                             .format(value=args.fieldwork_ends)) from None
    if args.force and not args.apply:
        raise UsageError(_("--force goes with --apply."))
    ctx = make_context(args)
    try:
        if args.months is not None or ends is not None:
            current = retention_status(ctx.store).months
            set_retention(ctx.store, args.months if args.months is not None else current,
                          fieldwork_ends=ends, actor=_actor())
        changed = apply_retention(ctx.store, actor=_actor(), force=args.force) \
            if args.apply else None
        status = retention_status(ctx.store)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({
            "months": status.months,
            "fieldwork_ends": status.fieldwork_ends.isoformat()
            if status.fieldwork_ends else None,
            "due_on": status.due_on.isoformat() if status.due_on else None,
            "days_left": status.days_left, "warn": status.warn, "due": status.due,
            "pseudonymised_at": status.done_at.isoformat() if status.done_at else None,
            "pseudonymised_fields": changed}))
        return EXIT_OK
    if changed is not None:
        print(_("Pseudonymised {count} personal fields.").format(count=changed))
    if status.months is None:
        print(_("No retention period is set: personal fields are kept."))
    elif status.due_on is None:
        print(_("Personal fields are kept {months} months after fieldwork ends; the last "
                "day of fieldwork is not set (--fieldwork-ends).").format(
                    months=status.months))
    elif status.done_at is not None:
        print(_("Personal fields were pseudonymised on {day}.").format(
            day=status.done_at.date().isoformat()))
    else:
        print(_("Personal fields are kept until {day}.").format(
            day=status.due_on.isoformat()))
    line = retention_warning(status)
    if line:
        print(line, file=sys.stderr)
    return EXIT_OK
