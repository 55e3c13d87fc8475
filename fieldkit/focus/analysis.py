"""What the coded notes say: passages of a theme across groups, theme counts per
group and per community, the report's figures and its "What people told us"
section. Counts are of coded passages and of groups with at least one; a passage
coded with a sub-theme counts for that sub-theme only (the codebook's tree is
kept in every output, so readers can sum a branch)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from fieldkit.focus.consent import may_quote
from fieldkit.focus.records import Coding, FocusData, Group, Theme

__all__ = [
    "Passage",
    "Quote",
    "TellSection",
    "ThemeCount",
    "passages",
    "quotes",
    "report",
    "theme_counts",
    "theme_matrix",
    "theme_path",
    "what_people_told_us",
]


@dataclass(frozen=True)
class Passage:
    coding: Coding
    group: Group
    theme: Theme
    text: str
    speaker: str  # a pseudonym or "participant N", or ""
    language: str
    question: str  # the topic-guide question's text, or ""
    at: str


@dataclass(frozen=True)
class ThemeCount:
    theme: Theme
    groups: int
    passages: int


@dataclass(frozen=True)
class Quote:
    theme: str
    text: str
    speaker: str
    community: str
    group: str
    language: str


def theme_path(data: FocusData, theme: Theme, language: str | None = None) -> str:
    """``Parent > Child`` (cycles a merge may make are cut)."""
    names: list[str] = []
    seen: set[str] = set()
    current: Theme | None = theme
    while current is not None and current.uuid not in seen:
        seen.add(current.uuid)
        names.append(current.label(language))
        current = data.theme(current.parent) if current.parent else None
    return " > ".join(reversed(names))


def _language(data: FocusData, group: Group, note_language: str) -> str:
    return note_language or (group.languages[0] if group.languages else "")


def passages(data: FocusData, *, theme: str | None = None, community: str | None = None,
             language: str | None = None) -> list[Passage]:
    """Coded passages (of ``theme``, from groups of ``community``, said in
    ``language``), by group date then time typed."""
    out = []
    for coding in data.codings:
        if theme is not None and coding.theme != theme:
            continue
        group, found, note = (data.group(coding.group), data.theme(coding.theme),
                              data.note(coding.note))
        if group is None or found is None or note is None:
            continue
        if community is not None and group.community != community:
            continue
        lang = _language(data, group, note.language)
        if language is not None and lang != language:
            continue
        guide = data.guide(group.guide) if group.guide else None
        question = guide.question(note.question) if guide and note.question else None
        out.append(Passage(coding, group, found, data.passage(coding),
                           data.speaker_label(note), lang,
                           question.text if question else "", note.at))
    order = {g.uuid: i for i, g in enumerate(data.groups)}
    out.sort(key=lambda p: (order.get(p.group.uuid, 0), p.at, p.coding.start))
    return out


def theme_counts(data: FocusData, *, community: str | None = None) -> list[ThemeCount]:
    """Each theme of the codebook with the groups mentioning it and its passages,
    most mentioned first."""
    groups: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    for p in passages(data, community=community):
        groups[p.theme.uuid].add(p.group.uuid)
        count[p.theme.uuid] += 1
    rows = [ThemeCount(t, len(groups[t.uuid]), count[t.uuid]) for t in data.themes]
    rows.sort(key=lambda r: (-r.passages, -r.groups, r.theme.name))
    return rows


def theme_matrix(data: FocusData, *, by: str = "group") -> dict[str, dict[str, int]]:
    """{theme uuid: {group uuid or community: passages}}: the theme × group (or ×
    community) matrix."""
    matrix: dict[str, dict[str, int]] = {t.uuid: {} for t in data.themes}
    for p in passages(data):
        column = p.group.uuid if by == "group" else p.group.community
        row = matrix.setdefault(p.theme.uuid, {})
        row[column] = row.get(column, 0) + 1
    return matrix


def report(data: FocusData, *, language: str | None = None) -> dict[str, object]:
    """The figures of ``fieldkit focus report --json``."""
    return {
        "groups": len(data.groups),
        "participants": len(data.participants),
        "themes": [{"theme": theme_path(data, r.theme, language), "groups": r.groups,
                    "passages": r.passages} for r in theme_counts(data)],
    }


def quotes(data: FocusData, *, theme: str | None = None,
           language: str | None = None) -> list[Quote]:
    """The passages selected as quotes whose speaker agreed to be quoted (the others
    never leave fieldkit as quotes), speakers by pseudonym or number only."""
    return [Quote(theme_path(data, p.theme, language), p.text, p.speaker, p.group.community,
                  p.group.title, p.language)
            for p in passages(data, theme=theme)
            if p.coding.quote and may_quote(data, p.coding)]


@dataclass(frozen=True)
class TellSection:
    """The "What people told us" section a report includes: per community, its
    themes (most mentioned first); a few consented quotes per theme."""

    groups: int
    participants: int
    communities: tuple[tuple[str, tuple[ThemeCount, ...]], ...]
    quotes: tuple[Quote, ...]


def what_people_told_us(data: FocusData, *, themes_per_community: int = 5,
                        quotes_per_theme: int = 2,
                        language: str | None = None) -> TellSection:
    """The section for a report (Qt-free: F10's report lays it out)."""
    communities = sorted({g.community for g in data.groups})
    by_community = tuple(
        (community, tuple(r for r in theme_counts(data, community=community)
                          if r.passages)[:themes_per_community])
        for community in communities)
    chosen: list[Quote] = []
    for row in theme_counts(data):
        if row.passages:
            chosen.extend(quotes(data, theme=row.theme.uuid,
                                 language=language)[:quotes_per_theme])
    return TellSection(len(data.groups), len(data.participants), by_community, tuple(chosen))
