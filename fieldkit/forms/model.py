"""fieldkit's own model of a loaded form (ODK XForm semantics, no pyxform types).

Everything here is a frozen dataclass built once by :mod:`fieldkit.forms.xform`;
collections are tuples or read-only mappings so a loaded form can be shared
between the runtime, the store and the GUI without copying.

Paths are absolute instance paths as the XForm writes them (``/data/grp/q``).
Label, hint and itext texts are :data:`RichText`: a tuple of plain strings and
:class:`OutputRef` parts, so the runtime can substitute ``<output value="..."/>``
with the current answer in the respondent's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeAlias

#: pyxform's name for the translation of columns without a ``::language`` suffix.
UNTRANSLATED_LANGUAGE = "default"

#: Key used in per-language mappings for text that is not translated at all
#: (inline ``<label>`` text rather than a ``jr:itext`` reference).
NO_LANGUAGE = ""


def _empty_map() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class OutputRef:
    """An ``<output value="..."/>`` inside a text: substituted at run time."""

    value: str


TextPart: TypeAlias = str | OutputRef
RichText: TypeAlias = tuple[TextPart, ...]


def plain_text(text: RichText) -> str:
    """The text with each output shown as ``${expression}`` (for reports, checks)."""
    return "".join(p if isinstance(p, str) else "${" + p.value.strip() + "}" for p in text)


@dataclass(frozen=True, slots=True)
class TextRef:
    """A label, hint or message: an itext id, inline text, or both (itext wins)."""

    itext_id: str | None = None
    inline: RichText = ()


#: Itext forms that name a media file rather than text.
MEDIA_FORMS: tuple[str, ...] = ("image", "big-image", "audio", "video")


@dataclass(frozen=True, slots=True)
class ItextEntry:
    """One ``<text id="...">`` of a translation: its forms (default, long, image...)."""

    id: str
    forms: Mapping[str, RichText]

    @property
    def text(self) -> RichText | None:
        return self.forms.get("default") or self.forms.get("long") or self.forms.get("short")

    @property
    def media(self) -> Mapping[str, str]:
        return MappingProxyType(
            {k: plain_text(v) for k, v in self.forms.items() if k in MEDIA_FORMS}
        )


@dataclass(frozen=True, slots=True)
class Translation:
    """One ``<translation lang="...">`` of the itext block."""

    lang: str
    default: bool
    entries: Mapping[str, ItextEntry]


@dataclass(frozen=True, slots=True)
class Bind:
    """A ``<bind>``; expressions are kept as XPath text for the XPath engine."""

    nodeset: str
    type: str | None = None
    relevant: str | None = None
    required: str | None = None
    required_message: TextRef | None = None
    constraint: str | None = None
    constraint_message: TextRef | None = None
    calculate: str | None = None
    readonly: str | None = None
    #: Static default: the text of the node in the primary instance.
    default: str | None = None
    preload: str | None = None
    preload_params: str | None = None
    #: Any other attribute, by prefixed name (``odk:length``, ``saveIncomplete``...).
    extra: Mapping[str, str] = field(default_factory=_empty_map)


@dataclass(frozen=True, slots=True)
class SetValue:
    """An ``<setvalue>`` / ``<odk:setgeopoint>`` action (dynamic defaults, triggers)."""

    ref: str
    event: tuple[str, ...]
    value: str | None
    action: str = "setvalue"
    #: Path of the control the action sits in, when it is in the body.
    control: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """One choice of a list; ``labels``/``media`` are keyed by language."""

    value: str
    labels: Mapping[str, RichText]
    media: Mapping[str, Mapping[str, str]] = field(default_factory=_empty_map)
    #: Other columns of the item (choice-filter columns such as ``cf``).
    extra: Mapping[str, str] = field(default_factory=_empty_map)

    def label(self, lang: str | None) -> RichText:
        """The label in ``lang``, falling back to untranslated or any language."""
        for key in (lang, NO_LANGUAGE, UNTRANSLATED_LANGUAGE):
            if key is not None and self.labels.get(key):
                return self.labels[key]
        return next(iter(self.labels.values()), ())


@dataclass(frozen=True, slots=True)
class ChoiceList:
    """A list of choices: a secondary instance (pyxform) or a select's inline items."""

    name: str
    choices: tuple[Choice, ...]
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Itemset:
    """``<itemset nodeset="instance('x')/root/item[...]">`` (choice_filter lives here)."""

    nodeset: str
    value_ref: str
    label_ref: str
    instance_id: str | None
    #: The predicate of the nodeset (the choice filter) or None.
    filter: str | None = None


@dataclass(frozen=True, slots=True)
class SecondaryInstance:
    """``<instance id="...">`` other than the primary: inline XML or external src."""

    id: str
    src: str | None
    xml: str | None
    #: ``root/item`` children as flat dicts (child name -> text), when shaped that way.
    items: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class InstanceNode:
    """A node of the primary instance template (one per distinct path)."""

    name: str
    path: str
    text: str | None
    attributes: Mapping[str, str]
    children: tuple[InstanceNode, ...]
    #: True for a repeat's node (pyxform's ``jr:template`` copy is used).
    repeat: bool = False

    def walk(self) -> Iterator[InstanceNode]:
        yield self
        for child in self.children:
            yield from child.walk()


QuestionType: TypeAlias = str  # XLSForm type names: "text", "select_one", "rank", ...


@dataclass(frozen=True, slots=True)
class Question:
    """A leaf field: a body control, or a bind-only field (calculate, hidden, meta)."""

    path: str
    name: str
    type: QuestionType
    #: The XForm control element (input, select1, ...) or None without a control.
    control: str | None
    bind: Bind | None
    label: TextRef | None = None
    hint: TextRef | None = None
    appearance: str | None = None
    #: Inline choices or the name of the list the itemset reads from.
    choices: ChoiceList | None = None
    itemset: Itemset | None = None
    #: Label media per language: lang -> {"image": "jr://images/a.jpg", ...}.
    media: Mapping[str, Mapping[str, str]] = field(default_factory=_empty_map)
    #: range start/end/step, upload mediatype, odk:rank etc. by prefixed name.
    attributes: Mapping[str, str] = field(default_factory=_empty_map)

    @property
    def range(self) -> tuple[str | None, str | None, str | None]:
        return (
            self.attributes.get("start"),
            self.attributes.get("end"),
            self.attributes.get("step"),
        )


@dataclass(frozen=True, slots=True)
class Group:
    """A ``<group>``; ``path`` is None for a presentation-only group."""

    path: str | None
    label: TextRef | None
    appearance: str | None
    relevant: str | None
    children: tuple[BodyNode, ...]

    @property
    def field_list(self) -> bool:
        return "field-list" in (self.appearance or "").split()


@dataclass(frozen=True, slots=True)
class Repeat:
    """A ``<repeat>`` (with the label of pyxform's wrapping group)."""

    path: str
    label: TextRef | None
    count: str | None
    no_add_remove: bool
    appearance: str | None
    relevant: str | None
    children: tuple[BodyNode, ...]


BodyNode: TypeAlias = Group | Repeat | Question


def iter_body(nodes: tuple[BodyNode, ...]) -> Iterator[BodyNode]:
    """Every node of a body tree, depth first in document order."""
    for node in nodes:
        yield node
        if not isinstance(node, Question):
            yield from iter_body(node.children)


@dataclass(frozen=True, slots=True)
class Form:
    """A loaded form. Build with :func:`fieldkit.forms.load_form`."""

    form_id: str
    version: str | None
    title: str
    #: The translation ODK starts in (marked ``default="true()"``, else the first).
    default_language: str | None
    #: Languages as the form declares them (``"Polski (pl)"``); [] if untranslated.
    languages: list[str]
    root_name: str
    instance_xml: str
    instance: InstanceNode
    body: tuple[BodyNode, ...]
    #: All leaf fields by path, in instance order, with or without a control.
    questions: Mapping[str, Question]
    binds: Mapping[str, Bind]
    choice_lists: Mapping[str, ChoiceList]
    secondary_instances: Mapping[str, SecondaryInstance]
    translations: Mapping[str, Translation]
    actions: tuple[SetValue, ...]
    #: Media files referenced per language (itext image/audio/video forms).
    media: Mapping[str, tuple[str, ...]]
    source_hash: str
    #: Warnings pyxform gave when converting the XLSForm (empty for XForms).
    conversion_warnings: tuple[str, ...] = ()
    #: Other attributes of the primary instance root (orx:version, odk:prefix...).
    root_attributes: Mapping[str, str] = field(default_factory=_empty_map)

    def itext(self, itext_id: str, lang: str | None = None) -> ItextEntry | None:
        """The itext entry in ``lang`` (default: the default language)."""
        lang = lang if lang is not None else self.default_language
        for key in (lang, self.default_language, UNTRANSLATED_LANGUAGE):
            translation = self.translations.get(key) if key is not None else None
            if translation is not None and itext_id in translation.entries:
                return translation.entries[itext_id]
        return None

    def text(self, ref: TextRef | None, lang: str | None = None) -> RichText:
        """Resolve a label/hint reference in ``lang``."""
        if ref is None:
            return ()
        if ref.itext_id is not None:
            entry = self.itext(ref.itext_id, lang)
            if entry is not None and entry.text is not None:
                return entry.text
        return ref.inline

    @property
    def leaf_paths(self) -> tuple[str, ...]:
        """Distinct leaf paths of the primary instance outside ``meta``."""
        return tuple(p for p in self.questions if not _is_meta(self.root_name, p))


def _is_meta(root_name: str, path: str) -> bool:
    return path == f"/{root_name}/meta" or path.startswith(f"/{root_name}/meta/")
