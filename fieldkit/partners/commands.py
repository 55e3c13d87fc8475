"""``fieldkit share agreement|release`` and ``fieldkit partners import|list|note``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, OptionError
from fieldkit.i18n import _, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext

LEVELS = ("aggregate", "records")  # fieldkit.partners.agreements.LEVELS


def register(commands: Subcommands) -> None:
    share = add_command(
        commands, "share", help=_("data-sharing agreements and safe releases to partners"),
        description=_("Record what may be shared with a partner organisation, and make "
                      "releases that protect every person in them."))
    share_commands = add_subcommands(share, "share_command")
    agreement = add_command(share_commands, "agreement", help=_("data-sharing agreements"),
                            description=_("Add, list, show or end data-sharing agreements."))
    agreement_commands = add_subcommands(agreement, "agreement_command")
    add = add_command(agreement_commands, "add", help=_("record a new agreement"),
                      description=_("Record a data-sharing agreement; prints its id on "
                                    "the last line."))
    add.add_argument("--partner", required=True, metavar="NAME",
                     help=_("the partner organisation"))
    add.add_argument("--contact", default="", metavar="TEXT",
                     help=_("who to contact there"))
    add.add_argument("--purpose", required=True, metavar="TEXT",
                     help=_("what the data is for"))
    add.add_argument("--basis", required=True, metavar="TEXT",
                     help=_("the lawful basis (UK GDPR Article 6)"))
    add.add_argument("--condition", default="", metavar="TEXT",
                     help=_("the Article 9 condition, needed for special-category data "
                            "such as ethnicity"))
    add.add_argument("--form", required=True, metavar="ID", help=_("the form shared"))
    add.add_argument("--fields", required=True, metavar="F1,F2,...",
                     help=_("the fields that may be shared"))
    add.add_argument("--level", required=True, choices=LEVELS,
                     help=_("aggregate tables only, or pseudonymised records"))
    add.add_argument("--min-count", type=int, default=10, metavar="N",
                     help=_("the smallest count that may be published (default 10, at "
                            "least 3)"))
    add.add_argument("--round-to", type=int, metavar="5",
                     help=_("round every figure to base 5 instead of suppressing"))
    add.add_argument("--starts", metavar="DATE", help=_("first day (default: today)"))
    add.add_argument("--review", metavar="DATE", help=_("when to review it"))
    add.add_argument("--ends", required=True, metavar="DATE", help=_("last day"))
    add.add_argument("--signed-by", required=True, metavar="NAME",
                     help=_("who signed it off"))
    add.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    add.set_defaults(handler=_cmd_add)
    listing = add_command(agreement_commands, "list", help=_("list agreements"),
                          description=_("Every agreement, active or ended."))
    listing.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    listing.set_defaults(handler=_cmd_list)
    show = add_command(agreement_commands, "show", help=_("show one agreement"),
                       description=_("One agreement, its versions and its releases."))
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    show.set_defaults(handler=_cmd_show)
    end = add_command(agreement_commands, "end", help=_("end an agreement"),
                      description=_("End an agreement: no release can be made under it "
                                    "from now on; it stays on record."))
    end.add_argument("id", type=int, metavar="ID")
    end.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    end.set_defaults(handler=_cmd_end)

    release = add_command(
        share_commands, "release", help=_("make a release under an agreement"),
        description=_("Write a signed zip for the partner: tables with small counts "
                      "withheld (or records with a pseudonym), a data dictionary and a "
                      "README."))
    release.add_argument("--agreement", required=True, type=int, metavar="ID")
    release.add_argument("--by", required=True, metavar="FIELD[,FIELD...]",
                         help=_("the fields to count by (aggregate: one or two), or the "
                                "columns of a record-level release"))
    release.add_argument("--out", required=True, metavar="PATH", help=_("the zip to write"))
    release.add_argument("--records", action="store_true",
                         help=_("a record-level release (the agreement must allow it)"))
    release.add_argument("--form", metavar="ID",
                         help=_("the form (must be the agreement's; default: it)"))
    release.add_argument("--period", metavar="PERIOD",
                         help=_("count only this period (2026, 2026H1, 2026Q3, 2026-03); "
                                "needed for a release a partner's fieldkit takes in as a "
                                "time series"))
    release.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    release.set_defaults(handler=_cmd_release)

    partners = add_command(
        commands, "partners", help=_("partners' figures and what partners report"),
        description=_("Take in figures from partners (schools, GP practices, DWP "
                      "Stat-Xplore...) as time series that join the trend alerts, and "
                      "keep a log of what partners and outreach workers report."))
    partner_commands = add_subcommands(partners, "partners_command")
    imp = add_command(partner_commands, "import", help=_("take in a partner's figures"),
                      description=_("Read a long table (period,area,category,count), a "
                                    "wide table (one column per category), a Stat-Xplore "
                                    "CSV export or a fieldkit release. A file with a bad "
                                    "row is refused whole."))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--source", required=True, metavar="NAME",
                     help=_("who the figures come from, e.g. \"GP registrations\""))
    imp.add_argument("--mapping", metavar="FILE",
                     help=_("a JSON file naming the columns: period, area, category, "
                            "count, layout, area_value (remembered for the source)"))
    imp.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    imp.set_defaults(handler=_cmd_import)
    plist = add_command(partner_commands, "list", help=_("what partners' figures are held"),
                        description=_("Each source with its rows, periods, areas and "
                                      "categories."))
    plist.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    plist.set_defaults(handler=_cmd_partners_list)
    note = add_command(partner_commands, "note", help=_("anecdotal information"),
                       description=_("Dated observations from partners and outreach "
                                     "workers, kept beside the figures."))
    note_commands = add_subcommands(note, "note_command")
    note_add = add_command(note_commands, "add", help=_("record an observation"),
                           description=_("Record what a partner or outreach worker "
                                         "reports; prints its id on the last line."))
    note_add.add_argument("--source", required=True, metavar="NAME")
    note_add.add_argument("--text", required=True, metavar="TEXT")
    note_add.add_argument("--community", default="", metavar="NAME")
    note_add.add_argument("--area", default="", metavar="AREA")
    note_add.add_argument("--tags", default="", metavar="T1,T2")
    note_add.add_argument("--date", metavar="DATE", help=_("when (default: today)"))
    note_add.add_argument("--json", action="store_true",
                          help=_("print the result as JSON"))
    note_add.set_defaults(handler=_cmd_note_add)
    note_list = add_command(note_commands, "list", help=_("list observations"),
                            description=_("Observations, newest first."))
    note_list.add_argument("--community", metavar="NAME")
    note_list.add_argument("--area", metavar="AREA")
    note_list.add_argument("--tag", metavar="TAG")
    note_list.add_argument("--since", metavar="DATE")
    note_list.add_argument("--until", metavar="DATE")
    note_list.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    note_list.set_defaults(handler=_cmd_note_list)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OptionError(option, _("write a date as YYYY-MM-DD.")) from None


def _project_id(ctx: AppContext) -> str:
    from fieldkit.projects import current_project

    return current_project(ctx.store).id


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _print_json(data: object) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def _cmd_add(args: argparse.Namespace) -> int:
    from fieldkit.partners.agreements import AgreementDraft, add_agreement

    ends = _day(args.ends, "--ends")
    assert ends is not None
    draft = AgreementDraft(
        partner=args.partner, purpose=args.purpose, basis=args.basis, form_id=args.form,
        fields=tuple(f.strip() for f in args.fields.split(",")), level=args.level,
        ends=ends, signed_by=args.signed_by, condition=args.condition,
        contact=args.contact, min_count=args.min_count, round_to=args.round_to,
        starts=_day(args.starts, "--starts") or date.today(),
        review=_day(args.review, "--review"))
    ctx = make_context(args)
    try:
        agreement = add_agreement(ctx.store, _project_id(ctx), draft, actor=_actor())
    finally:
        ctx.close()
    if args.json:
        _print_json(agreement.to_json())
    else:
        print(_("Agreement with {partner} recorded: {level}, fields {fields}, ends {day}."
                ).format(partner=agreement.partner, level=agreement.level,
                         fields=", ".join(agreement.fields), day=agreement.ends.isoformat()))
    print(agreement.id)
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    from fieldkit.partners.agreements import list_agreements

    ctx = make_context(args)
    try:
        agreements = list_agreements(ctx.store, _project_id(ctx))
    finally:
        ctx.close()
    if args.json:
        _print_json({"agreements": [a.to_json() for a in agreements]})
        return EXIT_OK
    if not agreements:
        print(_("No agreements yet; 'fieldkit share agreement add' records one."))
    for a in agreements:
        print(_("{id}  {partner}  {status}  {level}  {form}: {fields}  ends {day}").format(
            id=a.id, partner=a.partner, status=a.status(), level=a.level, form=a.form_id,
            fields=",".join(a.fields), day=a.ends.isoformat()))
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    from fieldkit.partners.agreements import agreement_versions, get_agreement
    from fieldkit.partners.releases import list_releases

    ctx = make_context(args)
    try:
        agreement = get_agreement(ctx.store, _project_id(ctx), args.id)
        versions = agreement_versions(ctx.store, agreement.id)
        releases = list_releases(ctx.store, agreement.id)
    finally:
        ctx.close()
    if args.json:
        _print_json(agreement.to_json() | {"versions": versions, "releases": releases})
        return EXIT_OK
    for key, value in agreement.to_json().items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else value
        print(f"{key}: {'' if shown is None else shown}")
    print(ngettext("{n} release", "{n} releases", len(releases)).format(n=len(releases)))
    for release in releases:
        print(_("  {at}  {level} by {by} -> {out} ({withheld} withheld)").format(
            at=release["at"], level=release["level"],
            by=",".join(str(b) for b in release["by"]) if isinstance(
                release["by"], list) else release["by"],
            out=release["out"], withheld=release["withheld"]))
    return EXIT_OK


def _cmd_end(args: argparse.Namespace) -> int:
    from fieldkit.partners.agreements import end_agreement

    ctx = make_context(args)
    try:
        agreement = end_agreement(ctx.store, _project_id(ctx), args.id, actor=_actor())
    finally:
        ctx.close()
    if args.json:
        _print_json(agreement.to_json())
    else:
        print(_("Agreement {id} with {partner} ended on {day}.").format(
            id=agreement.id, partner=agreement.partner,
            day=(agreement.ended_on or date.today()).isoformat()))
    return EXIT_OK


def _cmd_release(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldkit.partners.releases import ReleaseRequest, make_release

    by = tuple(f.strip() for f in args.by.split(",") if f.strip())
    request = ReleaseRequest(agreement_id=args.agreement, by=by, out=Path(args.out),
                             records=args.records, form_id=args.form, period=args.period)
    ctx = make_context(args)
    try:
        release = make_release(ctx.store, _project_id(ctx), request, actor=_actor())
    finally:
        ctx.close()
    if args.json:
        _print_json(release.to_json())
    else:
        print(_("Release {id} for {partner} written to {path}: {rows} rows, {withheld} "
                "figures withheld.").format(id=release.id, partner=release.agreement.partner,
                                            path=release.path, rows=release.rows,
                                            withheld=release.withheld))
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldkit.partners.imports import import_figures, load_mapping

    mapping = load_mapping(Path(args.mapping) if args.mapping else None)
    ctx = make_context(args)
    try:
        result = import_figures(ctx.store, _project_id(ctx), Path(args.file), args.source,
                                mapping=mapping, actor=_actor())
    finally:
        ctx.close()
    if args.json:
        _print_json(result.to_json())
    else:
        print(_("{source}: {rows} figures stored ({layout}; periods {first} to {last}; "
                "{skipped} not given by the partner).").format(
            source=result.source, rows=result.rows, layout=result.layout,
            first=result.periods[0], last=result.periods[-1], skipped=result.skipped))
    return EXIT_OK


def _cmd_partners_list(args: argparse.Namespace) -> int:
    from fieldkit.partners.imports import list_sources

    ctx = make_context(args)
    try:
        sources = list_sources(ctx.store, _project_id(ctx))
    finally:
        ctx.close()
    if args.json:
        _print_json({"sources": sources})
        return EXIT_OK
    if not sources:
        print(_("No partners' figures yet; 'fieldkit partners import' takes them in."))
    for s in sources:
        periods, areas = s["periods"], s["areas"]
        assert isinstance(periods, list) and isinstance(areas, list)
        print(_("{source}: {rows} figures, {periods} periods ({first} to {last}), areas: "
                "{areas}").format(source=s["source"], rows=s["rows"], periods=len(periods),
                                  first=periods[0], last=periods[-1],
                                  areas=", ".join(str(a) for a in areas) or "-"))
    return EXIT_OK


def _cmd_note_add(args: argparse.Namespace) -> int:
    from fieldkit.partners.anecdotes import add_observation

    observed = _day(args.date, "--date") or date.today()
    ctx = make_context(args)
    try:
        note = add_observation(ctx.store, _project_id(ctx), observed_on=observed,
                               source=args.source, text=args.text, community=args.community,
                               area=args.area, tags=tuple(args.tags.split(",")),
                               actor=_actor())
    finally:
        ctx.close()
    if args.json:
        _print_json(note.to_json())
    else:
        print(_("Observation recorded."))
        print(note.id)
    return EXIT_OK


def _cmd_note_list(args: argparse.Namespace) -> int:
    from fieldkit.partners.anecdotes import list_observations

    ctx = make_context(args)
    try:
        notes = list_observations(ctx.store, _project_id(ctx), community=args.community,
                                  area=args.area, tag=args.tag,
                                  since=_day(args.since, "--since"),
                                  until=_day(args.until, "--until"))
    finally:
        ctx.close()
    if args.json:
        _print_json({"observations": [n.to_json() for n in notes]})
        return EXIT_OK
    if not notes:
        print(_("No observations recorded."))
    for n in notes:
        print(_("{day}  {source}  {community} {area}: {text}{tags}").format(
            day=n.observed_on.isoformat(), source=n.source, community=n.community or "-",
            area=n.area or "", text=n.text,
            tags=f"  [{', '.join(n.tags)}]" if n.tags else ""))
    return EXIT_OK
