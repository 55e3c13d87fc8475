"""The `duplicates` command (argparse only here; handlers import lazily)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK
from fieldkit.i18n import _

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    dup = add_command(commands, "duplicates", help=_("coordinator: likely duplicate households"),
                      description=_("Review interviews that may be the same household "
                                    "(same address, similar household head), flagged at "
                                    "bundle import."))
    sub = add_subcommands(dup, "duplicates_command")
    listing = add_command(sub, "list", help=_("list open duplicate flags"),
                          description=_("List open duplicate flags, most alike first."))
    listing.add_argument("--all", action="store_true", help=_("resolved flags too"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    resolve = add_command(sub, "resolve", help=_("settle a duplicate flag"),
                          description=_("Settle a flag: not the same household, or the same "
                                        "one with one interview marked as the duplicate."))
    resolve.add_argument("flag", type=int, metavar="ID")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--not-duplicates", action="store_true",
                     help=_("two different households"))
    how.add_argument("--duplicate", metavar="INTERVIEW",
                     help=_("the same household: this interview (id or its start) is the "
                            "duplicate of the other"))
    resolve.add_argument("--by", default="", metavar="NAME",
                         help=_("who decided (for the audit log; default: your user name)"))
    resolve.set_defaults(handler=_resolve)
    scan = add_command(sub, "scan", help=_("check every interview again"),
                       description=_("Check every interview of the project for likely "
                                     "duplicates (imports do this by themselves)."))
    scan.set_defaults(handler=_scan)


def _side(side: Any) -> dict[str, Any]:
    return {"interview": side.interview_uuid, "label": side.label,
            "interviewer": side.interviewer, "device": side.device_id,
            "finalized_at": side.finalized_at.isoformat() if side.finalized_at else None,
            "postcode": side.postcode, "address": side.address, "head_name": side.head_name}


def _list(args: argparse.Namespace) -> int:
    from fieldkit.sync.duplicates import list_duplicates

    flags = list_duplicates(make_context(args).store, include_resolved=args.all)
    if args.json:
        print(json.dumps([{"id": f.id, "score": f.score, "status": f.status,
                           "duplicate": f.duplicate_uuid, "reasons": f.reasons,
                           "resolved_by": f.resolved_by,
                           "resolved_at": f.resolved_at.isoformat() if f.resolved_at else None,
                           "a": _side(f.a), "b": _side(f.b)} for f in flags],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    for f in flags:
        print(f"{f.id}\t{f.score}\t{f.status}\t{f.a.interview_uuid} ({f.a.interviewer})\t"
              f"{f.b.interview_uuid} ({f.b.interviewer})\t{f.a.postcode} {f.a.address}\t"
              f"{f.a.head_name} / {f.b.head_name}")
    return EXIT_OK


def _resolve(args: argparse.Namespace) -> int:
    import getpass

    from fieldkit.sync.duplicates import resolve_duplicate

    actor = args.by or getpass.getuser()
    resolve_duplicate(make_context(args).store, args.flag,
                      same_household=not args.not_duplicates, duplicate=args.duplicate,
                      actor=actor)
    print(_("Flag {id} resolved.").format(id=args.flag))
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
    from fieldkit.sync.duplicates import scan_duplicates

    count = scan_duplicates(make_context(args).store)
    print(_("{count} open duplicate flags.").format(count=count))
    return EXIT_OK
