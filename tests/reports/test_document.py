"""The report document model: direction from the language, the headings a table of
contents lists, every table once (charts' tables included) for the XLSX."""

from __future__ import annotations

from fieldkit.reports.document import (
    Chart,
    Contents,
    Document,
    Heading,
    Paragraph,
    Series,
    Table,
    headings,
    tables,
)


def _table(name: str) -> Table:
    return Table(name, ("a", "b"), (("x", 1),), source="s", name=name)


def test_direction_follows_the_language_unless_given() -> None:
    assert Document("t", "ckb", ()).rtl and Document("t", "fa", ()).rtl
    assert not Document("t", "pl", ()).rtl
    assert not Document("t", "fa", (), direction="ltr").rtl


def test_headings_and_tables() -> None:
    shared = _table("chart numbers")
    chart = Chart("c", "bar", ("2026H1",), (Series("s", (1.0,)),), table=shared)
    document = Document("t", "en", (
        Contents("Contents"), Heading("One"), Heading("Deep", level=3), Paragraph("p"),
        _table("first"), chart, Heading("Appendix", level=2), shared))
    assert [h.text for h in headings(document)] == ["One", "Appendix"]
    assert [t.name for t in tables(document)] == ["first", "chart numbers"]
