"""Review sheets: one spreadsheet per language for a native speaker, and its corrections
brought back.

``export_sheet`` writes every interface message (``translations/LANG.po``) and every
text of the default forms (``resources/forms/*.md``: labels, hints, messages, choices)
with where it appears, the tour screenshot that shows it, the glossary terms in it and
empty *Correction*, *Checked* and *Comment* columns; rows to look at first (an unsettled
glossary term, a translator's doubt) come first. ``import_sheet`` writes corrections into
the ``.po`` file and the forms' markdown, marks what the reviewer checked as reviewed (a
``reviewed-by:`` translator comment in the ``.po``; ``translations/forms-reviewed.csv`` for
forms), logs every change in ``translations/reviews.csv`` and reports, without applying
it, any correction to a text that changed since the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.catalogs import glossary
from fieldkit.errors import InvalidInput, RejectedInput
from fieldkit.forms.language_names import language_code, same_language
from fieldkit.i18n import DOMAIN, UI_LANGUAGES, normalize
from fieldkit.packaged import packaged_dir

SHEET = "Review"
HEADERS = ("Where", "Screenshot", "English", "Translation now", "Glossary", "Look here first",
           "Correction", "Checked (x)", "Comment", "key", "base")
#: The form columns a reviewer reads (XLSForm ``kind::Language (code)``).
FORM_KINDS = ("label", "hint", "constraint_message", "required_message")
REVIEWED_BY = re.compile(r"^reviewed-by: (?P<who>.+?) (?P<day>\d{4}-\d{2}-\d{2})$")
_SPLIT = re.compile(r"(?<!\\)\|")

#: Which tour screenshot (``python -m fieldkit.gui.tour``) shows the messages of a source
#: file; the first pattern that matches wins.
SHOT_BY_SOURCE: tuple[tuple[str, str], ...] = (
    ("roster_view", "02-household-roster.png"),
    ("problems_panel", "03-validation-summary.png"),
    ("interviews/form_", "04-rtl-form-page.png"),  # the screen and its parts
    ("form_screen.ui", "04-rtl-form-page.png"),
    ("question_", "04-rtl-form-page.png"),
    ("_questions", "04-rtl-form-page.png"),  # basic, choice, time, more
    ("attachment_question", "04-rtl-form-page.png"),
    ("preferences", "05-preferences.png"),
    ("about", "06-about.png"),
    ("sessions/figures", "08-session-figures.png"),
    ("sessions/charts", "08-session-figures.png"),
    ("sessions/", "07-advice-sessions.png"),
    ("profile_dialog", "10-interviewer-sign-in.png"),
    ("consent", "11-consent.png"),
    ("media_view", "12-pictures-large-text.png"),
    ("read_aloud", "12-pictures-large-text.png"),
    ("text_size", "12-pictures-large-text.png"),
    ("progress_tab", "13-coordinator-progress.png"),
    ("duplicates_tab", "14-coordinator-duplicates.png"),  # also its .ui
    ("duplicate_texts", "14-coordinator-duplicates.png"),
    ("coordinator/export_", "15-coordinator-export.png"),  # the tab and its parts
    ("export_tab.ui", "15-coordinator-export.png"),
    ("forms_tab", "16-coordinator-forms.png"),
    ("interviewers_tab", "17-coordinator-interviewers.png"),
    ("interviewer_dialogs", "17-coordinator-interviewers.png"),
    ("quotas_tab", "18-coordinator-quotas.png"),
    ("quota_dialog", "18-coordinator-quotas.png"),
    ("categories_dialog", "19-coordinator-categories.png"),
    ("new_project", "20-project-setup.png"),
    ("coordinator/", "09-coordinator.png"),
    ("gui/interviews/", "01-interview-list.png"),
    ("main_window", "01-interview-list.png"),
)
SHOT_BY_FORM = {"satisfaction_pictorial": "12-pictures-large-text.png",
                "household_survey": "04-rtl-form-page.png",
                "advice_session_attendee": "07-advice-sessions.png",
                "advice_session": "07-advice-sessions.png"}


@dataclass
class Row:
    where: str
    shot: str
    english: str
    translation: str
    keys: list[str]
    doubt: str = ""
    reviewed: str = ""


@dataclass
class ImportReport:
    applied: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _root() -> Path:
    return packaged_dir("translations").parent


def forms_dir() -> Path:
    return _root() / "resources" / "forms"


def shot_for(locations: list[str]) -> str:
    for location in locations:
        for pattern, shot in SHOT_BY_SOURCE:
            if pattern in location:
                return shot
    return ""


# --- the .po side ---------------------------------------------------------------------

def _po_path(lang: str) -> Path:
    return packaged_dir("translations") / f"{lang}.po"


def _read_po(lang: str) -> Any:  # a babel Catalog
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import read_po

    return read_po(io.BytesIO(_po_path(lang).read_bytes()), locale=lang, domain=DOMAIN)


def _write_po(lang: str, catalog: Any) -> None:
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    _po_path(lang).write_bytes(buf.getvalue())


def _reviewed_note(comments: list[str]) -> str:
    for comment in comments:
        found = REVIEWED_BY.match(comment.strip())
        if found:
            return f"{found['who']} {found['day']}"
    return ""


def _po_key(context: str | None, msgid: str, index: int | None) -> str:
    return f"po:{context or ''}\t{msgid}" + (f"#{index}" if index is not None else "")


def _po_rows(lang: str) -> Iterator[Row]:
    for m in _read_po(lang):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        locations = [loc for loc, _line in m.locations]
        doubt = " ".join(c for c in m.user_comments if not REVIEWED_BY.match(c.strip()))
        english = ids[0] if len(ids) == 1 else "\n".join(ids)
        for i, text in enumerate(strings):
            yield Row(", ".join(locations) + (f" ({m.context})" if m.context else ""),
                      shot_for(locations), english, text or "",
                      [_po_key(m.context, ids[0], i if len(strings) > 1 else None)],
                      ("fuzzy; " if m.fuzzy else "") + doubt,
                      _reviewed_note(m.user_comments))


def po_review_stats(lang: str) -> tuple[int, int]:
    """(reviewed, total) messages of the interface in ``lang``."""
    messages = [m for m in _read_po(lang) if m.id]
    return sum(1 for m in messages if _reviewed_note(m.user_comments)), len(messages)


# --- the forms' side --------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """A form text: its file, line and character span, and its key."""

    path: Path
    line: int
    start: int
    end: int
    key: str
    english: str
    text: str
    note: str


def _spans(line: str) -> list[tuple[int, int]]:
    """Character spans of the cells of a markdown table line (outer pipes excluded)."""
    bars = [m.start() for m in _SPLIT.finditer(line)]
    return [(a + 1, b) for a, b in itertools.pairwise(bars)]


def form_cells(path: Path, lang: str) -> Iterator[Cell]:
    """Every text of ``lang`` in one markdown form (empty ones too), with its English."""
    lines = path.read_text(encoding="utf-8").split("\n")
    sheet, header = "", []  # type: tuple[str, list[str]]
    want = normalize(lang)
    for n, line in enumerate(lines):
        if not line.startswith("|"):
            continue
        spans = _spans(line)
        cells = [line[a:b].strip() for a, b in spans]
        if len(cells) == 1 or (cells and cells[0] and not any(cells[1:])):
            sheet, header = cells[0], []
            continue
        if not header:
            header = cells
            continue
        row = dict(zip(header, cells, strict=False))
        if sheet == "survey":
            if not row.get("name"):
                continue
            ident = f"survey/{row['name']}"
        elif sheet == "choices":
            ident = f"choices/{row.get('list_name', '')}/{row.get('name', '')}"
        else:
            continue
        doubt = row.get("translator_note", "")
        for col, (a, b) in zip(header, spans, strict=False):
            kind, _sep, language = col.partition("::")
            if kind not in FORM_KINDS or not language:
                continue
            code = language_code(language)
            if code is None or not same_language(code, want):
                continue
            english = next((row.get(h, "") for h in header if h.startswith(f"{kind}::")
                            and (language_code(h.partition("::")[2]) or "") == "en"), "")
            if english:
                yield Cell(path, n, a, b, f"form:{path.stem}#{ident}/{kind}", english,
                           line[a:b].strip(), doubt)


def _form_reviews_path() -> Path:
    # Not in resources/forms: a .csv there would be taken for a form (CSV XLSForm).
    return packaged_dir("translations") / "forms-reviewed.csv"


def _form_reviews() -> dict[tuple[str, str], tuple[str, str]]:
    """(lang, key) -> (reviewer and day, text reviewed)."""
    path = _form_reviews_path()
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["lang"], r["key"]): (f"{r['reviewer']} {r['day']}", r["text"])
                for r in csv.DictReader(fh)}


def _translator_notes(lang: str) -> dict[str, str]:
    """English text -> the translating team's doubt about its ``lang`` translation
    (``translations/form-notes.csv``), shown first in the review sheet."""
    path = packaged_dir("translations") / "form-notes.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["english"]: r["note"] for r in csv.DictReader(fh)
                if same_language(r["lang"], lang)}


def _form_rows(lang: str) -> Iterator[Row]:
    """Form texts, one row per distinct (English, translation) pair, with every place."""
    reviews = _form_reviews()
    grouped: dict[tuple[str, str], Row] = {}
    for path in sorted(forms_dir().glob("*.md")):
        for cell in form_cells(path, lang):
            row = grouped.get((cell.english, cell.text))
            if row is None:
                review = reviews.get((lang, cell.key))
                reviewed = review[0] if review and review[1] == cell.text else ""
                row = grouped[(cell.english, cell.text)] = Row(
                    "", SHOT_BY_FORM.get(path.stem, ""), cell.english, cell.text, [],
                    cell.note, reviewed)
            row.keys.append(cell.key)
            if cell.note and cell.note not in row.doubt:
                row.doubt = f"{row.doubt} {cell.note}".strip()
    notes = _translator_notes(lang)
    for row in grouped.values():
        note = notes.get(row.english)
        if note and note not in row.doubt:
            row.doubt = f"{row.doubt} translator: {note}".strip()
        places = sorted({k.split("#")[0][5:] + ": " + k.split("#")[1] for k in row.keys})
        row.where = "; ".join(places[:4]) + (f" (+{len(places) - 4})" if len(places) > 4
                                             else "")
        yield row


def form_review_stats(lang: str) -> tuple[int, int]:
    """(reviewed, total) form texts in ``lang`` (a text changed since is not reviewed)."""
    reviews = _form_reviews()
    cells = [c for p in sorted(forms_dir().glob("*.md")) for c in form_cells(p, lang)]
    done = sum(1 for c in cells if (r := reviews.get((lang, c.key))) and r[1] == c.text)
    return done, len(cells)


def review_stats(lang: str) -> tuple[int, int]:
    """(reviewed, total) texts of ``lang``, interface and default forms together."""
    a, b = po_review_stats(lang)
    c, d = form_review_stats(lang)
    return a + c, b + d


# --- export -----------------------------------------------------------------------------

def _check_lang(lang: str) -> str:
    code = normalize(lang)
    if code not in UI_LANGUAGES or code == "en" or not _po_path(code).exists():
        raise InvalidInput(f"--lang {lang}: not a translated interface language; choose one "
                           f"of {', '.join(c for c in UI_LANGUAGES if c != 'en')}.")
    return code


def export_sheet(lang: str, out: Path, shots: Path | None = None) -> int:
    """Write the review sheet of ``lang`` to ``out``; returns the number of rows."""
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = _check_lang(lang)
    terms = glossary.load()
    rows = list(_po_rows(lang)) + list(_form_rows(lang))
    for row in rows:
        for term in glossary.terms_in(row.english, terms):
            entry = term.entries.get(lang)
            if entry is not None and not entry.settled:
                row.doubt = (f"{row.doubt} glossary term '{term.name}' not settled "
                             f"({entry.note.removeprefix('UNSETTLED:').strip()})").strip()
    rows.sort(key=lambda r: (not r.doubt, bool(r.reviewed), r.keys[0].startswith("form:")))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADERS)
    rtl = lang.split("_")[0] in {"ar", "fa", "ps", "ckb"}
    for row in rows:
        found = glossary.terms_in(row.english, terms)
        # Only agreed words: an unsettled one is in "Look here first" instead.
        gloss = "; ".join(f"{t.name} = {t.entries[lang].translation}" for t in found
                          if lang in t.entries and t.entries[lang].settled)
        status = row.doubt or ""
        if row.reviewed:
            status = (f"reviewed by {row.reviewed}. " + status).strip()
        sheet.append([row.where, row.shot, row.english, row.translation, gloss, status,
                      "", "", "", "\n".join(row.keys), row.translation])
        if shots is not None and row.shot and (shots / row.shot).exists():
            cell = sheet.cell(sheet.max_row, 2)
            cell.hyperlink = (shots / row.shot).resolve().as_uri()
            cell.font = Font(color="0563C1", underline="single")
    widths = (30, 18, 50, 50, 30, 30, 50, 10, 30)
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(65 + i)].width = width
    sheet.column_dimensions["J"].hidden = True
    sheet.column_dimensions["K"].hidden = True
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells[:9]:
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="right" if rtl and cell.column in (4, 7)
                                       else None)
        cells[6].fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    guide = book.create_sheet("How to review")
    for line in (
        "One row per text. Read 'English' and 'Translation now'.",
        "If the translation is right, put x in 'Checked (x)'.",
        "If it is wrong, write the whole corrected text in 'Correction' (then the row "
        "counts as checked too).",
        "'Look here first' says why the team is unsure; those rows come first.",
        "'Glossary' gives the agreed word for the key terms in the text; keep to it, or "
        "say in 'Comment' why it is wrong (then it is changed everywhere).",
        "Keep {placeholders} and ${fields} exactly as they are.",
        "'Screenshot' names the picture (python -m fieldkit.gui.tour) that shows the text.",
        "Do not change the hidden columns J and K.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    gsheet = book.create_sheet("Glossary")
    gsheet.append(("Term", "Translation", "Also counts", "Source", "Note"))
    for term in terms.values():
        entry = term.entries.get(lang)
        if entry is not None:
            gsheet.append((term.name, entry.translation, " | ".join(entry.forms),
                           entry.source, entry.note))
    book.properties.subject = lang  # import_sheet reads the language back from here
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return len(rows)


# --- import -----------------------------------------------------------------------------

def _sheet_rows(path: Path) -> tuple[str, list[dict[str, str]]]:
    # lazy: openpyxl loads in ~0.2 s; only reading or writing a workbook needs it
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise RejectedInput(f"{path}: not a review sheet that can be read ({exc}).") from exc
    if SHEET not in book.sheetnames or "Glossary" not in book.sheetnames:
        raise RejectedInput(f"{path}: no '{SHEET}' sheet; give a sheet made by review-export.")
    rows = list(book[SHEET].iter_rows(values_only=True))
    if not rows or tuple(rows[0][:len(HEADERS)]) != HEADERS:
        raise RejectedInput(f"{path}: the '{SHEET}' sheet's columns were changed; export "
                            f"a new sheet and copy the corrections into it.")
    lang = ""
    found = re.search(r"\.(?P<lang>[a-z]{2,3}(?:_[A-Z]{2})?)\.xlsx$", path.name)
    props = book.properties
    lang = (props.subject or "") if props is not None else ""
    if not lang and found:
        lang = found["lang"]
    return lang, [{h: ("" if v is None else str(v)) for h, v in zip(HEADERS, r, strict=False)}
                  for r in rows[1:]]


def import_sheet(path: Path, reviewer: str, lang: str | None = None,
                 today: dt.date | None = None) -> ImportReport:
    """Bring a reviewed sheet's corrections and checks back (see the module docstring)."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise InvalidInput("--reviewer: give the reviewer's name.")
    sheet_lang, rows = _sheet_rows(path)
    lang = _check_lang(lang or sheet_lang)
    day = (today or dt.date.today()).isoformat()
    report = ImportReport()
    po_changes: dict[str, tuple[str, str, bool]] = {}  # key -> (base, new, changed)
    form_changes: dict[str, tuple[str, str, bool]] = {}
    for row in rows:
        correction = row["Correction"].strip()
        checked = bool(row["Checked (x)"].strip()) or bool(correction)
        if not checked:
            continue
        # A message's key is one (its msgid may hold line breaks); form rows list several.
        keys = [row["key"]] if row["key"].startswith("po:") else row["key"].split("\n")
        for key in filter(None, keys):
            target = po_changes if key.startswith("po:") else form_changes
            target[key] = (row["base"], correction or row["base"], bool(correction))
    log: list[list[str]] = []
    if po_changes:
        _apply_po(lang, po_changes, reviewer=reviewer, day=day, report=report, log=log)
    if form_changes:
        _apply_forms(lang, form_changes, reviewer=reviewer, day=day, report=report,
                     log=log)
    if log:
        path_log = packaged_dir("translations") / "reviews.csv"
        new = not path_log.exists()
        with path_log.open("a", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            if new:
                writer.writerow(["day", "reviewer", "lang", "key", "before", "after"])
            writer.writerows(log)
    return report


def _apply_po(lang: str, changes: dict[str, tuple[str, str, bool]], *, reviewer: str,
              day: str, report: ImportReport, log: list[list[str]]) -> None:
    catalog = _read_po(lang)
    by_key: dict[str, tuple[Any, int | None]] = {}
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        if isinstance(m.string, tuple):
            for i in range(len(m.string)):
                by_key[_po_key(m.context, ids[0], i)] = (m, i)
        else:
            by_key[_po_key(m.context, ids[0], None)] = (m, None)
    touched = False
    for key, (base, new, changed) in changes.items():
        label = key[3:].replace("\t", " ").strip()
        if key not in by_key:
            report.conflicts.append(f"{label!r}: no longer in {lang}.po (the message "
                                    f"was removed since the export)")
            continue
        message, index = by_key[key]
        strings = list(message.string) if index is not None else [message.string]
        now = strings[index or 0] or ""
        if now != base:
            report.conflicts.append(f"{label!r}: changed in {lang}.po since the export "
                                    f"({base!r} -> {now!r}); not applied")
            continue
        if changed and new != now:
            strings[index or 0] = new
            message.string = tuple(strings) if index is not None else new
            message.flags.discard("fuzzy")
            report.applied.append(label)
            log.append([day, reviewer, lang, key, now, new])
        else:
            report.checked.append(label)
        comments = [c for c in message.user_comments
                    if not REVIEWED_BY.match(c.strip())]
        message.user_comments = [*comments, f"reviewed-by: {reviewer} {day}"]
        touched = True
    if touched:
        _write_po(lang, catalog)


def _apply_forms(lang: str, changes: dict[str, tuple[str, str, bool]], *, reviewer: str,
                 day: str, report: ImportReport, log: list[list[str]]) -> None:
    cells = {c.key: c for p in sorted(forms_dir().glob("*.md")) for c in form_cells(p, lang)}
    edits: dict[Path, list[tuple[Cell, str]]] = {}
    reviewed: list[tuple[str, str]] = []
    for key, (base, new, changed) in changes.items():
        label = key[5:]
        cell = cells.get(key)
        if cell is None:
            report.conflicts.append(f"{label}: no longer in the forms; not applied")
            continue
        if cell.text != base:
            report.conflicts.append(f"{label}: changed in the form since the export "
                                    f"({base!r} -> {cell.text!r}); not applied")
            continue
        # A cell cannot hold a bare | or a line break (the markdown table would break).
        text = re.sub(r"(?<!\\)\|", r"\\|", new).replace("\n", " ")
        if changed and text != cell.text:
            edits.setdefault(cell.path, []).append((cell, text))
            report.applied.append(label)
            log.append([day, reviewer, lang, key, cell.text, new])
        else:
            report.checked.append(label)
        reviewed.append((key, text if changed else cell.text))
    for path, items in edits.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        # Right to left within a line, so earlier spans stay where they were.
        for cell, new in sorted(items, key=lambda it: (it[0].line, -it[0].start)):
            line = lines[cell.line]
            lines[cell.line] = f"{line[:cell.start]} {new} {line[cell.end:]}"
        path.write_text("\n".join(lines), encoding="utf-8")
    if reviewed:
        existing = _form_reviews()
        for key, text in reviewed:
            existing[(lang, key)] = (f"{reviewer} {day}", text)
        with _form_reviews_path().open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["lang", "key", "reviewer", "day", "text"])
            for (code, key), (who_day, text) in sorted(existing.items()):
                who, _sp, when = who_day.rpartition(" ")
                writer.writerow([code, key, who, when, text])


def _po_counts(lang: str) -> tuple[int, int]:
    """(reviewed, total) from the .po's text: quick enough for a dialog to call."""
    path = _po_path(lang)
    if not path.exists():
        return 0, 0
    lines = path.read_text(encoding="utf-8").splitlines()
    total = sum(1 for line in lines if line.startswith("msgid ")) - 1  # the header
    reviewed = sum(1 for line in lines if line.startswith("# reviewed-by: "))
    return reviewed, max(total, 0)


def progress() -> list[tuple[str, int, int]]:
    """Per translated interface language: (code, reviewed, total) texts, interface and
    default forms together, for Preferences and About."""
    out = []
    for lang in UI_LANGUAGES:
        if lang == "en":
            continue
        a, b = _po_counts(lang)
        c, d = form_review_stats(lang) if forms_dir().is_dir() else (0, 0)
        if b + d:
            out.append((lang, a + c, b + d))
    return out
