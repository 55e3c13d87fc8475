"""``fieldkit census import|list|lookup|crosswalk``: census reference tables."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_INVALID, EXIT_OK
from fieldkit.i18n import _, ngettext


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def register(commands: Subcommands) -> None:
    census = add_command(
        commands, "census", help=_("census reference tables for the project's areas"),
        description=_("Import ONS census tables (Nomis bulk downloads), a postcode lookup "
                      "and crosswalks from form choices to census categories."))
    sub = add_subcommands(census, "census_command")

    imp = add_command(
        sub, "import", help=_("import census tables (Nomis bulk CSV files)"),
        description=_("Import Census 2021 topic summaries and Census 2011 tables as Nomis "
                      "publishes them in bulk (any geography: output area, LSOA, MSOA, ward, "
                      "local authority). The table is recognised from the header; fieldkit "
                      "reads TS002, TS003, TS004, TS007A, TS012, TS013, TS015, TS021 to "
                      "TS025, TS052, TS054 and QS201EW. A file whose totals do not add up "
                      "is refused and nothing of it is stored; importing a table and "
                      "geography again replaces it."))
    imp.add_argument("files", nargs="+", metavar="FILE", help=_("a census table (.csv)"))
    imp.add_argument("--json", action="store_true",
                     help=_("print the result as JSON (see the README)"))
    imp.set_defaults(handler=_cmd_import)

    lst = add_command(sub, "list", help=_("show the census tables loaded"),
                      description=_("Show the census tables loaded in the store."))
    lst.add_argument("--json", action="store_true",
                     help=_("print the result as JSON (see the README)"))
    lst.set_defaults(handler=_cmd_list)

    show = add_command(
        sub, "show", help=_("show a census table for some areas"),
        description=_("Show a census table's counts and shares for the given areas, added "
                      "together. When the table is loaded for a smaller geography only "
                      "(e.g. LSOAs), the small areas inside the given ones are added up "
                      "as the postcode lookup places them; small areas that straddle a "
                      "boundary are left out and listed."))
    show.add_argument("--table", required=True, metavar="ID", help=_("e.g. TS021"))
    show.add_argument("--area", required=True, nargs="+", metavar="CODE",
                      help=_("census area codes of one level, e.g. ward codes"))
    show.add_argument("--json", action="store_true",
                      help=_("print the result as JSON (see the README)"))
    show.set_defaults(handler=_cmd_show)

    cmp = add_command(
        sub, "compare", help=_("compare a census table with the project's interviews"),
        description=_("For the given areas, each census category's share of residents "
                      "beside its share among the project's interviews, the ratio, a 95% "
                      "Wilson interval for the project's share and flags for communities "
                      "under-represented among the project's interviews or small or absent "
                      "in the census. Choices become census categories through the "
                      "crosswalk (see 'fieldkit census crosswalk')."))
    cmp.add_argument("--table", required=True, metavar="ID", help=_("e.g. TS021"))
    cmp.add_argument("--area", required=True, nargs="+", metavar="CODE",
                     help=_("census area codes of one level, e.g. ward codes"))
    cmp.add_argument("--form", required=True, metavar="ID", help=_("the form's form_id"))
    cmp.add_argument("--field", required=True, metavar="FIELD",
                     help=_("the question compared, e.g. ethnicity"))
    place = cmp.add_mutually_exclusive_group(required=True)
    place.add_argument("--area-field", metavar="FIELD",
                       help=_("the question holding the interview's census area code"))
    place.add_argument("--postcode-field", metavar="FIELD",
                       help=_("the question holding the interview's postcode (placed "
                              "through the imported postcode lookup)"))
    cmp.add_argument("--crosswalk", metavar="FILE",
                     help=_("a crosswalk CSV (choice,census_category) for this comparison "
                            "(default: the project's, else fieldkit's)"))
    cmp.add_argument("--out", metavar="FILE",
                     help=_("also write the comparison to FILE (.csv or .xlsx), with the "
                            "census source line"))
    cmp.add_argument("--json", action="store_true",
                     help=_("print the result as JSON (see the README)"))
    cmp.set_defaults(handler=_cmd_compare)

    lookup = add_command(sub, "lookup", help=_("the postcode lookup"),
                         description=_("The postcode lookup that places interviews in "
                                       "census areas."))
    lookup_sub = add_subcommands(lookup, "lookup_command")
    limp = add_command(
        lookup_sub, "import", help=_("import an ONS postcode lookup (ONSPD or NSPL CSV)"),
        description=_("Import the rows of an ONS Postcode Directory or National "
                      "Statistics Postcode Lookup CSV file: the postcode (pcds) and its "
                      "output area, LSOA, MSOA, ward and local authority codes. Postcodes "
                      "already loaded are updated."))
    limp.add_argument("file", metavar="FILE", help=_("the lookup (.csv)"))
    limp.add_argument("--json", action="store_true",
                      help=_("print the result as JSON (see the README)"))
    limp.set_defaults(handler=_cmd_lookup_import)

    crosswalk = add_command(
        sub, "crosswalk", help=_("map a form field's choices to census categories"),
        description=_("A crosswalk says which census category each choice of a form "
                      "field counts as. Until the project imports its own, fieldkit's "
                      "default applies (for the default forms' ethnicity, nationality and "
                      "main language). Choices without a category are listed as unmapped."))
    cw_sub = add_subcommands(crosswalk, "crosswalk_command")
    cw_show = add_command(cw_sub, "show", help=_("show a crosswalk and its unmapped choices"),
                          description=_("Show a crosswalk and its unmapped choices."))
    _crosswalk_options(cw_show)
    cw_show.add_argument("--json", action="store_true",
                         help=_("print the result as JSON (see the README)"))
    cw_show.set_defaults(handler=_cmd_crosswalk_show)
    cw_export = add_command(
        cw_sub, "export", help=_("write a crosswalk as CSV (choice,census_category)"),
        description=_("Write a crosswalk as CSV with the columns choice,census_category, "
                      "one row per choice; an unmapped choice has an empty category."))
    _crosswalk_options(cw_export)
    cw_export.add_argument("--out", required=True, metavar="FILE",
                           help=_("the CSV file to write ('-' for the screen)"))
    cw_export.set_defaults(handler=_cmd_crosswalk_export)
    cw_import = add_command(
        cw_sub, "import", help=_("replace the project's crosswalk with a CSV file"),
        description=_("Replace the project's crosswalk for a form field and census table "
                      "with a CSV file (choice,census_category). A file with no rows "
                      "returns to fieldkit's default."))
    cw_import.add_argument("file", metavar="FILE", help=_("the crosswalk (.csv)"))
    _crosswalk_options(cw_import)
    cw_import.add_argument("--json", action="store_true",
                           help=_("print the result as JSON (see the README)"))
    cw_import.set_defaults(handler=_cmd_crosswalk_import)


def _crosswalk_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", required=True, metavar="ID", help=_("the form's form_id"))
    parser.add_argument("--field", required=True, metavar="FIELD",
                        help=_("the question whose choices are mapped, e.g. ethnicity"))
    parser.add_argument("--table", required=True, metavar="ID",
                        help=_("the census table, e.g. TS021"))


def _cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldkit.census import ATTRIBUTION
    from fieldkit.census.importer import import_tables

    ctx = make_context(args)
    try:
        result = import_tables(ctx.store, [Path(f) for f in args.files])
    finally:
        ctx.close()
    if args.json:
        _print_json({
            "imported": [i.to_json() for i in result.imported],
            "refused": [{"file": f, "error": e} for f, e in result.refused],
            "attribution": ATTRIBUTION})
    else:
        for item in result.imported:
            areas = ngettext("{n} area", "{n} areas", item.areas).format(n=item.areas)
            line = (_("{file}: {table} {title} ({year}), {level}: {areas}; replaced the "
                      "earlier import") if item.replaced else
                    _("{file}: {table} {title} ({year}), {level}: {areas}"))
            print(line.format(file=item.file, table=item.table, title=item.title,
                              year=item.year, level=item.level, areas=areas))
        if result.imported:
            print(ATTRIBUTION)
    for _file, error in result.refused:
        print(f"fieldkit: {error}", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_INVALID


def _cmd_list(args: argparse.Namespace) -> int:
    from fieldkit.census import ATTRIBUTION
    from fieldkit.census.tables import loaded_tables

    ctx = make_context(args)
    try:
        tables = loaded_tables(ctx.store)
    finally:
        ctx.close()
    if args.json:
        _print_json({"tables": [t.to_json() for t in tables], "attribution": ATTRIBUTION})
        return EXIT_OK
    if not tables:
        print(_("No census tables loaded; import one with 'fieldkit census import FILE'."))
        return EXIT_OK
    for t in tables:
        print(_("{table}\t{title} ({year})\t{level}\t{areas} areas\t{categories} categories")
              .format(table=t.table, title=t.title, year=t.year, level=t.level,
                      areas=t.areas, categories=t.categories))
    print(ATTRIBUTION)
    return EXIT_OK


def _cmd_show(args: argparse.Namespace) -> int:
    from fieldkit.census import ATTRIBUTION
    from fieldkit.census.areas import figures_for_areas

    ctx = make_context(args)
    try:
        figures = figures_for_areas(ctx.store, args.table.upper(), args.area)
    finally:
        ctx.close()
    data = figures.to_json()
    if args.json:
        _print_json({**data, "attribution": ATTRIBUTION})
        return EXIT_OK
    print(_("{table} {title}: {areas} ({level}, from {source} figures)").format(
        table=figures.counts.table, title=figures.counts.title,
        areas=", ".join(figures.counts.areas), level=figures.level,
        source=figures.source_level))
    rows: Any = data["rows"]
    for row in rows:
        indent = "    " if row["parent"] else ""
        share = "" if row["share"] is None else f"{row['share']:.1%}"
        print(f"{indent}{row['category']}\t{row['count']}\t{share}")
    if figures.missing:
        print(_("No figures for: {areas}").format(areas=", ".join(figures.missing)))
    if figures.split:
        print(_("Left out, straddling a boundary: {areas}").format(
            areas=", ".join(figures.split)))
    print(ATTRIBUTION)
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldkit.census import ATTRIBUTION
    from fieldkit.census.compare import compare
    from fieldkit.errors import UsageError

    if args.out and Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(_("--out {path}: give a file ending .csv or .xlsx.").format(
            path=args.out))
    ctx = make_context(args)
    try:
        result = compare(ctx.store, table=args.table, areas=args.area, form_id=args.form,
                         field=args.field, area_field=args.area_field,
                         postcode_field=args.postcode_field,
                         crosswalk_file=Path(args.crosswalk) if args.crosswalk else None)
    finally:
        ctx.close()
    if args.out:
        from fieldkit.census.export import write_comparison

        write_comparison(result, Path(args.out))
    if args.json:
        _print_json(result.to_json())
        return EXIT_OK
    print(_("{table} {title}, {areas}: {field} of form {form} ({n} answers placed in the "
            "areas; crosswalk: {crosswalk})").format(
        table=result.table, title=result.title, areas=", ".join(result.areas),
        field=result.field, form=result.form_id, n=result.own_total,
        crosswalk=result.crosswalk))
    print("\t".join([_("category"), _("census"), _("share"), _("ours"), _("share"),
                     _("95% interval"), _("ratio"), _("flag")]))
    flags = {"under_represented": _("under-represented among ours"),
             "small_in_census": _("small in the census"),
             "absent_in_census": _("absent from the census")}
    for row in result.rows:
        def pct(value: float | None) -> str:
            return "-" if value is None else f"{value:.1%}"
        interval = ("-" if row.own_low is None or row.own_high is None
                    else f"{row.own_low:.1%}–{row.own_high:.1%}")
        print("\t".join([("    " if row.parent else "") + row.category, str(row.census_n),
                         pct(row.census_share), str(row.own_n), pct(row.own_share),
                         interval, "-" if row.ratio is None else f"{row.ratio:.2f}",
                         flags.get(row.flag or "", "")]))
    unmapped = [f"{u['choice']} ({u['own_n']})" for u in result.unmapped]
    if unmapped:
        print(_("Unmapped choices (not compared): {choices}").format(
            choices=", ".join(unmapped)))
    if result.own_unplaced or result.own_elsewhere:
        print(_("Answers not placed in an area: {unplaced}; placed in other areas: "
                "{elsewhere}").format(unplaced=result.own_unplaced,
                                      elsewhere=result.own_elsewhere))
    print(ATTRIBUTION)
    return EXIT_OK


def _cmd_lookup_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldkit.census.lookup import import_lookup

    ctx = make_context(args)
    try:
        result = import_lookup(ctx.store, Path(args.file))
    finally:
        ctx.close()
    if args.json:
        _print_json(result.to_json())
    else:
        print(_("{file}: {n} postcodes ({layout} layout); columns read: {columns}").format(
            file=args.file, n=result.postcodes, layout=result.layout,
            columns=", ".join(f"{k}={v}" for k, v in result.columns.items())))
    return EXIT_OK


def _show_crosswalk(crosswalk: Any, as_json: bool) -> None:
    if as_json:
        _print_json(crosswalk.to_json())
        return
    print(_("{form} {field} → {table} ({source})").format(
        form=crosswalk.form_id, field=crosswalk.field, table=crosswalk.table,
        source=crosswalk.source))
    for row in crosswalk.rows:
        print(f"{row.choice}\t{row.label}\t{row.census_category or _('(unmapped)')}")
    if crosswalk.unmapped:
        print(_("Unmapped: {choices}").format(choices=", ".join(crosswalk.unmapped)))


def _cmd_crosswalk_show(args: argparse.Namespace) -> int:
    from fieldkit.census.crosswalk import load_crosswalk

    ctx = make_context(args)
    try:
        crosswalk = load_crosswalk(ctx.store, args.form, args.field, args.table)
    finally:
        ctx.close()
    _show_crosswalk(crosswalk, args.json)
    return EXIT_OK


def _cmd_crosswalk_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldkit.census.crosswalk import load_crosswalk
    from fieldkit.errors import EnvironmentProblem

    ctx = make_context(args)
    try:
        crosswalk = load_crosswalk(ctx.store, args.form, args.field, args.table)
    finally:
        ctx.close()
    text = crosswalk.to_csv()
    if args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise EnvironmentProblem(_("--out {path}: cannot write ({reason}).").format(
            path=args.out, reason=exc.strerror or exc)) from None
    if crosswalk.unmapped:
        print(_("{path}: {n} choices, unmapped: {choices}").format(
            path=args.out, n=len(crosswalk.rows), choices=", ".join(crosswalk.unmapped)))
    else:
        print(_("{path}: {n} choices, all mapped").format(path=args.out,
                                                         n=len(crosswalk.rows)))
    return EXIT_OK


def _cmd_crosswalk_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fieldkit.census.crosswalk import import_crosswalk

    ctx = make_context(args)
    try:
        crosswalk = import_crosswalk(ctx.store, Path(args.file), args.form, args.field,
                                     args.table)
    finally:
        ctx.close()
    _show_crosswalk(crosswalk, args.json)
    return EXIT_OK
