"""The `project` and `bundle` commands (argparse only here; handlers import lazily)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, EXIT_REJECTED
from fieldkit.i18n import _, ngettext

if TYPE_CHECKING:
    from fieldkit.sync.bundle_in import BundleReport

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    project = add_command(commands, "project", help=_("create, pack or join a project"),
                          description=_("Coordinator: create a project and write its pack. "
                                        "Laptop: join a project from its pack."))
    sub = add_subcommands(project, "project_command")
    init = add_command(sub, "init", help=_("make this data folder a coordinator"),
                       description=_("Create a project with its keys and forms (the "
                                     "default forms unless --form is given)."))
    init.add_argument("--name", required=True, help=_("the project's name"))
    init.add_argument("--organisation", default="", metavar="NAME",
                      help=_("the organisation running it (shown on enrolment code slips)"))
    init.add_argument("--form", action="append", default=[], metavar="PATH",
                      help=_("a form file (repeat for several)"))
    init.add_argument("--retention-days", type=int, default=30, metavar="N",
                      help=_("days a laptop keeps answers after the coordinator receipted "
                             "them (default 30; 0 purges at once)"))
    init.add_argument("--consultation-months", type=int, default=12, metavar="N",
                      help=_("months back the pack's register of surveyed addresses "
                             "reaches (default 12; 0: none)"))
    init.set_defaults(handler=_project_init)
    pack = add_command(sub, "pack", help=_("coordinator: write the project pack"),
                       description=_("Write the signed project pack for the laptops."))
    pack.add_argument("--out", required=True, metavar="FILE")
    pack.set_defaults(handler=_project_pack)
    join = add_command(sub, "join", help=_("laptop: join a project"),
                       description=_("Verify and install a project pack (or a newer one)."))
    join.add_argument("file", metavar="FILE")
    join.add_argument("--interviewer", required=True, metavar="NAME")
    join.add_argument("--code", required=True, metavar="CODE",
                      help=_("the enrolment code the coordinator gave this interviewer"))
    join.set_defaults(handler=_project_join)

    people = add_command(sub, "interviewer", help=_("coordinator: the roster"),
                         description=_("Add interviewers to the roster, or list it."))
    people_sub = add_subcommands(people, "interviewer_command")
    add = add_command(people_sub, "add", help=_("add an interviewer; prints the code"),
                      description=_("Add an interviewer and print their enrolment code."))
    add.add_argument("name", metavar="NAME")
    add.set_defaults(handler=_interviewer_add)
    roster = add_command(people_sub, "list", help=_("list the roster"),
                         description=_("List the roster with progress."))
    roster.add_argument("--json", action="store_true")
    roster.set_defaults(handler=_interviewer_list)
    off = add_command(people_sub, "deactivate", help=_("deactivate; revokes their devices"),
                      description=_("Deactivate an interviewer: no new device can enrol as "
                                    "them and bundles from their devices are refused (a "
                                    "lost laptop, someone who left). Imported data stays."))
    off.add_argument("name", metavar="NAME")
    off.set_defaults(handler=_interviewer_deactivate, active=False)
    on = add_command(people_sub, "activate", help=_("undo deactivate"),
                     description=_("Make a deactivated interviewer active again."))
    on.add_argument("name", metavar="NAME")
    on.set_defaults(handler=_interviewer_deactivate, active=True)

    register_cmd = add_command(sub, "consultation", help=_("coordinator: consultation register"),
                               description=_("Show or set how many months back the pack's "
                                             "register of surveyed addresses reaches."))
    register_cmd.add_argument("--months", type=int, metavar="N",
                              help=_("set it (0: packs carry no register)"))
    register_cmd.add_argument("--json", action="store_true")
    register_cmd.set_defaults(handler=_consultation)

    quota = add_command(sub, "quota", help=_("coordinator: quotas and assignments"),
                        description=_("Targets such as interviews per community."))
    quota_sub = add_subcommands(quota, "quota_command")
    qadd = add_command(quota_sub, "add", help=_("add a quota"),
                       description=_("Add a target of finalized interviews of a form "
                                     "answering VALUE at a field."))
    qadd.add_argument("--form", required=True, metavar="ID")
    qadd.add_argument("--field", required=True, metavar="PATH")
    qadd.add_argument("--value", required=True)
    qadd.add_argument("--target", required=True, type=int, metavar="N")
    qadd.add_argument("--interviewer", metavar="NAME", help=_("assign it to one interviewer"))
    qadd.set_defaults(handler=_quota_add)
    qlist = add_command(quota_sub, "list", help=_("list quotas with progress"),
                        description=_("List quotas with progress."))
    qlist.add_argument("--json", action="store_true")
    qlist.set_defaults(handler=_quota_list)

    bundle = add_command(commands, "bundle", help=_("data bundles and receipts"),
                         description=_("Laptop: export data bundles, import receipts. "
                                       "Coordinator: import bundles, write receipts."))
    bsub = add_subcommands(bundle, "bundle_command")
    export = add_command(bsub, "export", help=_("laptop: write a data bundle"),
                         description=_("Write everything the coordinator has not receipted."))
    export.add_argument("--out", required=True, metavar="FILE")
    export.set_defaults(handler=_bundle_export)
    imp = add_command(bsub, "import", help=_("coordinator: import data bundles"),
                      description=_("Verify and import bundles; exit 0 if all were "
                                    "accepted, 3 if any was rejected."))
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=_bundle_import)
    receipt = add_command(bsub, "receipt", help=_("coordinator: write a receipt"),
                          description=_("Write the receipt for one laptop."))
    receipt.add_argument("--device", required=True, metavar="ID")
    receipt.add_argument("--out", required=True, metavar="FILE")
    receipt.set_defaults(handler=_bundle_receipt)
    rimp = add_command(bsub, "receipt-import", help=_("laptop: import a receipt"),
                       description=_("Mark what the coordinator received and purge what "
                                     "is no longer needed."))
    rimp.add_argument("file", metavar="FILE")
    rimp.add_argument("--json", action="store_true")
    rimp.set_defaults(handler=_receipt_import)
    conflicts = add_command(bsub, "conflicts", help=_("coordinator: list open conflicts"),
                            description=_("List fields edited differently on two devices."))
    conflicts.add_argument("--json", action="store_true")
    conflicts.set_defaults(handler=_conflicts)

    from fieldkit.sync import duplicate_commands

    duplicate_commands.register(commands)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _project_init(args: argparse.Namespace) -> int:
    from fieldkit.sync.project import init_project

    ctx = make_context(args)
    project = init_project(ctx.store, args.name, [Path(p) for p in args.form],
                           retention_days=args.retention_days,
                           consultation_months=args.consultation_months,
                           organisation=args.organisation)
    print(_("Created project {name} ({id}). Next: add interviewers with 'fieldkit project "
            "interviewer add NAME', then 'fieldkit project pack --out FILE'.").format(
                name=project.name, id=project.id))
    return EXIT_OK


def _project_pack(args: argparse.Namespace) -> int:
    from fieldkit.sync.project import write_pack

    version = write_pack(make_context(args).store, Path(args.out))
    print(_("Wrote {path} (pack version {version}).").format(path=args.out, version=version))
    return EXIT_OK


def _project_join(args: argparse.Namespace) -> int:
    from fieldkit.sync.project import join_pack

    result = join_pack(make_context(args).store, Path(args.file), args.interviewer,
                       args.code)
    message = (_("Updated project {name} to pack version {version}.") if result.updated
               else _("Joined project {name} (pack version {version})."))
    print(message.format(name=result.name, version=result.pack_version))
    if result.session_records:
        print(ngettext("Advice sessions: {count} session or attendance from the project.",
                       "Advice sessions: {count} sessions and attendances from the project.",
                       result.session_records).format(count=result.session_records))
    if result.sessions_removed:
        print(ngettext("Advice sessions: {count} session or attendance no longer in the "
                       "pack was removed from this laptop.",
                       "Advice sessions: {count} sessions and attendances no longer in the "
                       "pack were removed from this laptop.",
                       result.sessions_removed).format(count=result.sessions_removed))
    if result.erased:
        print(ngettext("Erasures: {count} record the coordinator erased was erased from "
                       "this laptop too.",
                       "Erasures: {count} records the coordinator erased were erased from "
                       "this laptop too.", result.erased).format(count=result.erased))
    return EXIT_OK


def _interviewer_add(args: argparse.Namespace) -> int:
    from fieldkit.sync.project import add_interviewer

    entry, code = add_interviewer(make_context(args).store, args.name)
    print(_("Added {name}. Enrolment code (give it to {name} only): {code}").format(
        name=entry.name, code=code))
    return EXIT_OK


def _interviewer_list(args: argparse.Namespace) -> int:
    from fieldkit.sync.review import interviewer_progress

    rows = interviewer_progress(make_context(args).store)
    if args.json:
        _print_json([{"id": r.interviewer_id, "name": r.name, "interviews": r.interviews,
                      "devices": r.devices} for r in rows])
    else:
        for r in rows:
            print(f"{r.name}\t{r.interviews}\t{r.interviewer_id}")
    return EXIT_OK


def _interviewer_deactivate(args: argparse.Namespace) -> int:
    import getpass

    from fieldkit.sync.project import deactivate_interviewer

    entry = deactivate_interviewer(make_context(args).store, args.name,
                                   getpass.getuser(), active=args.active)
    message = (_("{name} is active again.") if entry.active else
               _("{name} is deactivated: bundles from their devices are refused from now "
                 "on. Write a new pack for the laptops."))
    print(message.format(name=entry.name))
    return EXIT_OK


def _consultation(args: argparse.Namespace) -> int:
    from fieldkit.sync.consultation import build_register, set_consultation_months
    from fieldkit.sync.project import coordinator_project

    store = make_context(args).store
    if args.months is not None:
        set_consultation_months(store, args.months)
    register = build_register(store, coordinator_project(store).id)
    months = register["months"] if register else 0
    addresses = len(register["entries"]) if register else 0
    if args.json:
        _print_json({"months": months, "addresses": addresses})
    else:
        print(_("The pack's consultation register covers {months} months: {count} "
                "addresses.").format(months=months, count=addresses))
    return EXIT_OK


def _quota_add(args: argparse.Namespace) -> int:
    from fieldkit.sync.project import add_quota

    number = add_quota(make_context(args).store, form_id=args.form, path=args.field,
                       value=args.value, target=args.target, interviewer=args.interviewer)
    print(_("Added quota {id}.").format(id=number))
    return EXIT_OK


def _quota_list(args: argparse.Namespace) -> int:
    from fieldkit.sync.review import quota_progress

    rows = quota_progress(make_context(args).store)
    if args.json:
        _print_json([{"id": q.quota_id, "form_id": q.form_id, "field": q.path,
                      "value": q.value, "target": q.target, "interviewer": q.interviewer,
                      "done": q.done} for q in rows])
    else:
        for q in rows:
            print(f"{q.quota_id}\t{q.form_id}\t{q.path}={q.value}\t{q.done}/{q.target}\t"
                  f"{q.interviewer}")
    return EXIT_OK


def _bundle_export(args: argparse.Namespace) -> int:
    from fieldkit.sync.bundle_out import export_bundle

    result = export_bundle(make_context(args).store, Path(args.out))
    print(_("Wrote {path}: bundle {seq}, {interviews} interviews, {versions} records.")
          .format(path=args.out, seq=result.seq, interviews=result.interviews,
                  versions=result.versions))
    return EXIT_OK


def _bundle_import(args: argparse.Namespace) -> int:
    from fieldkit.sync.bundle_in import BatchStopped, import_bundles

    try:
        reports = import_bundles(make_context(args).store, [Path(f) for f in args.files])
    except BatchStopped as exc:  # a full disk: say what was done before it
        _report_bundles(args, exc.reports)
        raise
    return _report_bundles(args, reports)


def _report_bundles(args: argparse.Namespace, reports: list[BundleReport]) -> int:
    if args.json:
        _print_json({"bundles": [r.to_json() for r in reports],
                     "accepted": sum(r.accepted for r in reports),
                     "rejected": sum(not r.accepted for r in reports)})
    for r in reports:
        for warning in r.warnings:
            print(_("fieldkit: {file}: warning: {message}").format(file=r.file,
                                                                   message=warning),
                  file=sys.stderr)
        if not r.accepted:
            print(f"fieldkit: {r.file}: {r.reason}", file=sys.stderr)
        elif not args.json:
            c = r.counts
            print(_("{file}: accepted; interviews new {new}, updated {updated}, unchanged "
                    "{unchanged}; conflicts {conflicts}").format(
                        file=r.file, new=c.interviews_new, updated=c.interviews_updated,
                        unchanged=c.interviews_unchanged, conflicts=c.conflicts))
    return EXIT_OK if all(r.accepted for r in reports) else EXIT_REJECTED


def _bundle_receipt(args: argparse.Namespace) -> int:
    from fieldkit.sync.receipts import write_receipt

    count = write_receipt(make_context(args).store, args.device, Path(args.out))
    print(_("Wrote {path}: acknowledges {count} records.").format(path=args.out,
                                                                  count=count))
    return EXIT_OK


def _receipt_import(args: argparse.Namespace) -> int:
    from fieldkit.sync.receipts import import_receipt

    result = import_receipt(make_context(args).store, Path(args.file))
    if args.json:
        _print_json({"versions_received": result.versions_received,
                     "interviews_receipted": result.interviews_receipted,
                     "interviews_purged": result.interviews_purged,
                     "restore_detected": result.restore_detected})
    else:
        print(_("{file}: {received} records receipted, {purged} interviews purged.").format(
            file=args.file, received=result.versions_received,
            purged=result.interviews_purged))
    return EXIT_OK


def _conflicts(args: argparse.Namespace) -> int:
    from fieldkit.sync.review import list_conflicts

    rows = list_conflicts(make_context(args).store)
    if args.json:
        _print_json([{"interview": c.interview_uuid, "path": c.path, "values": [
            {"version": v.version_id, "value": v.value, "device": v.device_id,
             "entered_by": v.entered_by, "at": v.written_at} for v in c.values]}
            for c in rows])
    else:
        for c in rows:
            shown = " | ".join(f"{v.value!r} ({v.entered_by or v.device_id})"
                               for v in c.values)
            print(f"{c.interview_uuid}\t{c.path}\t{shown}")
    return EXIT_OK
