"""Pages as ODK Collect shows them, and the state of each question on them.

Every question with a control is a page of its own, except inside a
``field-list`` group, which is one page; each repeat instance repeats its pages.
Calculations and other fields without a control are never shown.

With :attr:`FormSession.roster_pages` on (the interviewer's screen), each repeat
collection also has a *roster page* in front of its instances' pages (a table of
the instances), and moving page by page never walks into an instance: Next on a
roster page goes past the whole collection, and leaving an instance's last (or
first) page goes back to its roster page. An instance is entered by jumping to
it (editing a row). So a 5,000-member roster is one page, not 20,000.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from fieldkit.forms.model import BodyNode, Group, Question, Repeat
from fieldkit.forms.session import texts
from fieldkit.forms.session.texts import ChoiceOption
from fieldkit.forms.session.tree import Element

if TYPE_CHECKING:
    from fieldkit.forms.session.plan import Template
    from fieldkit.forms.session.session import FormSession

__all__ = ["Page", "QuestionState"]

_SELECTS = frozenset({"select_one", "select_multiple"})
_NO_PARAMETERS: Mapping[str, str] = MappingProxyType({})


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
    #: The control's parameters (range ``start``/``end``/``step``, upload ``mediatype``).
    parameters: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Page:
    """One screen: a question, or a field-list group with its visible questions."""

    index: int
    path: str
    label: str
    field_list: bool
    relevant: bool
    questions: tuple[QuestionState, ...]
    #: On a roster page, the template path of its repeat (``path`` is the indexed
    #: path of the collection, e.g. ``/data/hh[2]/member``); None on other pages.
    roster: str | None = None


@dataclass(eq=False)
class _Roster:
    """The repeat a roster page shows, and the element that holds its instances."""

    body: Repeat
    parent: Element
    session: FormSession
    tmpl: Template


@dataclass(eq=False)
class _Slot:
    path: str
    nodes: list[Element]
    group: Element | None
    #: Indexed paths of the repeat instances the page is inside (roster pages only).
    chain: tuple[str, ...] = ()
    roster: _Roster | None = None
    #: On a roster slot: where each instance's slots start, and where they end.
    starts: list[int] = field(default_factory=list)
    end: int = 0
    #: A select with its ``or_other`` "specify" question: one question's page.
    specify: bool = False

    @property
    def relevant(self) -> bool:
        roster = self.roster
        if roster is not None:
            if not roster.parent.erel:
                return False
            # A repeat's own relevance lives on its instances; with none, it is
            # evaluated for the instance that would be added.
            instances = roster.parent.by_name.get(roster.body.path.rsplit("/", 1)[1], ())
            if not instances:
                return roster.session._empty_repeat_relevant(roster.parent, roster.tmpl)
            return any(i.erel for i in instances)
        if self.group is not None and not self.group.erel:
            return False
        return any(n.erel for n in self.nodes)


def _slots(session: FormSession) -> list[_Slot]:
    """The pages' slots. They depend only on which nodes exist (relevance is read
    live from the nodes), so they are cached until the next structural edit: a
    5,000-member roster has 20,000 pages, too many to walk after every answer."""
    version = (session._doc.version, session.roster_pages)
    cached = session._slots_cache
    if cached is not None and cached[0] == version:
        return cached[1]
    slots = _build_slots(session)
    session._slots_cache = (version, slots)
    return slots


_SELECT_TYPES = frozenset({"select_one", "select_multiple"})


def _is_specify(question: Question, previous: BodyNode | None) -> bool:
    """Whether ``question`` is the "specify other" text XLSForm's ``or_other``
    puts right after the select ``previous`` (``name_other``, relevant on 'other')."""
    return isinstance(previous, Question) and previous.type in _SELECT_TYPES \
        and question.name == f"{previous.name}_other" and question.bind is not None \
        and "'other'" in (question.bind.relevant or "") \
        and previous.name in (question.bind.relevant or "")


def _build_slots(session: FormSession) -> list[_Slot]:
    out: list[_Slot] = []
    templates = session._plan.templates
    rosters = session.roster_pages

    def walk(nodes: tuple[BodyNode, ...], ctx: Element, page: _Slot | None,
             chain: tuple[str, ...]) -> None:
        before: BodyNode | None = None
        for body in nodes:
            previous, before = before, body
            if isinstance(body, Question):
                tmpl = templates.get(body.path)
                if tmpl is None or body.control is None:
                    continue
                found = session._expand(ctx, tmpl)
                last = out[-1] if out else None
                if page is None and len(found) == 1 and last is not None \
                        and _is_specify(body, previous) and len(last.nodes) == 1 \
                        and last.nodes[0].tmpl.question is previous \
                        and last.nodes[0].parent_node is found[0].parent_node:
                    # "Specify other" shows on its select's page, the moment
                    # "Other" is picked (not on a page of its own after it).
                    last.nodes.append(found[0])
                    last.specify = True
                    continue
                for el in found:
                    if page is not None:
                        page.nodes.append(el)
                    else:
                        out.append(_Slot(el.path, [el], None, chain))
            elif isinstance(body, Repeat):
                tmpl = templates[body.path]
                if rosters and page is None:
                    holder = tmpl.parent
                    parents = ([ctx] if holder is None or holder is ctx.tmpl
                               else session._expand(ctx, holder))
                    for parent in parents:
                        coll = f"{parent.path}/{tmpl.name}"
                        head = _Slot(coll, [], None, chain,
                                     _Roster(body, parent, session, tmpl))
                        out.append(head)
                        for inst in parent.by_name.get(tmpl.name, ()):
                            head.starts.append(len(out))
                            walk(body.children, inst, None, (*chain, inst.path))
                        head.end = len(out)
                    continue
                for inst in session._expand(ctx, tmpl):
                    walk(body.children, inst, page, chain)
            else:
                walk_group(body, ctx, page, chain)

    def walk_group(group: Group, ctx: Element, page: _Slot | None,
                   chain: tuple[str, ...]) -> None:
        found = session._expand(ctx, templates[group.path]) if group.path in templates else []
        element = found[0] if found else None
        inner = element if element is not None else ctx
        if group.field_list and page is None:
            slot = _Slot(element.path if element is not None else "", [], element, chain)
            out.append(slot)
            walk(group.children, inner, slot, chain)
            if not slot.nodes:
                out.remove(slot)
            elif not slot.path:
                slot.path = slot.nodes[0].path
            return
        walk(group.children, inner, page, chain)

    walk(session.form.body, session._root, None, ())
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
        parameters=question.attributes if question is not None else _NO_PARAMETERS,
    )


def _page(session: FormSession, index: int, slot: _Slot) -> Page:
    roster = slot.roster
    if roster is not None:
        text = session.form.text(roster.body.label, session.language)
        return Page(index=index, path=slot.path, label=texts.render(session, text, roster.parent),
                    field_list=False, relevant=slot.relevant, questions=(),
                    roster=roster.body.path)
    group = slot.group
    if group is not None:
        title = texts.label(session, group)
    elif len(slot.nodes) == 1 or slot.specify:
        title = texts.label(session, slot.nodes[0])
    else:
        title = ""
    return Page(
        index=index,
        path=slot.path,
        label=title,
        field_list=group is not None or (len(slot.nodes) > 1 and not slot.specify),
        relevant=slot.relevant,
        questions=tuple(question_state(session, n) for n in slot.nodes if n.erel),
    )


def all_pages(session: FormSession) -> list[Page]:
    return [_page(session, i, slot) for i, slot in enumerate(_slots(session))]


def relevant_indexes(session: FormSession) -> list[int]:
    """Indexes of the pages that are shown now, without building their questions'
    states: what a screen needs for "page n of m" after every answer."""
    return [i for i, slot in enumerate(_slots(session)) if slot.relevant]


def reachable_indexes(session: FormSession, current: int | None) -> list[int]:
    """The relevant pages Next and Previous reach from ``current``: with roster
    pages, those outside any repeat instance and those of the instance (and its
    enclosing instances) ``current`` is in; otherwise every relevant page."""
    slots = _slots(session)
    if not session.roster_pages:
        return [i for i, slot in enumerate(slots) if slot.relevant]
    here = slots[current].chain if current is not None and 0 <= current < len(slots) else ()
    out: list[int] = []
    _reachable(slots, 0, len(slots), here, depth=0, out=out)
    return out


def _reachable(slots: list[_Slot], lo: int, hi: int, here: tuple[str, ...], *,
               depth: int, out: list[int]) -> None:
    """Relevant slots in ``lo:hi``, stepping over each roster's instances except
    the one in ``here`` (so a 5,000-member roster costs what one member does)."""
    i = lo
    while i < hi:
        slot = slots[i]
        if slot.relevant:
            out.append(i)
        if slot.roster is None:
            i += 1
            continue
        inside = here[depth] if len(here) > depth else ""
        prefix = slot.path + "["
        if inside.startswith(prefix) and inside[len(prefix):-1].isdigit():
            k = int(inside[len(prefix):-1])
            if 1 <= k <= len(slot.starts):
                end = slot.starts[k] if k < len(slot.starts) else slot.end
                _reachable(slots, slot.starts[k - 1], end, here, depth=depth + 1, out=out)
        i = max(slot.end, i + 1)


def _roster_of(slots: list[_Slot], instance: str, before: int) -> int | None:
    """The roster page of the collection ``instance`` (an indexed path) is in."""
    collection = instance[:instance.rindex("[")]
    for i in range(min(before, len(slots) - 1), -1, -1):
        if slots[i].roster is not None and slots[i].path == collection:
            return i
    return None


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
    if session.roster_pages and current is not None and 0 <= current < len(slots):
        return _roster_step(slots, current, delta)
    i = (-1 if delta > 0 else len(slots)) if current is None else current
    i += delta
    while 0 <= i < len(slots):
        if slots[i].relevant:
            return i
        i += delta
    return None


def _roster_step(slots: list[_Slot], current: int, delta: int) -> int | None:
    """:func:`step` with roster pages: never into an instance; out of one, back to
    its roster page."""
    here = slots[current].chain
    i = current + delta
    while 0 <= i < len(slots):
        slot = slots[i]
        if slot.relevant and slot.chain == here[:len(slot.chain)]:
            if len(slot.chain) < len(here):  # leaving the instance here[-1]
                return _roster_of(slots, here[-1], current)
            return i
        i += delta
    return _roster_of(slots, here[-1], current) if here else None


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
