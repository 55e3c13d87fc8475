"""Read ODK XForm XML (from pyxform or written by hand) into the form model.

Only :func:`fieldkit.forms.safexml.parse_xml` touches the XML text. Expressions
(relevant, constraint, calculate, choice filters...) are kept as XPath text for
the XPath engine; nothing here evaluates them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from xml.etree.ElementTree import Element, register_namespace, tostring

from fieldkit.forms.errors import FormError
from fieldkit.forms.model import (
    MEDIA_FORMS,
    NO_LANGUAGE,
    UNTRANSLATED_LANGUAGE,
    Bind,
    BodyNode,
    Choice,
    ChoiceList,
    Form,
    Group,
    InstanceNode,
    Itemset,
    ItextEntry,
    OutputRef,
    Question,
    Repeat,
    RichText,
    SecondaryInstance,
    SetValue,
    TextPart,
    TextRef,
    Translation,
    plain_text,
)
from fieldkit.forms.model_json import paused_gc
from fieldkit.forms.safexml import UnsafeXmlError, XmlSyntaxError, parse_xml
from fieldkit.i18n import _

__all__ = ["parse_xform"]

# Prefixes fieldkit uses for the namespaces ODK forms declare; the XForms
# namespace itself is the default one and gets no prefix.
_PREFIXES: Mapping[str, str] = {
    "http://www.w3.org/2002/xforms": "",
    "http://www.w3.org/1999/xhtml": "h",
    "http://openrosa.org/javarosa": "jr",
    "http://www.opendatakit.org/xforms": "odk",
    "http://openrosa.org/xforms": "orx",
    "http://www.w3.org/2001/XMLSchema": "xsd",
    "http://www.w3.org/2001/xml-events": "ev",
    "http://www.opendatakit.org/xforms/entities": "entities",
}

# The <bind> attributes with a field of their own in Bind (the rest go to extra).
_BIND_ATTRIBUTES = frozenset({
    "nodeset", "ref", "type", "relevant", "required", "constraint", "calculate",
    "readonly", "jr:requiredMsg", "jr:constraintMsg", "jr:preload", "jr:preloadParams",
})  # fmt: skip
_ACTIONS = frozenset({"setvalue", "setgeopoint"})
_CONTROLS = frozenset({"input", "select1", "select", "rank", "range", "trigger", "upload"})
_ITEXT_CALL = re.compile(r"""^\s*jr:itext\(\s*(['"])(.*?)\1\s*\)\s*$""")
_INSTANCE_CALL = re.compile(r"""instance\(\s*['"]([^'"]+)['"]\s*\)""")
_PREDICATE = re.compile(r"\[(.*)\]\s*$")
_WHITESPACE = re.compile(r"\s+")
_INPUT_TYPES: Mapping[str, str] = {
    "int": "integer",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "dateTime",
    "geopoint": "geopoint",
    "geotrace": "geotrace",
    "geoshape": "geoshape",
    "barcode": "barcode",
    "binary": "file",
}
# jr:preload / jr:preloadParams -> the XLSForm metadata type that produces it.
_PRELOADS: Mapping[tuple[str, str], str] = {
    ("timestamp", "start"): "start",
    ("timestamp", "end"): "end",
    ("date", "today"): "today",
    ("uid", ""): "uid",
}


def qname(name: str) -> str:
    """``{uri}local`` -> ``prefix:local`` for the namespaces ODK uses."""
    if not name.startswith("{"):
        return name
    uri, _sep, local = name[1:].partition("}")
    prefix = _PREFIXES.get(uri)
    if prefix is None:
        return local
    return f"{prefix}:{local}" if prefix else local


for _uri, _prefix in _PREFIXES.items():
    if _prefix:
        # Serialised instances then read jr:template, not ns0:template.
        register_namespace(_prefix, _uri)

_XFORMS_NS = "{http://www.w3.org/2002/xforms}"
# Namespaced tags for the hot loops; other spellings fall back to local_name().
_XF_TEXT = _XFORMS_NS + "text"
_XF_VALUE = _XFORMS_NS + "value"


def instance_xml(elem: Element) -> str:
    """An instance as XML text with the XForms namespace removed from element
    names: XPath in XForms reads ``/data/name``, not a namespaced name."""

    def plain(e: Element) -> Element:
        tag = e.tag[len(_XFORMS_NS) :] if e.tag.startswith(_XFORMS_NS) else e.tag
        copy = Element(tag, dict(e.attrib))
        copy.text, copy.tail = e.text, e.tail
        copy.extend(plain(c) for c in e)
        return copy

    return tostring(plain(elem), encoding="unicode")


def local_name(name: str) -> str:
    return name.rpartition("}")[2]


def _attrs(elem: Element, skip: tuple[str, ...] = ()) -> Mapping[str, str]:
    out: dict[str, str] = {}
    for key, value in elem.attrib.items():
        name = qname(key) if key[:1] == "{" else key
        if not (skip and name in skip):
            out[name] = value
    return MappingProxyType(out)


def _is_true(expr: str | None) -> bool:
    return (expr or "").strip().lower() in {"true()", "true", "1"}


def _norm_path(ref: str) -> str:
    return _WHITESPACE.sub("", ref)


def _resolve(ref: str | None, context: str | None) -> str | None:
    """An absolute path for a control's ref, relative refs resolved in ``context``."""
    if ref is None:
        return None
    ref = _norm_path(ref)
    if ref.startswith("/") or context is None:
        return ref
    parts = [p for p in context.split("/") if p]
    for step in ref.split("/"):
        if step in ("", "."):
            continue
        if step == "..":
            if parts:
                parts.pop()
        else:
            parts.append(step)
    return "/" + "/".join(parts)


def _literal(text: str) -> str:
    """An XPath expression for the literal ``text``: a setvalue's text content is
    its value, not an expression (ODK XForms spec, JavaRosa)."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    parts = [f"'{piece}'" for piece in text.split("'")]
    return "concat(" + ", \"'\", ".join(parts) + ")"


def _rich_text(elem: Element) -> RichText:
    """Text with ``<output>`` kept as :class:`OutputRef`; other markup flattened."""
    if not len(elem):
        # Plain text, the usual case (the general path gives the same result).
        text = elem.text.strip() if elem.text else ""
        return (text,) if text else ()
    parts: list[TextPart] = []

    def add(text: str | None) -> None:
        if not text:
            return
        if parts and isinstance(parts[-1], str):
            parts[-1] += text
        else:
            parts.append(text)

    add(elem.text)
    for child in elem:
        if local_name(child.tag) == "output":
            expr = child.get("value") or child.get("ref") or ""
            parts.append(OutputRef(expr.strip()))
        else:
            for part in _rich_text(child):
                if isinstance(part, str):
                    add(part)
                else:
                    parts.append(part)
        add(child.tail)
    # Outer whitespace is layout of the XML file, not part of the text.
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return tuple(p for p in parts if p != "")


def _text_ref(elem: Element | None) -> TextRef | None:
    if elem is None:
        return None
    ref = elem.get("ref")
    match = _ITEXT_CALL.match(ref) if ref else None
    return TextRef(itext_id=match.group(2) if match else None, inline=_rich_text(elem))


def _message_ref(value: str | None) -> TextRef | None:
    """``jr:constraintMsg`` etc. are either ``jr:itext('id')`` or plain text."""
    if value is None:
        return None
    match = _ITEXT_CALL.match(value)
    if match:
        return TextRef(itext_id=match.group(2))
    return TextRef(inline=(value,) if value else ())


def _child(elem: Element, name: str) -> Element | None:
    for child in elem:
        if local_name(child.tag) == name:
            return child
    return None


def _children(elem: Element, name: str) -> list[Element]:
    return [c for c in elem if local_name(c.tag) == name]


@dataclass
class _Parser:
    """State while one XForm is read; produces a :class:`Form` once."""

    path: Path | None
    translations: dict[str, Translation] = field(default_factory=dict)
    binds: dict[str, Bind] = field(default_factory=dict)
    choice_lists: dict[str, ChoiceList] = field(default_factory=dict)
    secondary: dict[str, SecondaryInstance] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    container_paths: set[str] = field(default_factory=set)
    repeat_paths: set[str] = field(default_factory=set)
    actions: list[SetValue] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    #: lang -> itext id -> the entry's media (entries with media only).
    itext_media: dict[str, dict[str, Mapping[str, str]]] = field(default_factory=dict)

    def fail(self, message: str, fix: str | None = None) -> FormError:
        return FormError(message, path=self.path, fix=fix)

    # -- head ---------------------------------------------------------------

    def read_itext(self, model: Element) -> None:
        itext = _child(model, "itext")
        if itext is None:
            return
        # The bulk of a translated form: one pass over each translation, tags
        # compared with the XForms-namespaced name first (what pyxform writes).
        for tr in _children(itext, "translation"):
            lang = tr.get("lang") or UNTRANSLATED_LANGUAGE
            entries: dict[str, ItextEntry] = {}
            media: dict[str, Mapping[str, str]] = {}
            for text in tr:
                tag = text.tag
                if tag != _XF_TEXT and local_name(tag) != "text":
                    continue
                text_id = text.get("id")
                if text_id is None:
                    continue
                forms: dict[str, RichText] = {}
                for value in text:
                    tag = value.tag
                    if tag != _XF_VALUE and local_name(tag) != "value":
                        continue
                    if len(value):
                        rich = _rich_text(value)
                    else:  # _rich_text's plain-text case, inlined
                        plain = value.text.strip() if value.text else ""
                        rich = (plain,) if plain else ()
                    forms.setdefault(value.get("form") or "default", rich)
                entries[text_id] = ItextEntry(text_id, MappingProxyType(forms))
                # ItextEntry.media, worked out once here instead of per use.
                found = None
                if len(forms) > 1 or "default" not in forms:
                    found = {k: plain_text(v) for k, v in forms.items() if k in MEDIA_FORMS}
                if found:
                    media[text_id] = MappingProxyType(found)
                elif media:
                    media.pop(text_id, None)  # a later entry with the same id wins
            default = tr.get("default") is not None and tr.get("default", "").strip() != "false()"
            self.translations[lang] = Translation(lang, default, MappingProxyType(entries))
            self.itext_media[lang] = media

    def read_defaults(self, data: Element, path: str) -> None:
        """Static defaults: the text of leaf nodes (pyxform's template copy wins)."""
        for child in data:
            child_path = f"{path}/{local_name(child.tag)}"
            if len(child):
                self.read_defaults(child, child_path)
            elif child.text and child.text.strip():
                templ = child.get("{http://openrosa.org/javarosa}template") is not None
                if templ or child_path not in self.defaults:
                    self.defaults[child_path] = child.text.strip()

    def read_bind(self, elem: Element) -> None:
        nodeset = elem.get("nodeset") or elem.get("ref")
        if not nodeset:
            return
        path = _norm_path(nodeset)
        a = _attrs(elem)
        bind_type = a.get("type")
        if bind_type and bind_type.startswith("xsd:"):
            bind_type = bind_type[4:]
        self.binds[path] = Bind(
            nodeset=path,
            type=bind_type,
            relevant=a.get("relevant"),
            required=a.get("required"),
            required_message=_message_ref(a.get("jr:requiredMsg")),
            constraint=a.get("constraint"),
            constraint_message=_message_ref(a.get("jr:constraintMsg")),
            calculate=a.get("calculate"),
            readonly=a.get("readonly"),
            default=self.defaults.get(path),
            preload=a.get("jr:preload"),
            preload_params=a.get("jr:preloadParams"),
            extra=MappingProxyType({k: v for k, v in a.items() if k not in _BIND_ATTRIBUTES}),
        )

    def read_secondary(self, inst: Element) -> None:
        inst_id = inst.get("id")
        if not inst_id:
            return
        root = next(iter(inst), None)
        items: list[Mapping[str, str]] = []
        if root is not None:
            for item in _children(root, "item"):
                items.append(
                    MappingProxyType({local_name(c.tag): (c.text or "").strip() for c in item})
                )
        self.secondary[inst_id] = SecondaryInstance(
            id=inst_id,
            src=inst.get("src"),
            xml=instance_xml(root) if root is not None else None,
            items=tuple(items),
        )
        # pyxform writes every choice list as root/item with a name and a
        # label or itextId; other instances (e.g. external CSV) are not lists.
        if items and all("name" in i for i in items):
            choices = tuple(self.choice_from_item(i) for i in items)
            self.choice_lists[inst_id] = ChoiceList(inst_id, choices)

    def choice_from_item(self, item: Mapping[str, str]) -> Choice:
        labels: dict[str, RichText] = {}
        media: dict[str, Mapping[str, str]] = {}
        itext_id = item.get("itextId")
        if itext_id:
            for lang, tr in self.translations.items():
                entry = tr.entries.get(itext_id)
                if entry is None:
                    continue
                if entry.text:
                    labels[lang] = entry.text
                entry_media = self.itext_media[lang].get(itext_id)
                if entry_media:
                    media[lang] = entry_media
        elif item.get("label"):
            labels[NO_LANGUAGE] = (item["label"],)
        extra = {k: v for k, v in item.items() if k not in {"name", "label", "itextId"}}
        return Choice(
            value=item["name"],
            labels=MappingProxyType(labels),
            media=MappingProxyType(media),
            extra=MappingProxyType(extra),
        )

    def label_media(self, ref: TextRef | None) -> Mapping[str, Mapping[str, str]]:
        if ref is None or ref.itext_id is None:
            return MappingProxyType({})
        out: dict[str, Mapping[str, str]] = {}
        itext_id = ref.itext_id
        for lang, by_id in self.itext_media.items():
            entry_media = by_id.get(itext_id)
            if entry_media:
                out[lang] = entry_media
        return MappingProxyType(out)

    # -- body ---------------------------------------------------------------

    def read_body(self, elem: Element, context: str | None) -> tuple[BodyNode, ...]:
        nodes: list[BodyNode] = []
        for child in elem:
            tag = local_name(child.tag)
            if tag == "group":
                nodes.append(self.read_group(child, context))
            elif tag == "repeat":
                nodes.append(self.read_repeat(child, context, None, None))
            elif tag in _CONTROLS:
                nodes.append(self.read_control(child, context))
            elif tag in _ACTIONS:
                self.read_action(child, context, None)
        return tuple(nodes)

    def read_group(self, elem: Element, context: str | None) -> Group | Repeat:
        path = _resolve(elem.get("ref") or elem.get("nodeset"), context)
        label = _text_ref(_child(elem, "label"))
        appearance = elem.get("appearance")
        content = [c for c in elem if local_name(c.tag) not in {"label", "hint"}]
        # pyxform wraps each repeat in a group with the same ref that carries
        # the label; ODK shows them as one repeat, and so does the model.
        if len(content) == 1 and local_name(content[0].tag) == "repeat":
            inner = content[0]
            inner_path = _resolve(inner.get("nodeset"), path or context)
            if path is None or path == inner_path:
                return self.read_repeat(inner, path or context, label, appearance)
        if path is not None:
            self.container_paths.add(path)
        children = self.read_body(elem, path or context)
        bind = self.binds.get(path) if path else None
        return Group(
            path=path,
            label=label,
            appearance=appearance,
            relevant=bind.relevant if bind else None,
            children=children,
        )

    def read_repeat(
        self,
        elem: Element,
        context: str | None,
        outer_label: TextRef | None,
        outer_appearance: str | None,
    ) -> Repeat:
        path = _resolve(elem.get("nodeset") or elem.get("ref"), context)
        if path is None:
            raise self.fail(
                _("A <repeat> has no nodeset attribute."),
                _('Give every repeat the path of its node, e.g. nodeset="/data/members".'),
            )
        self.container_paths.add(path)
        self.repeat_paths.add(path)
        a = _attrs(elem)
        label = _text_ref(_child(elem, "label")) or outer_label
        appearance = " ".join(x for x in (outer_appearance, a.get("appearance")) if x) or None
        bind = self.binds.get(path)
        return Repeat(
            path=path,
            label=label,
            count=a.get("jr:count"),
            no_add_remove=_is_true(a.get("jr:noAddRemove")),
            appearance=appearance,
            relevant=bind.relevant if bind else None,
            children=self.read_body(elem, path),
        )

    def read_action(self, elem: Element, context: str | None, control: str | None) -> None:
        ref = _resolve(elem.get("ref"), context)
        if ref is None:
            return
        self.actions.append(
            SetValue(
                ref=ref,
                event=tuple((elem.get("event") or "").split()),
                value=(
                    elem.get("value") if elem.get("value") is not None
                    else _literal(elem.text) if elem.text else None
                ),
                action=local_name(elem.tag),
                control=control,
            )
        )

    def read_control(self, elem: Element, context: str | None) -> Question:
        control = local_name(elem.tag)
        path = _resolve(elem.get("ref") or elem.get("bind"), context)
        if path is None:
            raise self.fail(
                _("A <{control}> control has no ref attribute.").format(control=control),
                _('Give every control the path of its node, e.g. ref="/data/name".'),
            )
        # One pass over the control's children (the first label/hint/itemset count).
        label_elem = hint_elem = itemset_elem = None
        items: list[Element] = []
        actions: list[Element] = []
        for child in elem:
            name = local_name(child.tag)
            if name == "label":
                label_elem = child if label_elem is None else label_elem
            elif name == "hint":
                hint_elem = child if hint_elem is None else hint_elem
            elif name == "item":
                items.append(child)
            elif name == "itemset":
                itemset_elem = child if itemset_elem is None else itemset_elem
            elif name in _ACTIONS:
                actions.append(child)
        label = _text_ref(label_elem)
        hint = _text_ref(hint_elem)
        attrs = _attrs(elem, skip=("ref", "bind", "appearance"))
        bind = self.binds.get(path)
        choices: ChoiceList | None = None
        itemset: Itemset | None = None
        if items:
            choices = self.inline_choices(path, items)
            self.choice_lists.setdefault(path, choices)
        if itemset_elem is not None:
            itemset = self.read_itemset(itemset_elem)
            if itemset.instance_id:
                choices = self.choice_lists.get(itemset.instance_id)
        for action in actions:
            self.read_action(action, context, path)
        question = Question(
            path=path,
            name=path.rsplit("/", 1)[-1],
            type=_question_type(control, bind, attrs),
            control=control,
            bind=bind,
            label=label,
            hint=hint,
            appearance=elem.get("appearance"),
            choices=choices,
            itemset=itemset,
            media=self.label_media(label),
            attributes=attrs,
        )
        self.questions[path] = question
        return question

    def inline_choices(self, path: str, items: list[Element]) -> ChoiceList:
        choices: list[Choice] = []
        for item in items:
            value_elem = _child(item, "value")
            label = _text_ref(_child(item, "label"))
            labels: dict[str, RichText] = {}
            media: dict[str, Mapping[str, str]] = {}
            if label is not None and label.itext_id is not None:
                for lang, tr in self.translations.items():
                    entry = tr.entries.get(label.itext_id)
                    if entry is not None and entry.text:
                        labels[lang] = entry.text
                    entry_media = self.itext_media[lang].get(label.itext_id)
                    if entry_media:
                        media[lang] = entry_media
            elif label is not None:
                labels[NO_LANGUAGE] = label.inline
            value = (value_elem.text or "").strip() if value_elem is not None else ""
            choices.append(Choice(value, MappingProxyType(labels), MappingProxyType(media)))
        return ChoiceList(path, tuple(choices), inline=True)

    def read_itemset(self, elem: Element) -> Itemset:
        nodeset = elem.get("nodeset") or ""
        value = _child(elem, "value")
        label = _child(elem, "label")
        match = _INSTANCE_CALL.search(nodeset)
        predicate = _PREDICATE.search(nodeset)
        return Itemset(
            nodeset=nodeset,
            value_ref=(value.get("ref") or "") if value is not None else "",
            label_ref=(label.get("ref") or "") if label is not None else "",
            instance_id=match.group(1) if match else None,
            filter=predicate.group(1).strip() if predicate else None,
        )

    # -- primary instance ---------------------------------------------------

    def instance_node(self, elem: Element, path: str, *, siblings: bool = False) -> InstanceNode:
        """``siblings``: the parent holds several elements of this name outside any
        repeat (``<node/><node/><node/>``); like JavaRosa, all of them are kept."""
        merged: dict[str, Element] = {}
        copies: dict[str, int] = {}
        templated: set[str] = set()
        for child in elem:
            name = local_name(child.tag)
            copies[name] = copies.get(name, 0) + 1
            if child.get("{http://openrosa.org/javarosa}template") is not None:
                templated.add(name)
            # A repeat appears as a jr:template copy and an initial copy; the
            # template is what new instances are made from.
            if (
                name not in merged
                or child.get("{http://openrosa.org/javarosa}template") is not None
            ):
                merged[name] = child
        children = tuple(
            self.instance_node(
                c, f"{path}/{n}", siblings=copies[n] > 1 and n not in templated
            )
            for n, c in merged.items()
        )
        attributes = _attrs(elem, skip=("jr:template",))
        is_repeat = (
            path in self.repeat_paths
            or elem.get("{http://openrosa.org/javarosa}template") is not None
            or siblings
        )
        return InstanceNode(
            name=local_name(elem.tag),
            path=path,
            text=((elem.text or "").strip() or None) if not len(elem) else None,
            attributes=attributes,
            children=children,
            repeat=is_repeat,
        )

    def leaf_question(self, node: InstanceNode) -> Question:
        known = self.questions.get(node.path)
        if known is not None:
            return known
        bind = self.binds.get(node.path)
        return Question(
            path=node.path,
            name=node.name,
            type=_question_type(None, bind, MappingProxyType({})),
            control=None,
            bind=bind,
        )


def _question_type(control: str | None, bind: Bind | None, attrs: Mapping[str, str]) -> str:
    """The XLSForm type name that produces this control and bind."""
    bind_type = bind.type if bind else None
    if control == "select1":
        return "select_one"
    if control == "select":
        return "select_multiple"
    if control in {"rank", "range"}:
        return control
    if control == "trigger":
        return "acknowledge"
    if control == "upload":
        media = attrs.get("mediatype", "")
        for kind in ("image", "audio", "video", "osm"):
            if media.startswith(kind + "/"):
                return kind
        return "file"
    if control == "input":
        if "query" in attrs:  # select_one_external: choices from an external CSV
            return "select_one_external"
        if bind_type is not None and bind_type in _INPUT_TYPES:
            return _INPUT_TYPES[bind_type]
        if bind and _is_true(bind.readonly) and not bind.calculate:
            return "note"
        return "text"
    # No control: a calculation, a metadata preload or a hidden field.
    if bind is None:
        return "hidden"
    if bind.preload:
        key = (bind.preload, bind.preload_params or "")
        return _PRELOADS.get(key, bind.preload_params or bind.preload)
    if bind.calculate is not None:
        return "calculate"
    return "hidden"


def parse_xform(
    xml: str | bytes,
    *,
    path: str | Path | None = None,
    source_hash: str = "",
    conversion_warnings: Iterable[str] = (),
) -> Form:
    """Parse ODK XForm XML into a :class:`Form`; any problem is a :class:`FormError`."""
    file_path = Path(path) if path is not None else None
    try:
        # The element tree and the model are ~10^5 containers, none in a cycle
        # and all alive to the end: collections meanwhile (full ones walk the
        # whole heap, e.g. pyxform's leftovers after a conversion) free nothing.
        with paused_gc():
            return _parse(xml, file_path, source_hash, tuple(conversion_warnings))
    except UnsafeXmlError as exc:
        raise FormError(
            _("The XML uses a DTD or entities, which fieldkit refuses for safety."),
            path=file_path,
            fix=_("Remove the <!DOCTYPE> and entity declarations from the form."),
        ) from exc
    except XmlSyntaxError as exc:
        raise FormError(
            _("The file is not well-formed XML ({detail}).").format(detail=exc),
            path=file_path,
            fix=_("Open it in an XML editor, repair the line shown, and try again."),
        ) from exc
    except RecursionError as exc:
        raise FormError(
            _("The form is nested too deeply to be read."),
            path=file_path,
            fix=_("Reduce the nesting of groups and repeats."),
        ) from exc


def _parse(
    xml: str | bytes, path: Path | None, source_hash: str, warnings: tuple[str, ...]
) -> Form:
    root = parse_xml(xml)
    p = _Parser(path)
    not_xform = _("This is XML but not an XForm (expected <h:html> with <h:head> and <model>).")
    not_xform_fix = _("Give fieldkit an ODK XForm or an XLSForm.")
    head = _child(root, "head") if local_name(root.tag) == "html" else None
    model = _child(head, "model") if head is not None else None
    if head is None or model is None:
        raise p.fail(not_xform, not_xform_fix)
    instances = _children(model, "instance")
    data = next(iter(instances[0]), None) if instances else None
    if data is None:
        raise p.fail(
            _("The XForm has no primary instance."),
            _("Add an <instance> with the form's data element to the <model>."),
        )
    root_name = local_name(data.tag)
    root_path = "/" + root_name

    p.read_itext(model)
    p.read_defaults(data, root_path)
    for bind in _children(model, "bind"):
        p.read_bind(bind)
    for inst in instances[1:]:
        p.read_secondary(inst)
    for action in model:
        if local_name(action.tag) in _ACTIONS:
            p.read_action(action, root_path, None)
    body_elem = _child(root, "body")
    body = p.read_body(body_elem, root_path) if body_elem is not None else ()
    instance = p.instance_node(data, root_path)

    questions: dict[str, Question] = {}
    for node in instance.walk():
        if node is instance or node.children or node.path in p.container_paths:
            continue
        questions[node.path] = p.leaf_question(node)

    all_langs = list(p.translations)
    # pyxform writes an untranslated form with media as one "default"
    # translation; that form declares no languages.
    languages = [] if all_langs == [UNTRANSLATED_LANGUAGE] else all_langs
    marked = [t.lang for t in p.translations.values() if t.default and t.lang in languages]
    default_language = marked[0] if marked else (languages[0] if languages else None)

    media: dict[str, tuple[str, ...]] = {}
    for lang, by_id in p.itext_media.items():
        uris = {uri for entry_media in by_id.values() for uri in entry_media.values()}
        if uris:
            media[lang] = tuple(sorted(uris))

    title_elem = _child(head, "title")
    form_id = data.get("id") or root_name
    title = (title_elem.text or "").strip() if title_elem is not None else ""
    return Form(
        form_id=form_id,
        version=data.get("version"),
        title=title or form_id,
        default_language=default_language,
        languages=languages,
        root_name=root_name,
        instance_xml=instance_xml(data),
        instance=instance,
        body=body,
        questions=MappingProxyType(questions),
        binds=MappingProxyType(p.binds),
        choice_lists=MappingProxyType(p.choice_lists),
        secondary_instances=MappingProxyType(p.secondary),
        translations=MappingProxyType(p.translations),
        actions=tuple(p.actions),
        media=MappingProxyType(media),
        source_hash=source_hash,
        conversion_warnings=warnings,
        root_attributes=_attrs(data, skip=("id", "version")),
    )
