"""Myth-busting facts (F10): short statements a coordinator writes, each tied to a
figure fieldkit holds, stored per project with the wording per language. The sheet
is built from them fresh every time, so its numbers, sources and dates are always
today's. Qt-free; every change is in the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from fieldkit.disclosure import DisclosureRule
from fieldkit.errors import InvalidInput
from fieldkit.i18n import _, normalize
from fieldkit.reports.figures import Figure, FigureSpec, resolve
from fieldkit.reports.slots import check_text, figure_words, fill
from fieldkit.store import Store
from fieldkit.store.audit import record_event as audit
from fieldkit.store.models import ReportFact, ReportFactText

__all__ = ["Fact", "FactLine", "FactSheet", "add_fact", "build_fact_sheet", "edit_fact",
           "list_facts", "remove_fact", "set_fact_text"]

SCALES = (10, 100, 1000)


@dataclass(frozen=True)
class Fact:
    id: int
    position: int
    spec: FigureSpec
    scale: int
    texts: dict[str, str]  # language -> wording with slots

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "position": self.position, "figure": self.spec.describe(),
                "spec": self.spec.as_dict(), "scale": self.scale, "texts": self.texts}


@dataclass(frozen=True)
class FactLine:
    """One statement of the sheet: the wording filled in, with the figure behind it."""

    fact_id: int
    text: str
    figure: Figure
    words: str = ""  # the figure alone, as in the text ("15 in 100")


@dataclass
class FactSheet:
    language: str
    lines: list[FactLine] = field(default_factory=list)
    #: Facts with no wording in the language (never printed in another one).
    missing: list[int] = field(default_factory=list)
    #: Facts whose figure the disclosure rule withholds (left off the sheet).
    withheld: list[int] = field(default_factory=list)
    rule: DisclosureRule = field(default_factory=DisclosureRule)

    def sources(self) -> list[str]:
        """Each distinct source, in the order the statements cite them."""
        return list(dict.fromkeys(line.figure.source for line in self.lines))


def _language(code: str) -> str:
    from fieldkit.i18n import UI_LANGUAGES

    lang = normalize(code)
    if lang not in UI_LANGUAGES:
        raise InvalidInput(_("--lang {code}: write the text in one of fieldkit's languages "
                             "({codes}).").format(code=code, codes=", ".join(UI_LANGUAGES)))
    return lang


def _check_scale(scale: int) -> int:
    if scale not in SCALES:
        raise InvalidInput(_("--scale {scale}: use 10, 100 or 1000 (\"6 in 10\").").format(
            scale=scale))
    return scale


def _fact(row: ReportFact, texts: dict[str, str]) -> Fact:
    return Fact(row.id, row.position, FigureSpec.from_json(row.figure), row.scale, texts)


def _get(store: Store, project_id: str, fact_id: int) -> ReportFact:
    with store.session() as session:
        row = session.get(ReportFact, fact_id)
        if row is None or row.project_id != project_id:
            raise InvalidInput(_("Fact {id} does not exist; 'fieldkit report fact list' "
                                 "shows the facts.").format(id=fact_id))
        session.expunge(row)
        return row


def add_fact(store: Store, project_id: str, spec: FigureSpec, *, text: str, language: str,
             scale: int = 100, check: bool = True, actor: str = "") -> Fact:
    """Store a new fact (last on the sheet). ``check``: resolve the figure first, so
    a fact whose figure fieldkit cannot find is refused, not stored."""
    text = check_text(text)
    lang = _language(language)
    _check_scale(scale)
    if check:
        resolve(store, project_id, spec, DisclosureRule())
    with store.session() as session:
        last = session.scalar(select(func.max(ReportFact.position))
                              .where(ReportFact.project_id == project_id))
        row = ReportFact(project_id=project_id, position=(last or 0) + 1,
                         figure=spec.to_json(), scale=scale, actor=actor)
        session.add(row)
        session.flush()
        session.add(ReportFactText(fact_id=row.id, language=lang, text=text))
        audit(session, "report_fact_add", object_type="report_fact", object_id=str(row.id),
              device_id=None, actor=actor, detail={"figure": spec.to_json(), "lang": lang})
        return _fact(row, {lang: text})


def set_fact_text(store: Store, project_id: str, fact_id: int, *, text: str,
                  language: str, actor: str = "") -> Fact:
    """Add or replace the fact's wording in ``language``."""
    text = check_text(text)
    lang = _language(language)
    _get(store, project_id, fact_id)
    with store.session() as session:
        row = session.get(ReportFactText, (fact_id, lang))
        if row is None:
            session.add(ReportFactText(fact_id=fact_id, language=lang, text=text))
        else:
            row.text = text
        fact = session.get(ReportFact, fact_id)
        assert fact is not None
        fact.updated_at = datetime.now(UTC)
        audit(session, "report_fact_text", object_type="report_fact",
              object_id=str(fact_id), device_id=None, actor=actor, detail={"lang": lang})
    return next(f for f in list_facts(store, project_id) if f.id == fact_id)


def edit_fact(store: Store, project_id: str, fact_id: int, *, spec: FigureSpec | None = None,
              scale: int | None = None, position: int | None = None,
              actor: str = "") -> Fact:
    """Tie the fact to another figure, change its scale or its place on the sheet."""
    _get(store, project_id, fact_id)
    if spec is not None:
        resolve(store, project_id, spec, DisclosureRule())
    if scale is not None:
        _check_scale(scale)
    with store.session() as session:
        row = session.get(ReportFact, fact_id)
        assert row is not None
        if spec is not None:
            row.figure = spec.to_json()
        if scale is not None:
            row.scale = scale
        if position is not None:
            others = [r for r in session.scalars(
                select(ReportFact).where(ReportFact.project_id == project_id,
                                         ReportFact.id != fact_id)
                .order_by(ReportFact.position, ReportFact.id))]
            place = max(1, min(position, len(others) + 1))
            others.insert(place - 1, row)
            for index, item in enumerate(others, start=1):
                item.position = index
        row.updated_at = datetime.now(UTC)
        audit(session, "report_fact_edit", object_type="report_fact",
              object_id=str(fact_id), device_id=None, actor=actor,
              detail={"figure": row.figure, "scale": row.scale, "position": row.position})
    return next(f for f in list_facts(store, project_id) if f.id == fact_id)


def remove_fact(store: Store, project_id: str, fact_id: int, *, actor: str = "") -> None:
    _get(store, project_id, fact_id)
    with store.session() as session:
        session.execute(delete(ReportFactText).where(ReportFactText.fact_id == fact_id))
        session.execute(delete(ReportFact).where(ReportFact.id == fact_id))
        audit(session, "report_fact_remove", object_type="report_fact",
              object_id=str(fact_id), device_id=None, actor=actor, detail={})


def list_facts(store: Store, project_id: str) -> list[Fact]:
    """The project's facts in their order on the sheet."""
    with store.session() as session:
        rows = list(session.scalars(select(ReportFact)
                                    .where(ReportFact.project_id == project_id)
                                    .order_by(ReportFact.position, ReportFact.id)))
        texts: dict[int, dict[str, str]] = {}
        for t in session.scalars(select(ReportFactText).where(
                ReportFactText.fact_id.in_([r.id for r in rows]))):
            texts.setdefault(t.fact_id, {})[t.language] = t.text
        return [_fact(r, texts.get(r.id, {})) for r in rows]


def build_fact_sheet(store: Store, project_id: str, language: str,
                     rule: DisclosureRule) -> FactSheet:
    """The statements in ``language``, each figure resolved now under ``rule``."""
    sheet = FactSheet(language=language, rule=rule)
    for fact in list_facts(store, project_id):
        text = fact.texts.get(language)
        if text is None:
            sheet.missing.append(fact.id)
            continue
        figure = resolve(store, project_id, fact.spec, rule)
        if figure.withheld:
            sheet.withheld.append(fact.id)
            continue
        sheet.lines.append(FactLine(fact.id, fill(text, figure, fact.scale, language),
                                    figure, figure_words(figure, fact.scale, language)))
    return sheet
