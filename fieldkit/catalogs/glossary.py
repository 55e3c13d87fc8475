"""The translation glossary (``translations/glossary.csv``) and its lint.

One row per key term and language: ``term, lang, translation, forms, source, note``.
The ``en`` row's ``forms`` are the English words that mean the term (whole words,
any case); another language's ``forms`` are the spellings and inflection stems that
count as the glossary's translation (found anywhere in a translation, any case), and
``avoid`` the other words the team has also used for it. A ``note`` starting with
``UNSETTLED`` marks a term whose translation the native reviewers are still to choose:
it is listed, not enforced. ``translations/glossary-exceptions.csv`` records the
messages that deliberately do without a term's translation, each with its reason.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.packaged import packaged_dir

GLOSSARY = "glossary.csv"
EXCEPTIONS = "glossary-exceptions.csv"
#: Findings not yet settled, listed for the native reviewers (same columns): the
#: translations written before the glossary existed, where the lint and the words
#: disagree. The lint passes over them and `check` counts them; a review settles each
#: (correct the translation or move the line to the exceptions with a reason).
PENDING = "glossary-pending.csv"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sd]|<[^>]*>|--[a-z-]+|`[^`]*`")


@dataclass(frozen=True)
class Entry:
    """A term in one language."""

    translation: str
    forms: tuple[str, ...]
    avoid: tuple[str, ...] = ()
    source: str = ""
    note: str = ""

    @property
    def settled(self) -> bool:
        return bool(self.forms) and not self.note.upper().startswith("UNSETTLED")


@dataclass(frozen=True)
class Term:
    """A key term: its English words and its entry per language."""

    name: str
    english: tuple[str, ...]
    entries: dict[str, Entry] = field(default_factory=dict)

    def pattern(self) -> re.Pattern[str]:
        words = sorted(self.english, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b",
                          re.IGNORECASE)

    def in_source(self, text: str) -> bool:
        return bool(self.english) and bool(self.pattern().search(_PLACEHOLDER.sub(" ", text)))


@dataclass(frozen=True)
class Finding:
    lang: str
    term: str
    msgid: str
    problem: str

    def __str__(self) -> str:
        return f"{self.lang}.po: {self.term!r}: {self.problem}: {self.msgid!r}"


def normal(text: str) -> str:
    """Text as the lint compares it: lower case, without accelerator ``&``, Arabic
    vowel marks (harakat, shadda) or zero-width non-joiners, which a translator
    writes or leaves out without changing the word."""
    text = unicodedata.normalize("NFC", text.replace("&", "")).lower()
    return "".join(c for c in text if c != "\u200c" and not (
        unicodedata.category(c) == "Mn" and "\u064b" <= c <= "\u0670"))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(normal(f.strip()) for f in (cell or "").split("|") if f.strip())


def _uses(form: str, text: str) -> bool:
    """A form starting with ``=`` is a whole word; any other is a stem found anywhere."""
    if form.startswith("="):
        return re.search(r"(?<!\w)" + re.escape(form[1:]) + r"(?!\w)", text) is not None
    return form in text


def load(path: Path | None = None) -> dict[str, Term]:
    """The glossary's terms by name (rows in file order)."""
    path = path or packaged_dir("translations") / GLOSSARY
    terms: dict[str, Term] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name, lang = row["term"].strip(), row["lang"].strip()
            if lang == "en":
                terms[name] = Term(name, tuple(f.strip() for f in row["forms"].split("|")
                                                if f.strip()))
                continue
            if name not in terms:
                raise ValueError(f"{path.name}: term {name!r} has no 'en' row before {lang!r}")
            terms[name].entries[lang] = Entry(
                row["translation"].strip(), _split(row["forms"]), _split(row.get("avoid")),
                row.get("source", "").strip(), row.get("note", "").strip())
    return terms


def load_exceptions(path: Path | None = None) -> set[tuple[str, str, str]]:
    """(lang, term, msgid) of messages that deliberately go without a term, and of the
    findings still pending review (see PENDING)."""
    paths = [path] if path is not None else [packaged_dir("translations") / EXCEPTIONS,
                                             packaged_dir("translations") / PENDING]
    found: set[tuple[str, str, str]] = set()
    for one in paths:
        if one.exists():
            with one.open(encoding="utf-8", newline="") as fh:
                found |= {(r["lang"], r["term"], r["msgid"]) for r in csv.DictReader(fh)
                          if r.get("reason", "").strip()}
    return found


def pending(lang: str | None = None) -> list[tuple[str, str, str]]:
    """The findings pending review (for one language, or all)."""
    path = packaged_dir("translations") / PENDING
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["lang"], r["term"], r["msgid"]) for r in csv.DictReader(fh)
                if lang is None or r["lang"] == lang]


def terms_in(text: str, terms: dict[str, Term]) -> list[Term]:
    """The glossary terms an English text uses."""
    return [t for t in terms.values() if t.in_source(text)]


def check_messages(lang: str, messages: Iterable[tuple[str, str]], terms: dict[str, Term],
                   exceptions: set[tuple[str, str, str]] = frozenset()  # type: ignore[assignment]
                   ) -> list[Finding]:
    """Glossary problems in one language's (source, translation) pairs: a term
    translated another way than the glossary's somewhere in the catalogue, and a
    message whose translation uses none of its term's translations."""
    findings: list[Finding] = []
    pairs = [(s, t) for s, t in messages if s and t]
    for term in terms.values():
        entry = term.entries.get(lang)
        if entry is None or not entry.forms:
            continue
        english = tuple(w.lower() for w in term.english)
        for source, translation in pairs:
            if not term.in_source(source) or (lang, term.name, source) in exceptions:
                continue
            low = normal(translation)
            used = [f for f in entry.forms if _uses(f, low)]
            other = [f for f in entry.avoid if _uses(f, low)]
            if other and not used:
                findings.append(Finding(lang, term.name, source,
                                        f"translated as {other[0]!r}, elsewhere "
                                        f"{entry.translation!r}: two ways in one catalogue"))
            elif not used and entry.settled and not any(w in low for w in english):
                findings.append(Finding(lang, term.name, source,
                                        f"translation uses none of {'/'.join(entry.forms)}"))
    return findings


def po_messages(po: Path) -> list[tuple[str, str]]:
    """(source, translation) of a catalogue's translated messages; plural forms joined."""
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po.read_bytes()), locale=po.stem)
    out = []
    for m in catalog:
        if not m.id or not m.string or m.fuzzy:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        out.append((str(ids[0]) if len(ids) == 1 else " ".join(map(str, ids)),
                    " ".join(map(str, strings))))
    return out


def check_catalogue(po: Path, terms: dict[str, Term] | None = None,
                    exceptions: set[tuple[str, str, str]] | None = None) -> list[Finding]:
    terms = terms if terms is not None else load()
    exceptions = exceptions if exceptions is not None else load_exceptions()
    return check_messages(po.stem, po_messages(po), terms, exceptions)


def unsettled(terms: dict[str, Term], lang: str) -> list[str]:
    return [t.name for t in terms.values()
            if (e := t.entries.get(lang)) is not None and not e.settled]
