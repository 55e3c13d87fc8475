"""Feedback to participants (F10): "What you told us, and what happens next", for
the people a form surveyed, in their language. The coordinator writes paragraphs
per language (with an easy-read wording: short sentences, one idea per line) and
picks a few figures of the form, shown as pictures of 10 (icon arrays: "6 in 10
households told us..."). Per community (a choice of the figures' grouping field)
or for everyone. Qt-free; the document is built by fieldkit.reports.feedback_sheet.

A language with any wording missing is never filled in from English: the command
lists what is missing and writes nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, func, select

from fieldkit.disclosure import DisclosureRule
from fieldkit.errors import InvalidInput
from fieldkit.i18n import _, normalize
from fieldkit.reports.figures import Figure, FigureSpec, resolve
from fieldkit.reports.slots import check_text, fill, in_scale
from fieldkit.store import Store
from fieldkit.store.audit import record_event as audit
from fieldkit.store.models import FeedbackItem, FeedbackText

__all__ = ["ICONS", "SECTIONS", "Feedback", "FeedbackPart", "Item", "MissingText",
           "add_item", "build_feedback", "easy_lines", "list_items", "remove_item",
           "set_item_text"]

SECTIONS = ("told", "next")
#: The pictures the renderer draws (fieldkit.reports.document.IconArray), one beside
#: each easy-read line.
ICONS = ("person", "house")
SCALE = 10  # an icon array is a picture of 10


@dataclass(frozen=True)
class Item:
    id: int
    form_id: str
    community: str
    section: str
    position: int
    spec: FigureSpec | None
    icon: str
    texts: dict[str, tuple[str, str]]  # language -> (text, easy-read text)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "form": self.form_id, "community": self.community,
                "section": self.section, "position": self.position,
                "kind": "figure" if self.spec else "paragraph",
                "figure": self.spec.describe() if self.spec else None, "icon": self.icon,
                "texts": {lang: {"text": t, "easy": e} for lang, (t, e) in self.texts.items()}}


@dataclass(frozen=True)
class FeedbackPart:
    """A paragraph or a figure, in the reader's language. ``filled``: how many of the
    10 icons are coloured (figures only)."""

    item_id: int
    section: str
    text: str
    easy: tuple[str, ...]
    icon: str
    figure: Figure | None = None
    filled: int = 0


@dataclass(frozen=True)
class MissingText:
    item_id: int
    section: str
    what: str  # a few words of the English (or any) wording, to find it


@dataclass
class Feedback:
    form_id: str
    form_title: str
    language: str
    community: str  # "" for everyone
    community_label: str
    parts: list[FeedbackPart] = field(default_factory=list)
    missing: list[MissingText] = field(default_factory=list)
    withheld: list[int] = field(default_factory=list)
    rule: DisclosureRule = field(default_factory=DisclosureRule)

    def section(self, name: str) -> list[FeedbackPart]:
        return [p for p in self.parts if p.section == name]

    def sources(self) -> list[str]:
        return list(dict.fromkeys(p.figure.source for p in self.parts if p.figure))


def _language(code: str) -> str:
    from fieldkit.i18n import UI_LANGUAGES

    lang = normalize(code)
    if lang not in UI_LANGUAGES:
        raise InvalidInput(_("--lang {code}: write the text in one of fieldkit's languages "
                             "({codes}).").format(code=code, codes=", ".join(UI_LANGUAGES)))
    return lang


def _check_text(text: str, figure: bool) -> str:
    if figure:
        return check_text(text)
    text = text.strip()
    if not text:
        raise InvalidInput(_("--text: the text is empty."))
    return text


def _item(row: FeedbackItem, texts: dict[str, tuple[str, str]]) -> Item:
    spec = FigureSpec.from_json(row.figure) if row.figure else None
    return Item(row.id, row.form_id, row.community, row.section, row.position, spec,
                row.icon, texts)


def add_item(store: Store, project_id: str, form_id: str, *, section: str, text: str,
             language: str, easy: str = "", community: str = "",
             spec: FigureSpec | None = None, icon: str = "", actor: str = "") -> Item:
    """A new paragraph (``spec`` None) or figure, last in its section."""
    from fieldkit.insight.fields import form_versions

    if section not in SECTIONS:
        raise InvalidInput(_("--section {section}: use told (what you told us) or next "
                             "(what happens next).").format(section=section))
    if icon and icon not in ICONS:
        raise InvalidInput(_("--icon {icon}: use one of {icons}.").format(
            icon=icon, icons=", ".join(ICONS)))
    text = _check_text(text, spec is not None)
    easy = _check_text(easy, spec is not None) if easy.strip() else ""
    lang = _language(language)
    form_versions(store, form_id)  # refuses an unknown form
    if spec is not None:
        if spec.kind != "own" or spec.form != form_id:
            raise InvalidInput(_("A feedback figure counts the form's own interviews."))
        resolve(store, project_id, spec, DisclosureRule())
    with store.session() as session:
        last = session.scalar(select(func.max(FeedbackItem.position)).where(
            FeedbackItem.project_id == project_id, FeedbackItem.form_id == form_id,
            FeedbackItem.section == section))
        row = FeedbackItem(project_id=project_id, form_id=form_id, community=community,
                           section=section, position=(last or 0) + 1,
                           figure=spec.to_json() if spec else "", icon=icon, actor=actor)
        session.add(row)
        session.flush()
        session.add(FeedbackText(item_id=row.id, language=lang, text=text, easy=easy))
        audit(session, "feedback_item_add", object_type="feedback_item",
              object_id=str(row.id), device_id=None, actor=actor,
              detail={"form": form_id, "section": section, "lang": lang})
        return _item(row, {lang: (text, easy)})


def _get(store: Store, project_id: str, item_id: int) -> FeedbackItem:
    with store.session() as session:
        row = session.get(FeedbackItem, item_id)
        if row is None or row.project_id != project_id:
            raise InvalidInput(_("Feedback item {id} does not exist; 'fieldkit report "
                                 "feedback-item list --form ID' shows them.").format(
                id=item_id))
        session.expunge(row)
        return row


def set_item_text(store: Store, project_id: str, item_id: int, *, text: str,
                  language: str, easy: str = "", actor: str = "") -> Item:
    """Add or replace the item's wording (and easy-read wording) in ``language``."""
    row = _get(store, project_id, item_id)
    text = _check_text(text, bool(row.figure))
    easy = _check_text(easy, bool(row.figure)) if easy.strip() else ""
    lang = _language(language)
    with store.session() as session:
        stored = session.get(FeedbackText, (item_id, lang))
        if stored is None:
            session.add(FeedbackText(item_id=item_id, language=lang, text=text, easy=easy))
        else:
            stored.text, stored.easy = text, easy
        audit(session, "feedback_item_text", object_type="feedback_item",
              object_id=str(item_id), device_id=None, actor=actor, detail={"lang": lang})
    return next(i for i in list_items(store, project_id, row.form_id) if i.id == item_id)


def remove_item(store: Store, project_id: str, item_id: int, *, actor: str = "") -> None:
    _get(store, project_id, item_id)
    with store.session() as session:
        session.execute(delete(FeedbackText).where(FeedbackText.item_id == item_id))
        session.execute(delete(FeedbackItem).where(FeedbackItem.id == item_id))
        audit(session, "feedback_item_remove", object_type="feedback_item",
              object_id=str(item_id), device_id=None, actor=actor, detail={})


def list_items(store: Store, project_id: str, form_id: str) -> list[Item]:
    with store.session() as session:
        rows = list(session.scalars(
            select(FeedbackItem).where(FeedbackItem.project_id == project_id,
                                       FeedbackItem.form_id == form_id)
            .order_by(FeedbackItem.section.desc(), FeedbackItem.position, FeedbackItem.id)))
        texts: dict[int, dict[str, tuple[str, str]]] = {}
        for t in session.scalars(select(FeedbackText).where(
                FeedbackText.item_id.in_([r.id for r in rows]))):
            texts.setdefault(t.item_id, {})[t.language] = (t.text, t.easy)
        return [_item(r, texts.get(r.id, {})) for r in rows]


_SENTENCE_END = re.compile(r"(?<=[.!?؟۔])\s+")


def easy_lines(text: str, easy: str) -> tuple[str, ...]:
    """The easy-read lines: the easy wording's lines, else the text one sentence a
    line."""
    source = easy if easy.strip() else text
    lines = [line.strip() for raw in source.splitlines()
             for line in (_SENTENCE_END.split(raw) if not easy.strip() else [raw])]
    return tuple(line for line in lines if line)


def build_feedback(store: Store, project_id: str, form_id: str, language: str, *,
                   community: str = "", rule: DisclosureRule | None = None
                   ) -> Feedback:
    """The feedback in ``language`` for ``community`` ("" for everyone): figures
    resolved now under ``rule``; wording missing in the language listed in
    ``missing`` (and nothing put in its place)."""
    from fieldkit.insight.fields import form_versions, measurable_fields

    rule = rule or DisclosureRule()
    versions = form_versions(store, form_id)
    newest = versions.newest
    items = [i for i in list_items(store, project_id, form_id)
             if not i.community or i.community == community]
    label = ""
    if community:
        by = next((i.spec.by for i in items if i.spec is not None), "")
        if by:
            info = next((f for f in measurable_fields(store, form_id) if f.name == by), None)
            if info is not None:
                if community not in {c.value for c in info.choices}:
                    raise InvalidInput(_("--community {community}: {field} has no such "
                                         "choice.").format(community=community, field=by))
                label = info.choice_label(community, language)
        label = label or community
    title = newest.title or form_id
    out = Feedback(form_id=form_id, form_title=title, language=language,
                   community=community, community_label=label, rule=rule)
    for item in sorted(items, key=lambda i: (SECTIONS.index(i.section), i.position, i.id)):
        wording = item.texts.get(language)
        if wording is None:
            any_text = item.texts.get("en") or next(iter(item.texts.values()), ("", ""))
            out.missing.append(MissingText(item.id, item.section, any_text[0][:60]))
            continue
        text, easy = wording
        if item.spec is None:
            out.parts.append(FeedbackPart(item.id, item.section, text, easy_lines(text, easy),
                                          item.icon))
            continue
        spec = replace(item.spec, groups=(community,)) if community else item.spec
        figure = resolve(store, project_id, spec, rule)
        if figure.withheld:
            out.withheld.append(item.id)
            continue
        share = figure.share or 0.0
        filled_text = fill(text, figure, SCALE, language)
        filled_easy = fill(easy, figure, SCALE, language) if easy else ""
        out.parts.append(FeedbackPart(item.id, item.section, filled_text,
                                      easy_lines(filled_text, filled_easy), item.icon,
                                      figure, in_scale(share, SCALE)))
    return out
