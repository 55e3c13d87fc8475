"""``check_form(path)``: is a form usable, and what common mistakes does it have?

The command line wires ``fieldkit form check PATH [--json]`` to this; the JSON
keys of :meth:`CheckResult.to_json` are a stable contract.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.forms.cache import FormCache
from fieldkit.forms.errors import FormError
from fieldkit.forms.external import media_folders, missing_external
from fieldkit.forms.loader import load_form
from fieldkit.forms.model import (
    UNTRANSLATED_LANGUAGE,
    Form,
    Group,
    Question,
    Repeat,
    TextRef,
    iter_body,
    plain_text,
)
from fieldkit.forms.or_other import SPECIFY_LABEL, filled_language
from fieldkit.i18n import _, ngettext

__all__ = ["CheckResult", "check_form", "ensure_runnable", "form_warnings"]

# pyxform fills a text missing in one language with this placeholder.
_PYXFORM_MISSING_TEXT = "-"
# pyxform's warning that or_other adds English texts to a translated form.
_PYXFORM_OR_OTHER = "uses or_other and translations"


@dataclass
class CheckResult:
    """What ``form check`` reports. ``fields`` counts leaf paths outside ``meta``."""

    path: str
    ok: bool
    form_id: str | None = None
    version: str | None = None
    title: str | None = None
    languages: list[str] = field(default_factory=list)
    default_language: str | None = None
    fields: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "form_id": self.form_id,
            "version": self.version,
            "title": self.title,
            "languages": list(self.languages),
            "default_language": self.default_language,
            "fields": self.fields,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


def check_form(path: str | os.PathLike[str], *, cache: FormCache | None = None) -> CheckResult:
    """Load the form at ``path`` and report on it; never raises for bad input."""
    try:
        form = load_form(path, cache=cache)
        ensure_runnable(form, path=path)
    except FormError as exc:
        return CheckResult(path=str(path), ok=False, errors=[str(exc)])
    return CheckResult(
        path=str(path),
        ok=True,
        form_id=form.form_id,
        version=form.version,
        title=form.title,
        languages=list(form.languages),
        default_language=form.default_language,
        fields=len(form.leaf_paths),
        warnings=[w for w in form.conversion_warnings if not _answered(form, w)]
        + form_warnings(form)
        + _missing_media(form, media_folders(Path(path))),
    )


def ensure_runnable(form: Form, *, path: str | os.PathLike[str] | None = None) -> None:
    """Raise a FormError if an interview of ``form`` cannot start: an expression
    that does not compile, a loop, a repeat count without end. What FormSession
    refuses, ``form check`` and adding a form refuse too. ``path`` names the file
    in the error."""
    try:
        _start(form)
    except FormError as exc:
        if exc.path is not None or path is None:
            raise
        raise FormError(exc.message, path=os.fspath(path), fix=exc.fix) from exc


def _start(form: Form) -> None:
    from datetime import UTC, datetime

    from fieldkit.forms.session import FormSession
    from fieldkit.forms.xpath import XPathError, compile

    for action in form.actions:
        if action.value is None or not action.value.strip():
            continue
        try:
            compile(action.value)
        except XPathError as exc:
            raise FormError(
                _("The expression for '{where}' cannot be used: {detail}").format(
                    where=action.ref, detail=exc
                ),
                fix=_("Correct the expression in the form."),
            ) from exc
    try:
        FormSession(form, clock=lambda: datetime(2000, 1, 1, tzinfo=UTC))
    except FormError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise FormError(
            _("The form is too deeply nested to run ({detail}).").format(
                detail=type(exc).__name__
            ),
            fix=_("Simplify its expressions."),
        ) from exc


#: At most this many missing media files are named in one warning.
_NAMED = 10


def _missing_media(form: Form, folders: list[Path]) -> list[str]:
    """One warning naming the label media (images, audio, video) not next to the form."""
    names = {
        name
        for uris in form.media.values()
        for uri in uris
        if (name := uri.rpartition("/")[2]) and name not in (".", "..")
    }
    missing = sorted(n for n in names if not any((f / n).is_file() for f in folders))
    if not missing:
        return []
    shown = ", ".join(missing[:_NAMED]) + (" ..." if len(missing) > _NAMED else "")
    return [
        ngettext(
            "{count} media file of the form is not next to it (nor in media/): {names}.",
            "{count} media files of the form are not next to it (nor in media/): {names}.",
            len(missing),
        ).format(count=len(missing), names=shown)
    ]


def _answered(form: Form, warning: str) -> bool:
    """Whether pyxform's ``warning`` no longer holds for the loaded form: its
    or_other texts are English, but fieldkit translated them into every language
    of the form (otherwise the warning stays, and the languages fieldkit could
    not fill are named by the missing-label warnings)."""
    return (
        _PYXFORM_OR_OTHER in warning
        and bool(form.languages)
        and all(filled_language(lang) for lang in form.languages)
    )


def form_warnings(form: Form) -> list[str]:
    """fieldkit's own warnings about a loaded form (pyxform's are separate)."""
    return [
        *_external_files(form),
        *_missing_translations(form),
        *_unused_choice_lists(form),
        *_constraints(form),
    ]


def _external_files(form: Form) -> Iterator[str]:
    """Files the form reads (CSV, XML, GeoJSON) that are not next to it.
    (``instance('last-saved')`` is no file: the interview service fills it.)"""
    for inst_id, name in missing_external(form):
        yield _(
            "The form reads the file '{name}' (instance '{id}'), which is not next to "
            "the form: its choices and pulldata() values will be missing until the file "
            "is added to the form's media."
        ).format(name=name, id=inst_id)



def _labelled(form: Form) -> Iterator[tuple[str, str, TextRef | None, TextRef | None]]:
    """(name, path, label, hint) of every question, group and repeat in the body."""
    for node in iter_body(form.body):
        if isinstance(node, Question):
            yield node.name, node.path, node.label, node.hint
        elif isinstance(node, Group | Repeat) and node.path is not None:
            yield node.path.rsplit("/", 1)[-1], node.path, node.label, None


def _has_text(form: Form, itext_id: str, lang: str) -> bool:
    translation = form.translations.get(lang)
    entry = translation.entries.get(itext_id) if translation else None
    if entry is None:
        return False
    if entry.media:  # an image or audio label is a label
        return True
    text = plain_text(entry.text or ()).strip()
    return bool(text) and text != _PYXFORM_MISSING_TEXT


def _untranslated_specify(form: Form, path: str, itext_id: str, lang: str) -> bool:
    """Whether ``path`` is the "specify" question pyxform adds for or_other and its
    label in ``lang`` is still pyxform's English, which fieldkit could not translate."""
    question = form.questions.get(path)
    if question is None or question.bind is None or filled_language(lang):
        return False
    select = question.name.removesuffix("_other")
    if question.bind.relevant != f"selected(../{select}, 'other')":
        return False
    translation = form.translations.get(lang)
    entry = translation.entries.get(itext_id) if translation else None
    return entry is not None and plain_text(entry.text or ()).strip() == SPECIFY_LABEL


def _missing_translations(form: Form) -> Iterator[str]:
    if not form.languages:
        return
    for name, path, label, hint in _labelled(form):
        # Whole sentences per kind, so translations can make the noun agree.
        messages = (_("'{name}' ({path}) has no label in language '{lang}'."),
                    _("'{name}' ({path}) has no hint in language '{lang}'."))
        for message, ref in zip(messages, (label, hint), strict=True):
            if ref is None:
                continue
            if ref.itext_id is not None:
                missing = [
                    lang for lang in form.languages
                    if not _has_text(form, ref.itext_id, lang)
                    or (ref is label and _untranslated_specify(form, path, ref.itext_id, lang))
                ]
            else:
                # pyxform writes a text given only in the untranslated column
                # inline, without itext: every declared language lacks it.
                missing = [lang for lang in form.languages if lang != UNTRANSLATED_LANGUAGE]
            for lang in missing:
                yield message.format(name=name, path=path, lang=lang)


def _instances_used(form: Form) -> set[str]:
    """Ids of secondary instances any itemset, bind, action or label refers to."""
    texts: list[str] = []
    for question in form.questions.values():
        if question.itemset is not None and question.itemset.instance_id:
            texts.append(f"instance('{question.itemset.instance_id}')")
        texts.extend(question.attributes.values())
    for bind in form.binds.values():
        texts.extend(
            x for x in (bind.relevant, bind.constraint, bind.calculate, bind.required) if x
        )
        texts.extend(bind.extra.values())
    texts.extend(a.value for a in form.actions if a.value)
    for translation in form.translations.values():
        for entry in translation.entries.values():
            for text in entry.forms.values():
                texts.append(plain_text(text))
    for node in iter_body(form.body):
        if isinstance(node, Repeat) and node.count:
            texts.append(node.count)
    joined = "\n".join(texts)
    return {inst for inst in form.secondary_instances if _mentions(joined, inst)}


def _mentions(text: str, instance_id: str) -> bool:
    return f"instance('{instance_id}')" in text or f'instance("{instance_id}")' in text


def _unused_choice_lists(form: Form) -> Iterator[str]:
    used = _instances_used(form)
    for name, choice_list in form.choice_lists.items():
        if choice_list.inline or name in used:
            continue
        yield _("Choice list '{name}' is not used by any question.").format(name=name)


def _constraints(form: Form) -> Iterator[str]:
    for question in form.questions.values():
        bind = question.bind
        if bind is None or not bind.constraint:
            continue
        message = bind.constraint_message
        if message is None or (message.itext_id is None and not plain_text(message.inline).strip()):
            yield _(
                "'{name}' ({path}) has a constraint but no constraint_message: "
                "interviewers will only see that the answer is invalid."
            ).format(name=question.name, path=question.path)
