"""Translation catalogs for developers and translators (Babel tooling).

    python -m fieldkit.catalogs extract      # code + ui/*.ui -> translations/fieldkit.pot
    python -m fieldkit.catalogs update       # merge the .pot into every <lang>.po
    python -m fieldkit.catalogs init LANG    # start translations/LANG.po
    python -m fieldkit.catalogs check        # compile, lint and hold every .po to the glossary
    python -m fieldkit.catalogs review-export --lang CODE --out FILE.xlsx
    python -m fieldkit.catalogs review-import FILE.xlsx --reviewer NAME

.mo files are compiled at build time (hatch_build.py) or in memory from a checkout
(fieldkit.i18n); they are never committed.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from defusedxml.ElementTree import parse

import fieldkit
from fieldkit.catalogs import glossary, review
from fieldkit.errors import FieldkitError
from fieldkit.i18n import DOMAIN, compile_po
from fieldkit.packaged import packaged_dir

KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "QT_TRANSLATE_NOOP": ((1, "c"), 2),
}
# Designer properties whose <string> is shown to people.
_UI_PROPERTIES = {"text", "title", "windowTitle", "toolTip", "whatsThis", "statusTip",
                  "placeholderText", "specialValueText", "suffix", "prefix"}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def extract_ui(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
               options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method for Qt Designer files: every translatable string
    property (``notr="true"`` excluded)."""

    tree = parse(fileobj)
    for prop in tree.iter("property"):
        if prop.get("name") not in _UI_PROPERTIES:
            continue
        string = prop.find("string")
        if string is None or string.get("notr") == "true" or not (string.text or "").strip():
            continue
        yield 0, "_", string.text or "", [f"Designer: {prop.get('name')}"]
    for item in tree.iter("item"):  # combo box / list items
        for prop in item.iter("property"):
            string = prop.find("string")
            if string is not None and string.get("notr") != "true" and string.text:
                yield 0, "_", string.text, []


def _root() -> Path:
    return packaged_dir("translations").parent


def build_catalog() -> Any:
    """A Babel Catalog of every message in fieldkit/ and ui/."""
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir


    root = _root()
    catalog = Catalog(project="fieldkit", version=fieldkit.__version__,
                      msgid_bugs_address="", copyright_holder="the fieldkit team",
                      domain=DOMAIN)
    sources: list[tuple[Path, list[tuple[str, str]]]] = [
        (root / "fieldkit", [("**.py", "python")]),
        (root / "ui", [("**.ui", "fieldkit.catalogs:extract_ui")]),
    ]
    for folder, method_map in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(folder), method_map, keywords=KEYWORDS, comment_tags=("Translators:",),
                strip_comment_tags=True):
            location = (f"{folder.name}/{filename}", lineno)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def write_pot(path: Path | None = None) -> Path:
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import write_po

    path = path or packaged_dir("translations") / f"{DOMAIN}.pot"
    buf = io.BytesIO()
    write_po(buf, build_catalog(), width=100, sort_output=True, omit_header=False,
             include_lineno=False)
    # Drop the creation date so an unchanged extraction gives an unchanged file.
    text = re.sub(rb'"POT-Creation-Date: [^"]*"\n', b"", buf.getvalue())
    path.write_bytes(text)
    return path


def po_files() -> list[Path]:
    return sorted(packaged_dir("translations").glob("*.po"))


def update_po() -> list[Path]:
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import read_po, write_po

    template = build_catalog()
    updated = []
    for po in po_files():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.stem, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        buf = io.BytesIO()
        write_po(buf, catalog, width=100, sort_output=True, include_lineno=False,
                 ignore_obsolete=True)
        po.write_bytes(buf.getvalue())
        updated.append(po)
    return updated


def init_po(lang: str) -> Path:
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import write_po

    catalog = build_catalog()
    catalog.locale = lang
    path = packaged_dir("translations") / f"{lang}.po"
    if path.exists():
        raise SystemExit(f"{path} exists already; use 'update'")
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, include_lineno=False)
    return path


def lint(po: Path) -> list[str]:
    """Problems in one .po: it does not compile, or a translation's {placeholders}
    differ from its source's (which would crash or mislead at .format time)."""
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import read_po

    problems: list[str] = []
    data = po.read_bytes()
    try:
        compile_po(data, po.stem)
        catalog = read_po(io.BytesIO(data), locale=po.stem, domain=DOMAIN)
    except Exception as exc:  # Babel raises assorted errors for broken files
        return [f"{po.name}: does not compile: {exc}"]
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_PLACEHOLDER.findall(str(ids[-1])))
        for translated in strings:
            if translated and set(_PLACEHOLDER.findall(str(translated))) != wanted:
                problems.append(f"{po.name}: placeholders differ for {ids[0]!r}")
    return problems


def stats(po: Path) -> tuple[int, int]:
    """(translated, total) messages in ``po``."""
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.stem, domain=DOMAIN)
    messages = [m for m in catalog if m.id]
    done = [m for m in messages if m.string and not m.fuzzy
            and all(m.string if isinstance(m.string, tuple) else (m.string,))]
    return len(done), len(messages)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fieldkit.catalogs",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="write translations/fieldkit.pot")
    sub.add_parser("update", help="merge the template into every .po")
    init = sub.add_parser("init", help="start a new language")
    init.add_argument("lang")
    sub.add_parser("check", help="compile and lint every .po, and hold it to the glossary")
    rex = sub.add_parser("review-export", help="write a language's review sheet (.xlsx)")
    rex.add_argument("--lang", required=True, help="an interface language code, e.g. so")
    rex.add_argument("--out", required=True, type=Path, help="the .xlsx to write")
    rex.add_argument("--shots", type=Path, default=None,
                     help="the folder of tour screenshots to link (python -m fieldkit.gui.tour)")
    rim = sub.add_parser("review-import", help="take a reviewed sheet's corrections back")
    rim.add_argument("sheet", type=Path)
    rim.add_argument("--reviewer", required=True, help="the reviewer's name, as recorded")
    rim.add_argument("--lang", default=None, help="only if the sheet does not say")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command == "extract":
        print(write_pot())
    elif args.command == "update":
        for po in update_po():
            print(po)
    elif args.command == "init":
        print(init_po(args.lang))
    elif args.command in ("review-export", "review-import"):
        return _review(args)
    else:

        terms, exceptions = glossary.load(), glossary.load_exceptions()
        problems = [p for po in po_files() for p in lint(po)]
        problems += [str(f) for po in po_files()
                     for f in glossary.check_catalogue(po, terms, exceptions)]
        for po in po_files():
            done, total = stats(po)
            open_terms = len(glossary.unsettled(terms, po.stem))
            waiting = len(glossary.pending(po.stem))
            print(f"{po.stem}: {done}/{total} translated; "
                  f"{open_terms} glossary terms still to settle; "
                  f"{waiting} glossary findings pending review ({glossary.PENDING})")
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    return 0


def _review(args: argparse.Namespace) -> int:

    try:
        if args.command == "review-export":
            n = review.export_sheet(args.lang, args.out, args.shots)
            print(f"{args.out}: {n} texts to review")
            return 0
        report = review.import_sheet(args.sheet, args.reviewer, args.lang)
    except FieldkitError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    print(f"{len(report.applied)} corrected, {len(report.checked)} checked as they were, "
          f"{len(report.conflicts)} conflicts")
    for conflict in report.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    return 1 if report.conflicts else 0
