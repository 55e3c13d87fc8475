"""``fieldkit report fact ...``, ``report facts``, ``report feedback-item ...`` and
``report feedback``: the myth-busting fact sheet and the feedback to participants.

In the gui layer, the lowest that may import the renderer
(:mod:`fieldkit.gui.reports.pdf`), which the handlers import when they run; listed in
``REPORT_COMMAND_MODULES`` of :mod:`fieldkit.gui.reports.commands`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, InvalidInput, OptionError
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.disclosure import DisclosureRule
    from fieldkit.reports.figures import FigureSpec

__all__ = ["register"]


def _figure_options(parser: argparse.ArgumentParser, *, own_only: bool = False) -> None:
    group = parser.add_argument_group(_("the figure (fieldkit fills in its number, source "
                                        "and date)"))
    group.add_argument("--form", metavar="ID", help=_("own interviews of this form"))
    group.add_argument("--by", metavar="FIELD",
                       help=_("the field naming the community (a single-choice field)"))
    group.add_argument("--measure", metavar="FIELD", help=_("the field the figure counts"))
    group.add_argument("--group", action="append", default=[], metavar="CODE",
                       help=_("count only this community (repeat for several; default: "
                              "all)"))
    if not own_only:
        group.add_argument("--census", metavar="TABLE", help=_("a census table, e.g. TS004"))
        group.add_argument("--partner", metavar="SOURCE",
                           help=_("a partner's figures, e.g. \"GP registrations\""))
        group.add_argument("--area", nargs="+", default=[], metavar="CODE",
                           help=_("census: the area codes; partner: the area"))
        group.add_argument("--of", default="", metavar="CATEGORY",
                           help=_("partner: the category the figure is a share of (Total: "
                                  "all the area's categories)"))
    group.add_argument("--category", metavar="CODE",
                       help=_("the choice or category counted"))
    group.add_argument("--period", default="", metavar="PERIOD",
                       help=_("one period (2026, 2026H1, 2026Q3, 2026-03); default: all "
                              "(a partner's: the latest)"))


def _has_figure(args: argparse.Namespace) -> bool:
    return any(getattr(args, name, None) for name in ("form", "census", "partner",
                                                       "measure", "category"))


def _spec(args: argparse.Namespace, form: str | None = None) -> FigureSpec:
    from fieldkit.reports.figures import FigureSpec

    census = getattr(args, "census", None)
    partner = getattr(args, "partner", None)
    areas = tuple(getattr(args, "area", []) or ())
    if sum(bool(x) for x in (census, partner, args.measure or form)) != 1:
        raise OptionError("--measure", _("name one figure: --form/--measure (own "
                                         "interviews), --census or --partner."))
    if census:
        return FigureSpec(kind="census", category=args.category or "", table=census,
                          areas=areas)
    if partner:
        if len(areas) > 1:
            raise OptionError("--area", _("a partner's figure is for one area."))
        return FigureSpec(kind="partner", category=args.category or "", source=partner,
                          area=areas[0] if areas else "", of=args.of, period=args.period)
    return FigureSpec(kind="own", category=args.category or "", form=form or args.form or "",
                      by=args.by or "", measure=args.measure or "",
                      groups=tuple(args.group), period=args.period)


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--min-count", type=int, default=None, metavar="N",
                        help=_("the smallest count that may be published (default: the "
                               "project's report settings, else 10; at least 3)"))
    parser.add_argument("--round-to", type=int, default=None, metavar="5",
                        help=_("round every count to this base instead of withholding "
                               "small ones"))


def _rule(args: argparse.Namespace, ctx: AppContext, project_id: str) -> DisclosureRule:
    """The rule given, else the project's smallest publishable count (its report
    settings, which the trend report and the Reports tab keep)."""
    from fieldkit.disclosure import DisclosureRule
    from fieldkit.reports.settings import load_settings

    min_count = args.min_count or load_settings(ctx.store, project_id).min_count
    return DisclosureRule(min_count=min_count, round_to=args.round_to)


def register(commands: Subcommands) -> None:
    fact = add_command(commands, "fact", help=_("the statements of the fact sheet"),
                       description=_("Add, list, translate, edit or remove the myth-busting "
                                     "statements; each is tied to a figure fieldkit holds."))
    fact_commands = add_subcommands(fact, "fact_command")
    add = add_command(fact_commands, "add", help=_("add a statement"),
                      description=_("Add a statement in the language given with --lang (else "
                                    "the interface language), with {figure} where the number "
                                    "goes; prints its id on the last line."))
    add.add_argument("--text", required=True, metavar="TEXT")
    add.add_argument("--scale", type=int, default=100, metavar="100",
                     help=_("write shares as N in 10, 100 or 1000 (default 100)"))
    _figure_options(add)
    add.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    add.set_defaults(handler=_cmd_fact_add)
    text = add_command(fact_commands, "text", help=_("add or replace a translation"),
                       description=_("The statement's wording in the language given with "
                                     "--lang."))
    text.add_argument("id", type=int, metavar="ID")
    text.add_argument("--text", required=True, metavar="TEXT")
    text.set_defaults(handler=_cmd_fact_text)
    edit = add_command(fact_commands, "edit", help=_("change a statement's figure or place"),
                       description=_("Tie a statement to another figure, change its scale "
                                     "or move it on the sheet."))
    edit.add_argument("id", type=int, metavar="ID")
    edit.add_argument("--scale", type=int, metavar="100")
    edit.add_argument("--position", type=int, metavar="N", help=_("its place on the sheet"))
    _figure_options(edit)
    edit.set_defaults(handler=_cmd_fact_edit)
    remove = add_command(fact_commands, "remove", help=_("remove a statement"),
                         description=_("Remove a statement and its translations."))
    remove.add_argument("id", type=int, metavar="ID")
    remove.set_defaults(handler=_cmd_fact_remove)
    listing = add_command(fact_commands, "list", help=_("list the statements"),
                          description=_("Each statement with its figure as fieldkit holds it "
                                        "today and the languages it is written in."))
    listing.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    listing.set_defaults(handler=_cmd_fact_list)

    facts = add_command(commands, "facts", help=_("write the myth-busting fact sheet"),
                        description=_("One page of the statements in the language given "
                                      "with --lang, their numbers, sources and dates filled "
                                      "in by fieldkit; as PDF, and as a PNG image for social "
                                      "media."))
    facts.add_argument("--out", required=True, metavar="FILE.pdf")
    facts.add_argument("--png", metavar="FILE.png",
                       help=_("also an image for social media (default: beside the PDF)"))
    facts.add_argument("--text", metavar="FILE.txt", help=_("also the text alone"))
    _rule_options(facts)
    facts.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    facts.set_defaults(handler=_cmd_facts)

    item = add_command(commands, "feedback-item", help=_("the content of the feedback"),
                       description=_("The coordinator's paragraphs and figures of the "
                                     "feedback to participants, per language."))
    item_commands = add_subcommands(item, "item_command")
    iadd = add_command(item_commands, "add", help=_("add a paragraph or a figure"),
                       description=_("Add a paragraph (or, with --measure and --category, a "
                                     "figure shown as 10 pictures, its text with {figure}) in "
                                     "the language given with --lang; prints its id on the "
                                     "last line."))
    iadd.add_argument("--section", required=True, choices=("told", "next"),
                      help=_("told: what you told us; next: what happens next"))
    iadd.add_argument("--text", required=True, metavar="TEXT")
    iadd.add_argument("--easy", default="", metavar="TEXT",
                      help=_("the easy-read wording: short sentences, one a line"))
    iadd.add_argument("--community", default="", metavar="CODE",
                      help=_("only in the feedback for this community (default: in all)"))
    iadd.add_argument("--icon", default="", metavar="NAME",
                      help=_("the easy-read picture beside each line: person (default) or house"))
    _figure_options(iadd, own_only=True)
    iadd.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    iadd.set_defaults(handler=_cmd_item_add)
    itext = add_command(item_commands, "text", help=_("add or replace a translation"),
                        description=_("The item's wording in the language given with "
                                      "--lang."))
    itext.add_argument("id", type=int, metavar="ID")
    itext.add_argument("--text", required=True, metavar="TEXT")
    itext.add_argument("--easy", default="", metavar="TEXT")
    itext.set_defaults(handler=_cmd_item_text)
    iremove = add_command(item_commands, "remove", help=_("remove an item"),
                          description=_("Remove a paragraph or figure and its "
                                        "translations."))
    iremove.add_argument("id", type=int, metavar="ID")
    iremove.set_defaults(handler=_cmd_item_remove)
    ilist = add_command(item_commands, "list", help=_("list the items of a form"),
                        description=_("The feedback's paragraphs and figures, with the "
                                      "languages each is written in."))
    ilist.add_argument("--form", required=True, metavar="ID")
    ilist.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    ilist.set_defaults(handler=_cmd_item_list)

    feedback = add_command(commands, "feedback", help=_("write the feedback to participants"),
                           description=_("\"What you told us, and what happens next\" in "
                                         "the language given with --lang, for everyone or "
                                         "one community. Wording missing in that language "
                                         "is listed and nothing is written."))
    feedback.add_argument("--form", required=True, metavar="ID")
    feedback.add_argument("--out", required=True, metavar="FILE.pdf")
    feedback.add_argument("--community", default="", metavar="CODE",
                          help=_("the feedback for this community (default: everyone)"))
    feedback.add_argument("--large-print", action="store_true",
                          help=_("large print (about 18 point)"))
    feedback.add_argument("--easy-read", action="store_true",
                          help=_("easy read: short sentences, one idea a line, a picture "
                                 "for each"))
    feedback.add_argument("--text", metavar="FILE.txt",
                          help=_("also the text alone, for reading aloud or recording"))
    _rule_options(feedback)
    feedback.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    feedback.set_defaults(handler=_cmd_feedback)


def _project_id(ctx: AppContext) -> str:
    return _project(ctx)[0]


def _project(ctx: AppContext) -> tuple[str, str]:
    """The project's id, and the organisation (or the project's name) for footers."""
    from fieldkit.projects import current_project

    project = current_project(ctx.store)
    return project.id, project.organisation or project.name


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _print_json(data: object) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def _cmd_fact_add(args: argparse.Namespace) -> int:
    from fieldkit.reports.facts import add_fact

    ctx = make_context(args)
    try:
        fact = add_fact(ctx.store, _project_id(ctx), _spec(args), text=args.text,
                        language=ctx.ui_language, scale=args.scale, actor=_actor())
    finally:
        ctx.close()
    if args.json:
        _print_json(fact.to_json())
    else:
        print(_("Statement {id} added ({lang}): {figure}").format(
            id=fact.id, lang=ctx.ui_language, figure=fact.spec.describe()))
    print(fact.id)
    return EXIT_OK


def _cmd_fact_text(args: argparse.Namespace) -> int:
    from fieldkit.reports.facts import set_fact_text

    ctx = make_context(args)
    try:
        fact = set_fact_text(ctx.store, _project_id(ctx), args.id, text=args.text,
                             language=ctx.ui_language, actor=_actor())
    finally:
        ctx.close()
    print(_("Statement {id} is written in {langs}.").format(
        id=fact.id, langs=", ".join(sorted(fact.texts))))
    return EXIT_OK


def _cmd_fact_edit(args: argparse.Namespace) -> int:
    from fieldkit.reports.facts import edit_fact

    ctx = make_context(args)
    try:
        spec = _spec(args) if _has_figure(args) else None
        fact = edit_fact(ctx.store, _project_id(ctx), args.id, spec=spec, scale=args.scale,
                         position=args.position, actor=_actor())
    finally:
        ctx.close()
    print(_("Statement {id}: {figure}, place {position}.").format(
        id=fact.id, figure=fact.spec.describe(), position=fact.position))
    return EXIT_OK


def _cmd_fact_remove(args: argparse.Namespace) -> int:
    from fieldkit.reports.facts import remove_fact

    ctx = make_context(args)
    try:
        remove_fact(ctx.store, _project_id(ctx), args.id, actor=_actor())
    finally:
        ctx.close()
    print(_("Statement {id} removed.").format(id=args.id))
    return EXIT_OK


def _cmd_fact_list(args: argparse.Namespace) -> int:
    from fieldkit.reports.facts import list_facts
    from fieldkit.reports.figures import resolve

    ctx = make_context(args)
    try:
        project_id = _project_id(ctx)
        rule = _rule(argparse.Namespace(min_count=None, round_to=None), ctx, project_id)
        rows = []
        for fact in list_facts(ctx.store, project_id):
            try:
                figure: dict[str, object] = resolve(ctx.store, project_id, fact.spec,
                                                    rule).to_json()
            except InvalidInput as exc:  # a census table removed since, say
                figure = {"error": str(exc)}
            rows.append(fact.to_json() | {"now": figure})
    finally:
        ctx.close()
    if args.json:
        _print_json({"facts": rows})
        return EXIT_OK
    if not rows:
        print(_("No statements yet; 'report fact add' adds one."))
    for row in rows:
        now = row["now"]
        assert isinstance(now, dict)
        shown = (now.get("error") or (_("withheld") if now.get("withheld") else
                 f"{now.get('count')}/{now.get('total')}"))
        texts = row["texts"]
        assert isinstance(texts, dict)
        print(f"{row['id']}  {row['figure']}  = {shown}  [{', '.join(sorted(texts))}]")
    return EXIT_OK


def _list_untranslated(messages: list[str], language: str) -> None:
    """Say, before anything is written, which of fieldkit's own wording will be in
    English because its catalog has no translation yet."""
    from fieldkit.reports.wording import untranslated

    missing = untranslated(messages, language)
    if missing:
        print(_("fieldkit's own wording not yet translated into {lang}, printed in "
                "English: {list}").format(lang=language,
                                          list="; ".join(f"'{m}'" for m in missing)),
              file=sys.stderr)


def _out(path: str, suffix: str, option: str) -> Path:
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise OptionError(option, _("give a file name ending {suffix}.").format(suffix=suffix))
    if not out.parent.is_dir():
        raise OptionError(option, _("the folder {folder} does not exist.").format(
            folder=out.parent))
    return out


def _cmd_facts(args: argparse.Namespace) -> int:
    from fieldkit.gui.reports.pdf import write_pdf, write_png
    from fieldkit.reports.fact_sheet import (
        fact_sheet_document,
        fact_sheet_text,
        sheet_messages,
    )
    from fieldkit.reports.facts import build_fact_sheet

    out = _out(args.out, ".pdf", "--out")
    png = _out(args.png, ".png", "--png") if args.png else out.with_suffix(".png")
    ctx = make_context(args)
    try:
        project_id, organisation = _project(ctx)
        sheet = build_fact_sheet(ctx.store, project_id, ctx.ui_language,
                                 _rule(args, ctx, project_id))
    finally:
        ctx.close()
    if sheet.missing:
        raise InvalidInput(_("Statements {ids} are not written in {lang} yet; add them with "
                             "'report fact text ID --lang {lang} --text ...' (nothing "
                             "was written).").format(
            ids=", ".join(str(i) for i in sheet.missing), lang=sheet.language))
    for fact_id in sheet.withheld:
        print(_("Statement {id} left off: its figure is below the smallest publishable "
                "count ({n}).").format(id=fact_id, n=sheet.rule.min_count), file=sys.stderr)
    if not sheet.lines:
        raise InvalidInput(_("No statement can be printed; add one with 'report "
                             "fact add' (nothing was written)."))
    _list_untranslated(sheet_messages(sheet), sheet.language)
    pages = write_pdf(fact_sheet_document(sheet, organisation=organisation), out)
    if pages > 1:
        print(_("The fact sheet runs to {n} pages; a fact sheet reads best on one: shorten "
                "or remove a statement.").format(n=pages), file=sys.stderr)
    images = write_png(fact_sheet_document(sheet, organisation=organisation, square=True),
                       png)
    if args.text:
        Path(args.text).write_text(fact_sheet_text(sheet), encoding="utf-8")
    if args.json:
        _print_json({"out": str(out), "png": [str(p) for p in images], "pages": pages,
                     "language": sheet.language,
                     "facts": [{"id": line.fact_id, "text": line.text}
                               | line.figure.to_json() for line in sheet.lines],
                     "withheld": sheet.withheld})
    else:
        print(_("Fact sheet written: {out} and {png}.").format(
            out=out, png=", ".join(str(p) for p in images)))
    return EXIT_OK


def _cmd_item_add(args: argparse.Namespace) -> int:
    from fieldkit.reports.feedback import add_item

    ctx = make_context(args)
    try:
        spec = _spec(args) if (args.measure or args.category) else None
        if not args.form:
            raise OptionError("--form", _("name the form the feedback is for."))
        item = add_item(ctx.store, _project_id(ctx), args.form, section=args.section,
                        text=args.text, easy=args.easy, language=ctx.ui_language,
                        community=args.community, spec=spec, icon=args.icon, actor=_actor())
    finally:
        ctx.close()
    if args.json:
        _print_json(item.to_json())
    else:
        print(_("Feedback item {id} added ({lang}).").format(id=item.id, lang=ctx.ui_language))
    print(item.id)
    return EXIT_OK


def _cmd_item_text(args: argparse.Namespace) -> int:
    from fieldkit.reports.feedback import set_item_text

    ctx = make_context(args)
    try:
        item = set_item_text(ctx.store, _project_id(ctx), args.id, text=args.text,
                             easy=args.easy, language=ctx.ui_language, actor=_actor())
    finally:
        ctx.close()
    print(_("Feedback item {id} is written in {langs}.").format(
        id=item.id, langs=", ".join(sorted(item.texts))))
    return EXIT_OK


def _cmd_item_remove(args: argparse.Namespace) -> int:
    from fieldkit.reports.feedback import remove_item

    ctx = make_context(args)
    try:
        remove_item(ctx.store, _project_id(ctx), args.id, actor=_actor())
    finally:
        ctx.close()
    print(_("Feedback item {id} removed.").format(id=args.id))
    return EXIT_OK


def _cmd_item_list(args: argparse.Namespace) -> int:
    from fieldkit.reports.feedback import list_items

    ctx = make_context(args)
    try:
        items = list_items(ctx.store, _project_id(ctx), args.form)
    finally:
        ctx.close()
    if args.json:
        _print_json({"items": [i.to_json() for i in items]})
        return EXIT_OK
    if not items:
        print(_("No feedback for {form} yet; 'report feedback-item add' adds a "
                "paragraph or a figure.").format(form=args.form))
    for i in items:
        kind = i.spec.describe() if i.spec else _("paragraph")
        print(f"{i.id}  {i.section}  {i.community or '*'}  {kind}  "
              f"[{', '.join(sorted(i.texts))}]")
    return EXIT_OK


def _cmd_feedback(args: argparse.Namespace) -> int:
    from fieldkit.gui.reports.pdf import write_pdf
    from fieldkit.reports.feedback import build_feedback
    from fieldkit.reports.feedback_sheet import (
        feedback_document,
        feedback_messages,
        feedback_text,
    )

    out = _out(args.out, ".pdf", "--out")
    ctx = make_context(args)
    try:
        project_id, organisation = _project(ctx)
        feedback = build_feedback(ctx.store, project_id, args.form, ctx.ui_language,
                                  community=args.community,
                                  rule=_rule(args, ctx, project_id))
    finally:
        ctx.close()
    if not feedback.parts and not feedback.missing and not feedback.withheld:
        raise InvalidInput(_("No feedback written for {form} yet; add paragraphs and figures "
                             "with 'report feedback-item add' (nothing was "
                             "written).").format(form=args.form))
    if feedback.missing:
        for gap in feedback.missing:
            print(_("not written in {lang}: item {id} ({section}): {text}").format(
                lang=feedback.language, id=gap.item_id, section=gap.section, text=gap.what),
                file=sys.stderr)
        raise InvalidInput(_("{n} feedback items are not written in {lang}; add them with "
                             "'report feedback-item text ID --lang {lang} --text ...' "
                             "(nothing was written).").format(n=len(feedback.missing),
                                                              lang=feedback.language))
    _list_untranslated(feedback_messages(feedback), feedback.language)
    for item_id in feedback.withheld:
        print(_("Figure {id} left off: too few answers to publish (fewer than {n}).").format(
            id=item_id, n=feedback.rule.min_count), file=sys.stderr)
    pages = write_pdf(feedback_document(feedback, large_print=args.large_print,
                                        easy_read=args.easy_read,
                                        organisation=organisation), out)
    if args.text:
        Path(args.text).write_text(feedback_text(feedback, easy_read=args.easy_read),
                                   encoding="utf-8")
    if args.json:
        _print_json({"out": str(out), "pages": pages, "language": feedback.language,
                     "form": args.form,
                     "community": args.community,
                     "parts": [{"id": p.item_id, "section": p.section, "text": p.text,
                                "filled": p.filled if p.figure else None,
                                "figure": p.figure.to_json() if p.figure else None}
                               for p in feedback.parts],
                     "withheld": feedback.withheld})
    else:
        print(_("Feedback written: {out}.").format(out=out))
    return EXIT_OK
