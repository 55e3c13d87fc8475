"""The glossary: its file is well formed, every catalogue keeps to it, and the lint
catches a term translated two ways and a message that drops its term."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.catalogs import glossary, po_files
from fieldkit.i18n import UI_LANGUAGES

TERMS = glossary.load()


def test_glossary_covers_the_key_terms_in_every_interface_language() -> None:
    assert len(TERMS) >= 130
    for name in ("interview", "consent", "refused", "draft", "finalise", "household",
                 "pack", "bundle", "receipt", "referral", "follow-up", "quota"):
        term = TERMS[name]
        assert term.english, name
        langs = set(term.entries)
        assert langs >= set(UI_LANGUAGES) - {"en"}, (name, set(UI_LANGUAGES) - langs)
        assert all(e.source for e in term.entries.values()), name


def test_language_names_come_from_cldr() -> None:
    from babel import Locale

    entry = TERMS["language name: Somali"].entries["ar"]
    assert entry.translation == Locale("ar").languages["so"]
    assert "CLDR" in entry.source


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.stem)
def test_every_catalogue_keeps_to_the_glossary(po: Path) -> None:
    """Fix the translation, or record a deliberate exception with its reason in
    translations/glossary-exceptions.csv."""
    assert [str(f) for f in glossary.check_catalogue(po, TERMS)] == []


def _terms() -> dict[str, glossary.Term]:
    term = glossary.Term("pack", ("pack", "packs"))
    term.entries["pl"] = glossary.Entry("pakiet", ("pakiet",), ("paczk",), "test")
    return {"pack": term}


def test_lint_flags_a_term_translated_two_ways() -> None:
    found = glossary.check_messages("pl", [
        ("Write a pack", "Zapisz pakiet"),
        ("Open the pack", "Otwórz paczkę"),
    ], _terms())
    assert [(f.msgid, "two ways" in f.problem) for f in found] == [("Open the pack", True)]


def test_lint_flags_a_message_without_its_term() -> None:
    found = glossary.check_messages("pl", [("Packs: {n}", "Liczba: {n}")], _terms())
    assert len(found) == 1 and "none of pakiet" in found[0].problem


def test_lint_ignores_placeholders_accelerators_and_exceptions() -> None:
    terms = _terms()
    assert glossary.check_messages("pl", [("{pack} saved", "Zapisano {pack}")], terms) == []
    assert glossary.check_messages("pl", [("&Pack", "Pa&kiet")], terms) == []
    assert glossary.check_messages("pl", [("Packs: {n}", "Liczba: {n}")], terms,
                                   {("pl", "pack", "Packs: {n}")}) == []


def test_arabic_vowel_marks_and_zwnj_do_not_count() -> None:
    assert glossary.normal("صُدِّرت") == "صدرت"
    assert glossary.normal("پیش‌نویس") == "پیشنویس"


def test_cli_check_fails_on_a_glossary_problem(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from fieldkit import catalogs

    po = tmp_path / "pl.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Write a pack"\nmsgstr "Zapisz paczkę"\n', encoding="utf-8")
    monkeypatch.setattr(catalogs, "po_files", lambda: [po])
    assert catalogs.main(["check"]) == 1
    assert "'pack'" in capsys.readouterr().err


def test_an_untranslated_plural_is_not_a_translation(tmp_path: Path) -> None:
    po = tmp_path / "so.po"
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                  'msgid "{n} group"\nmsgid_plural "{n} groups"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
                  'msgid "{n} page"\nmsgid_plural "{n} pages"\nmsgstr[0] "{n} bog"\n'
                  'msgstr[1] "{n} bogag"\n', encoding="utf-8")
    assert glossary.po_messages(po) == [("{n} page {n} pages", "{n} bog {n} bogag")]
