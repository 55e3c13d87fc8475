"""Translate the English texts pyxform adds for ``select_one LIST or_other``.

pyxform gives the choice ``other`` it appends the itext "Other" in every
language, and the "specify" question ``NAME_other`` it adds the inline label
"Specify other." (no itext), so a Polish or Sorani respondent reads English.
For each form language whose code has a fieldkit catalog, :func:`translate_or_other`
puts fieldkit's translation in their place. Only those exact English texts, on
the choice and question pyxform generated, are touched: a label the form's
author wrote is left as it is.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from itertools import pairwise
from xml.etree.ElementTree import Element, SubElement, tostring

from fieldkit.forms.language_names import base_language, language_code
from fieldkit.forms.safexml import UnsafeXmlError, XmlSyntaxError, parse_xml
from fieldkit.forms.xform import qname
from fieldkit.i18n import N_, SOURCE_LANGUAGE, UI_LANGUAGES, catalog, normalize

__all__ = [
    "OTHER_LABEL",
    "SPECIFY_LABEL",
    "filled_language",
    "or_other_marker",
    "translate_or_other",
]

#: pyxform's English texts, marked so the catalogs carry their translations.
OTHER_LABEL = N_("Other")
SPECIFY_LABEL = N_("Specify other.")

# Bump when what translate_or_other writes changes: cached conversions then miss.
# 2: form language codes read by fieldkit.forms.language_names ("Arabic (ar-001)",
# "Polski ( pl )" now get their catalog's texts).
_VERSION = 2
_XFORMS = "http://www.w3.org/2002/xforms"
# What pyxform writes for the "specify" question: its cheap signature, so forms
# without or_other are not parsed twice.
_SPECIFY_SIGNATURE = f"<label>{SPECIFY_LABEL}</label>"
_ITEXT_REF = re.compile(r"""^\s*jr:itext\(\s*(['"])(.*?)\1\s*\)\s*$""")
# The document element's start tag (group 1: its name), and its namespace
# declarations (group 1: the prefix, "" for the default namespace).
_START_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)[^>]*>")
_DECLARATION = re.compile(r"""xmlns(?::([\w.-]+))?\s*=\s*(?:"[^"]*"|'[^']*')""")
_INSTANCE = re.compile(r"""^\s*instance\(\s*['"]([^'"]+)['"]\s*\)""")


def _ui_language(form_language: str) -> str | None:
    """The fieldkit UI language of a form language such as ``Polski (pl)``
    (``pl``; English ``en``), or None when fieldkit has no catalog for it."""
    found = language_code(form_language)
    if found is None:
        return None
    code = normalize(found)
    for candidate in (code, base_language(code)):
        if candidate in UI_LANGUAGES:
            return candidate
    return None


def _translated(form_language: str, message: str) -> str:
    """``message`` in ``form_language``; the English when fieldkit cannot say it."""
    lang = _ui_language(form_language)
    if lang is None or lang == SOURCE_LANGUAGE:
        return message
    return catalog(lang).gettext(message)


def filled_language(form_language: str) -> bool:
    """Whether fieldkit's or_other texts read right in ``form_language``:
    English, or a language whose catalog translates both."""
    lang = _ui_language(form_language)
    if lang == SOURCE_LANGUAGE:
        return True
    if lang is None:
        return False
    cat = catalog(lang)
    return all(cat.gettext(m) != m for m in (OTHER_LABEL, SPECIFY_LABEL))


@cache
def or_other_marker() -> str:
    """Part of the conversion cache key: changes with this module's output and
    with the catalogs' translations of its two texts, so an updated fieldkit
    never serves a form converted (and translated) by an older one."""
    parts = [str(_VERSION)]
    for lang in UI_LANGUAGES:
        if lang != SOURCE_LANGUAGE:
            cat = catalog(lang)
            parts += [lang, cat.gettext(OTHER_LABEL), cat.gettext(SPECIFY_LABEL)]
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{_VERSION}-{digest}"


def translate_or_other(xform: str) -> str:
    """``xform`` (pyxform's output) with its or_other texts translated; the
    text unchanged when it has none or when anything in it is unexpected
    (reading the form proper then reports what is wrong)."""
    if _SPECIFY_SIGNATURE not in xform:
        return xform
    try:
        root = parse_xml(xform)
    except (UnsafeXmlError, XmlSyntaxError):
        return xform
    if not _patch(root):
        return xform
    # XForms is the default namespace, as pyxform writes it (ElementTree's
    # default_namespace option refuses the unqualified attributes XForms uses).
    prefix = f"{{{_XFORMS}}}"
    for elem in root.iter():
        if elem.tag.startswith(prefix):
            elem.tag = elem.tag[len(prefix) :]
    root.set("xmlns", _XFORMS)
    return '<?xml version="1.0"?>' + _keep_declarations(xform, tostring(root, encoding="unicode"))


def _keep_declarations(original: str, written: str) -> str:
    """``written`` with the namespace declarations of ``original``'s root that
    ElementTree dropped as unused by a tag: XPath text may still use a prefix."""
    start = _START_TAG.search(original)
    end = _START_TAG.search(written)
    if start is None or end is None:
        return written
    have = {m.group(1) or "" for m in _DECLARATION.finditer(end.group(0))}
    missing = [
        m.group(0) for m in _DECLARATION.finditer(start.group(0)) if (m.group(1) or "") not in have
    ]
    if not missing:
        return written
    at = end.start(1) + len(end.group(1))
    return written[:at] + "".join(" " + d for d in missing) + written[at:]


def _children(elem: Element, name: str) -> list[Element]:
    return [c for c in elem if qname(c.tag) == name]


def _child(elem: Element, name: str) -> Element | None:
    found = _children(elem, name)
    return found[0] if found else None


def _patch(root: Element) -> bool:
    """Translate in place; whether anything changed."""
    head = _child(root, "h:head")
    body = _child(root, "h:body")
    model = _child(head, "model") if head is not None else None
    itext = _child(model, "itext") if model is not None else None
    if body is None or model is None or itext is None:
        return False
    translations = _children(itext, "translation")
    languages = [t.get("lang", "") for t in translations]
    if not translations or not any(_ui_language(lang) for lang in languages):
        return False
    relevant = {b.get("nodeset"): b.get("relevant") or "" for b in _children(model, "bind")}
    instances = {i.get("id"): i for i in _children(model, "instance") if i.get("id")}
    ids = {t.get("id") for tr in translations for t in _children(tr, "text")}

    other_ids: set[str] = set()
    specify_labels: list[tuple[Element, str]] = []
    for parent in body.iter():
        controls = list(parent)
        for select, specify in pairwise(controls):
            if not _is_or_other(select, specify, relevant):
                continue
            other_id = _other_itext_id(select, instances)
            if other_id is not None:
                other_ids.add(other_id)
            label = _child(specify, "label")
            ref = specify.get("ref", "")
            if (
                label is not None
                and not label.attrib
                and len(label) == 0
                and label.text == SPECIFY_LABEL
                and f"{ref}:label" not in ids
            ):
                specify_labels.append((label, f"{ref}:label"))

    changed = False
    for translation, lang in zip(translations, languages, strict=True):
        other = _translated(lang, OTHER_LABEL)
        if other == OTHER_LABEL:
            continue
        for text in _children(translation, "text"):
            if text.get("id") not in other_ids:
                continue
            for value in _children(text, "value"):
                if not value.attrib and len(value) == 0 and value.text == OTHER_LABEL:
                    value.text = other
                    changed = True
    for label, text_id in specify_labels:
        label.text = None
        label.set("ref", f"jr:itext('{text_id}')")
        for translation, lang in zip(translations, languages, strict=True):
            text = SubElement(translation, f"{{{_XFORMS}}}text", {"id": text_id})
            SubElement(text, f"{{{_XFORMS}}}value").text = _translated(lang, SPECIFY_LABEL)
        changed = True
    return changed


def _is_or_other(select: Element, specify: Element, relevant: dict[str | None, str]) -> bool:
    """Whether ``specify`` is the text question pyxform adds after ``select`` for
    or_other: ``NAME_other`` right after it, relevant exactly when 'other' is picked."""
    if qname(select.tag) not in ("select1", "select") or qname(specify.tag) != "input":
        return False
    ref = select.get("ref") or ""
    name = ref.rsplit("/", 1)[-1]
    return (
        bool(name)
        and specify.get("ref") == f"{ref}_other"
        and relevant.get(f"{ref}_other") == f"selected(../{name}, 'other')"
    )


def _other_itext_id(select: Element, instances: dict[str | None, Element]) -> str | None:
    """The itext id of the choice ``other`` of ``select`` (itemset or inline items)."""
    itemset = _child(select, "itemset")
    if itemset is not None:
        found = _INSTANCE.match(itemset.get("nodeset", ""))
        instance = instances.get(found.group(1)) if found else None
        if instance is None:
            return None
        for item in instance.iter():
            if qname(item.tag) != "item":
                continue
            name, itext_id = _child(item, "name"), _child(item, "itextId")
            if name is not None and name.text == "other" and itext_id is not None:
                return itext_id.text
        return None
    for item in _children(select, "item"):
        value, label = _child(item, "value"), _child(item, "label")
        if value is not None and value.text == "other" and label is not None:
            found = _ITEXT_REF.match(label.get("ref", ""))
            if found:
                return found.group(2)
    return None
