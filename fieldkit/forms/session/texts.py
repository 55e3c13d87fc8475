"""Labels, hints, media and choices in the respondent's language.

``<output value="..."/>`` parts (``${name}`` in XLSForm) are evaluated at the
question's own node, so inside a repeat they read that instance's answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from fieldkit.forms.model import NO_LANGUAGE, UNTRANSLATED_LANGUAGE, Choice, RichText, plain_text
from fieldkit.forms.session.tree import Element
from fieldkit.forms.xpath import Node, XPathError, compile

if TYPE_CHECKING:
    from fieldkit.forms.session.session import FormSession

__all__ = ["ChoiceOption", "choice_label", "choices_at", "hint", "label", "media", "render"]

_ITEXT = re.compile(r"^\s*jr:itext\((.*)\)\s*$")
_INDEX = re.compile(r"\[[^\]]*\]")
_NO_MEDIA: Mapping[str, str] = MappingProxyType({})


class ChoiceOption(NamedTuple):
    """A choice as offered now: its value, label and media (image/audio/video)."""

    value: str
    label: str
    media: Mapping[str, str]


def _languages(session: FormSession) -> tuple[str, ...]:
    form = session.form
    keys = (session.language, form.default_language, UNTRANSLATED_LANGUAGE, NO_LANGUAGE)
    return tuple(dict.fromkeys(k for k in keys if k is not None))


def render(session: FormSession, text: RichText, node: Element) -> str:
    """``text`` with each output replaced by its value at ``node``."""
    parts: list[str] = []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
            continue
        try:
            value = compile(part.value).evaluate(session._context(node), "string")
        except (XPathError, ValueError):
            value = ""
        parts.append(str(value))
    return "".join(parts)


def label(session: FormSession, node: Element) -> str:
    tmpl = node.tmpl
    if tmpl.question is not None:
        ref = tmpl.question.label
    elif tmpl.group is not None:
        ref = tmpl.group.label
    else:
        ref = tmpl.body_repeat.label if tmpl.body_repeat is not None else None
    return render(session, session.form.text(ref, session.language), node)


def hint(session: FormSession, node: Element) -> str:
    question = node.tmpl.question
    if question is None:
        return ""
    return render(session, session.form.text(question.hint, session.language), node)


def _pick(by_language: Mapping[str, Mapping[str, str]], session: FormSession) -> Mapping[str, str]:
    for key in _languages(session):
        found = by_language.get(key)
        if found:
            return found
    return _NO_MEDIA


def media(session: FormSession, node: Element) -> Mapping[str, str]:
    """Label media of a question in the current language: {"image": uri, ...}."""
    question = node.tmpl.question
    return _pick(question.media, session) if question is not None else _NO_MEDIA


def _option(session: FormSession, choice: Choice, node: Element) -> ChoiceOption:
    return ChoiceOption(
        choice.value,
        render(session, choice.label(session.language), node),
        _pick(choice.media, session),
    )


def choices_at(session: FormSession, node: Element) -> list[ChoiceOption]:
    """The choices a select offers now (choice filters evaluated with current())."""
    question = node.tmpl.question
    if question is None:
        return []
    itemset = question.itemset
    if itemset is None:
        static = question.choices.choices if question.choices is not None else ()
        return [_option(session, c, node) for c in static]
    try:
        items = compile(itemset.nodeset).nodes(session._context(node))
    except (XPathError, ValueError):
        return []
    form = session.form
    known = session._plan.item_choices
    out: list[ChoiceOption] = []
    for item in items:
        hit = known.get(item)
        if hit is not None:
            out.append(_option(session, form.choice_lists[hit[0]].choices[hit[1]], node))
        else:
            out.append(_generic_item(session, item, itemset.value_ref, itemset.label_ref))
    return out


def _generic_item(session: FormSession, item: Node, value_ref: str, label_ref: str) -> ChoiceOption:
    """An item of a hand-written itemset: value and label read from the item node."""
    ctx = session._context(item)
    try:
        value = str(compile(value_ref or "name").evaluate(ctx, "string"))
        match = _ITEXT.match(label_ref)
        if match is not None:
            itext_id = str(compile(match.group(1)).evaluate(ctx, "string"))
            entry = session.form.itext(itext_id, session.language)
            text = plain_text(entry.text) if entry is not None and entry.text else ""
            found = entry.media if entry is not None else _NO_MEDIA
            return ChoiceOption(value, text, found)
        text = str(compile(label_ref).evaluate(ctx, "string")) if label_ref else value
    except (XPathError, ValueError):
        return ChoiceOption("", "", _NO_MEDIA)
    return ChoiceOption(value, text, _NO_MEDIA)


def choice_label(session: FormSession, value: str, question: str) -> str | None:
    """jr:choice-name(value, 'path'): the label of ``value`` in the current language."""
    path = _INDEX.sub("", question).replace(" ", "")
    questions = session.form.questions
    found = questions.get(path)
    if found is None:  # a relative path: match the question by its name
        name = path.rstrip("/").rpartition("/")[2]
        found = next((q for q in questions.values() if q.name == name), None)
    if found is None or found.choices is None:
        return None
    for choice in found.choices.choices:
        if choice.value == value:
            return plain_text(choice.label(session.language))
    return None
