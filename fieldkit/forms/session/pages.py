"""Pages as ODK Collect shows them, and the state of each question on them.

Every question with a control is a page of its own, except inside a
``field-list`` group, which is one page; each repeat instance repeats its pages.
Calculations and other fields without a control are never shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.forms.model import BodyNode, Group, Question, Repeat
from fieldkit.forms.session import texts
from fieldkit.forms.session.texts import ChoiceOption
from fieldkit.forms.session.tree import Element

if TYPE_CHECKING:
    from fieldkit.forms.session.session import FormSession

__all__ = ["Page", "QuestionState"]

_SELECTS = frozenset({"select_one", "select_multiple"})


@dataclass(frozen=True, slots=True)
class QuestionState:
    """One question as the UI shows it now."""

    path: str
    name: str
    type: str
    label: str
    hint: str
    media: Mapping[str, str]
    choices: tuple[ChoiceOption, ...]
    value: str
    required: bool
    readonly: bool
    relevant: bool
    #: The constraint message when the answer is not allowed, else None.
    constraint_message: str | None
    appearance: str | None


@dataclass(frozen=True, slots=True)
class Page:
    """One screen: a question, or a field-list group with its visible questions."""

    index: int
    path: str
    label: str
    field_list: bool
    relevant: bool
    questions: tuple[QuestionState, ...]


@dataclass(eq=False)
class _Slot:
    path: str
    nodes: list[Element]
    group: Element | None

    @property
    def relevant(self) -> bool:
        if self.group is not None and not self.group.erel:
            return False
        return any(n.erel for n in self.nodes)


def _slots(session: FormSession) -> list[_Slot]:
    """The pages' slots. They depend only on which nodes exist (relevance is read
    live from the nodes), so they are cached until the next structural edit: a
    5,000-member roster has 20,000 pages, too many to walk after every answer."""
    version = session._doc.version
    cached = session._slots_cache
    if cached is not None and cached[0] == version:
        return cached[1]
    slots = _build_slots(session)
    session._slots_cache = (version, slots)
    return slots


def _build_slots(session: FormSession) -> list[_Slot]:
    out: list[_Slot] = []
    templates = session._plan.templates

    def walk(nodes: tuple[BodyNode, ...], ctx: Element, page: _Slot | None) -> None:
        for body in nodes:
            if isinstance(body, Question):
                tmpl = templates.get(body.path)
                if tmpl is None or body.control is None:
                    continue
                for el in session._expand(ctx, tmpl):
                    if page is not None:
                        page.nodes.append(el)
                    else:
                        out.append(_Slot(el.path, [el], None))
            elif isinstance(body, Repeat):
                for inst in session._expand(ctx, templates[body.path]):
                    walk(body.children, inst, page)
            else:
                walk_group(body, ctx, page)

    def walk_group(group: Group, ctx: Element, page: _Slot | None) -> None:
        found = session._expand(ctx, templates[group.path]) if group.path in templates else []
        element = found[0] if found else None
        inner = element if element is not None else ctx
        if group.field_list and page is None:
            slot = _Slot(element.path if element is not None else "", [], element)
            out.append(slot)
            walk(group.children, inner, slot)
            if not slot.nodes:
                out.remove(slot)
            elif not slot.path:
                slot.path = slot.nodes[0].path
            return
        walk(group.children, inner, page)

    walk(session.form.body, session._root, None)
    return out


def question_state(session: FormSession, node: Element) -> QuestionState:
    question = node.tmpl.question
    kind = question.type if question is not None else "hidden"
    choices = texts.choices_at(session, node) if node.tmpl.kind in _SELECTS else []
    valid = node.valid or not node.effective_value()
    return QuestionState(
        path=node.path,
        name=node.tmpl.name,
        type=kind,
        label=texts.label(session, node),
        hint=texts.hint(session, node),
        media=texts.media(session, node),
        choices=tuple(choices),
        value=node.value,
        required=node.required,
        readonly=node.effective_readonly(),
        relevant=node.erel,
        constraint_message=None if valid else session._message(node, "constraint"),
        appearance=question.appearance if question is not None else None,
    )


def _page(session: FormSession, index: int, slot: _Slot) -> Page:
    group = slot.group
    if group is not None:
        title = texts.label(session, group)
    elif len(slot.nodes) == 1:
        title = texts.label(session, slot.nodes[0])
    else:
        title = ""
    return Page(
        index=index,
        path=slot.path,
        label=title,
        field_list=group is not None or len(slot.nodes) > 1,
        relevant=slot.relevant,
        questions=tuple(question_state(session, n) for n in slot.nodes if n.erel),
    )


def all_pages(session: FormSession) -> list[Page]:
    return [_page(session, i, slot) for i, slot in enumerate(_slots(session))]


def relevant_indexes(session: FormSession) -> list[int]:
    """Indexes of the pages that are shown now, without building their questions'
    states: what a screen needs for "page n of m" after every answer."""
    return [i for i, slot in enumerate(_slots(session)) if slot.relevant]


def page_at(session: FormSession, index: int | None) -> Page | None:
    if index is None:
        return None
    slots = _slots(session)
    if not 0 <= index < len(slots):
        return None
    return _page(session, index, slots[index])


def first_relevant(session: FormSession) -> int | None:
    return next((i for i, s in enumerate(_slots(session)) if s.relevant), None)


def step(session: FormSession, current: int | None, delta: int) -> int | None:
    """The next (delta=+1) or previous (-1) relevant page after ``current``."""
    slots = _slots(session)
    i = (-1 if delta > 0 else len(slots)) if current is None else current
    i += delta
    while 0 <= i < len(slots):
        if slots[i].relevant:
            return i
        i += delta
    return None


def index_of(session: FormSession, path: str) -> int | None:
    """The page showing ``path``: a question on it, its group, or a group above it."""
    for i, slot in enumerate(_slots(session)):
        if slot.path == path or any(n.path == path for n in slot.nodes):
            return i
    for i, slot in enumerate(_slots(session)):
        if any(n.path.startswith(path.rstrip("/") + "/") for n in slot.nodes):
            return i
    return None


def page_map(session: FormSession) -> dict[Element, int]:
    return {node: i for i, slot in enumerate(_slots(session)) for node in slot.nodes}
