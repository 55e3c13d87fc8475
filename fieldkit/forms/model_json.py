"""A compact, versioned JSON form of a whole :class:`~fieldkit.forms.model.Form`.

The form cache keeps this next to the XForm so that loading a cached form is a
``json.loads`` and building the dataclasses directly instead of an XML
parse (see :mod:`fieldkit.forms.loader`).

Layout (format version 1). The top level is an object::

    {"format": "fieldkit-form-model", "v": 1, "schema": "<crc32 of the field names>",
     "form": [form_id, version, title, default_language, languages, root_name,
              instance_xml, source_hash, conversion_warnings, root_attributes, media],
     "itext_ids": [...], "translations": [...], "binds": [...], "choice_lists": [...],
     "secondary_instances": [...], "question_table": [...], "questions": [...],
     "body": [...], "actions": [...], "instance": [...]}

Every dataclass is a positional array in field order (see the ``_enc_*`` and
``_dec_*`` pairs). Objects the parser shares are written once and referred to
by index, so they are shared again after decoding: a question in the body is
the one in ``Form.questions``, its ``bind`` is the one in ``Form.binds`` and its
``choices`` the list in ``Form.choice_lists``. Mappings whose key is a field of
the value (binds by nodeset, lists by name...) are written as arrays of values;
an entry whose key differs is written ``{"k": key, "v": value}``.

Translations are columns: the itext ids are written once (``itext_ids``), each
translation lists its entries' forms in that order (or gives the indexes of
its ids), so the ids are not repeated per language and are one string object
each after decoding. Rich text is a plain string when it is one string, else
an array of strings and ``[expression]`` for an ``<output>``; an entry's forms
are just its text when it has only a ``default`` form.

Decoding checks the format, its version and a fingerprint of the model's field
names, so a cache written by another fieldkit is refused with
:class:`FormJsonError` (the loader then reads the XForm again). Text that is
not JSON or not of this layout is a :class:`FormJsonError` too, never another
exception; the values themselves are not checked one by one (a cache only
holds what fieldkit wrote, and decoding speed is the point). Only ``json`` is
used: nothing is evaluated or unpickled.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import fields
from types import MappingProxyType
from typing import Any, Final, TypeAlias, TypeVar

from fieldkit.forms.model import (
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
    TextRef,
    Translation,
    iter_body,
)
from fieldkit.gc_pause import paused_gc

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "SCHEMA",
    "FormJsonError",
    "dumps",
    "form_from_data",
    "form_from_json",
    "form_to_data",
    "form_to_json",
    "loads",
    "paused_gc",
]

FORMAT: Final = "fieldkit-form-model"
#: Bump when the layout below changes (the schema fingerprint covers new fields).
FORMAT_VERSION: Final = 1

#: Every model class, in the order their field names enter :data:`SCHEMA`.
MODEL_CLASSES: Final[tuple[type, ...]] = (
    OutputRef, TextRef, ItextEntry, Translation, Bind, SetValue, Choice, ChoiceList,
    Itemset, SecondaryInstance, InstanceNode, Question, Group, Repeat, Form,
)  # fmt: skip


def _schema() -> str:
    spec = ";".join(
        cls.__name__ + ":" + ",".join(f.name for f in fields(cls)) for cls in MODEL_CLASSES
    )
    return f"{zlib.crc32(spec.encode('utf-8')):08x}"


#: Fingerprint of the model's dataclass fields: JSON written for other fields is refused.
SCHEMA: Final = _schema()

#: JSON-compatible data as :func:`json.loads` returns it.
Json: TypeAlias = Any

_T = TypeVar("_T")
_V = TypeVar("_V")

# One shared empty mapping: a mapping proxy cannot be changed, so sharing is safe.
_EMPTY: Final[Mapping[Any, Any]] = MappingProxyType({})


class FormJsonError(ValueError):
    """The text is not a form model this fieldkit can read (malformed, or
    written by another version); the caller should build the form again."""


# -- encoding -------------------------------------------------------------------


def _enc_rich(text: RichText) -> Json:
    if len(text) == 1 and type(text[0]) is str:
        return text[0]
    return [p if isinstance(p, str) else [p.value] for p in text]


def _enc_ref(ref: TextRef | None) -> Json:
    return None if ref is None else [ref.itext_id, _enc_rich(ref.inline)]


def _enc_map(mapping: Mapping[str, str]) -> Json:
    return dict(mapping)


def _enc_media(media: Mapping[str, Mapping[str, str]]) -> Json:
    return {lang: dict(forms) for lang, forms in media.items()}


def _enc_keyed(
    mapping: Mapping[str, _V], key_of: Callable[[_V], str], enc: Callable[[_V], Json]
) -> Json:
    """Values whose key is ``key_of(value)`` as they are, others as {"k", "v"}."""
    return [enc(v) if key_of(v) == k else {"k": k, "v": enc(v)} for k, v in mapping.items()]


def _enc_forms(forms: Mapping[str, RichText]) -> Json:
    if len(forms) == 1 and "default" in forms:
        return _enc_rich(forms["default"])
    return {name: _enc_rich(text) for name, text in forms.items()}


def _enc_translations(translations: Mapping[str, Translation]) -> tuple[Json, Json]:
    """The itext id table and the translations (see :func:`_dec_translations`)."""
    table: dict[str, int] = {}
    for tr in translations.values():
        for entry in tr.entries.values():
            table.setdefault(entry.id, len(table))
    everything = list(range(len(table)))
    out: list[Json] = []
    for key, tr in translations.items():
        entries = tr.entries.values()
        index = [table[e.id] for e in entries]
        item = [
            tr.lang,
            tr.default,
            None if index == everything else index,
            [_enc_forms(e.forms) for e in entries],
        ]
        if any(k != e.id for k, e in tr.entries.items()):
            item.append(list(tr.entries))
        out.append(item if key == tr.lang else {"k": key, "v": item})
    return list(table), out


def _enc_bind(b: Bind) -> Json:
    return [
        b.nodeset, b.type, b.relevant, b.required, _enc_ref(b.required_message),
        b.constraint, _enc_ref(b.constraint_message), b.calculate, b.readonly, b.default,
        b.preload, b.preload_params, _enc_map(b.extra),
    ]  # fmt: skip


def _enc_choice(c: Choice) -> Json:
    labels = {lang: _enc_rich(text) for lang, text in c.labels.items()}
    return [c.value, labels, _enc_media(c.media), _enc_map(c.extra)]


def _enc_choice_list(cl: ChoiceList) -> Json:
    return [cl.name, [_enc_choice(c) for c in cl.choices], cl.inline]


def _enc_itemset(s: Itemset | None) -> Json:
    if s is None:
        return None
    return [s.nodeset, s.value_ref, s.label_ref, s.instance_id, s.filter]


def _enc_secondary(s: SecondaryInstance) -> Json:
    return [s.id, s.src, s.xml, [dict(item) for item in s.items]]


def _enc_action(a: SetValue) -> Json:
    return [a.ref, list(a.event), a.value, a.action, a.control]


def _enc_instance(node: InstanceNode) -> Json:
    return [
        node.name, node.path, node.text, _enc_map(node.attributes),
        [_enc_instance(c) for c in node.children], node.repeat,
    ]  # fmt: skip


class _Encoder:
    """Writes shared objects once and refers to them by index."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.binds = {id(b): i for i, b in enumerate(form.binds.values())}
        self.lists = {id(cl): i for i, cl in enumerate(form.choice_lists.values())}
        # Every distinct question: those of Form.questions, then body-only ones.
        self.questions: dict[int, int] = {}
        self.table: list[Question] = []
        for q in form.questions.values():
            self._add(q)
        for node in iter_body(form.body):
            if isinstance(node, Question):
                self._add(node)

    def _add(self, q: Question) -> None:
        if id(q) not in self.questions:
            self.questions[id(q)] = len(self.table)
            self.table.append(q)

    def bind(self, b: Bind | None) -> Json:
        if b is None:
            return None
        index = self.binds.get(id(b))
        return index if index is not None else _enc_bind(b)

    def choices(self, cl: ChoiceList | None) -> Json:
        if cl is None:
            return None
        index = self.lists.get(id(cl))
        return index if index is not None else _enc_choice_list(cl)

    def question(self, q: Question) -> Json:
        return [
            q.path, q.name, q.type, q.control, self.bind(q.bind), _enc_ref(q.label),
            _enc_ref(q.hint), q.appearance, self.choices(q.choices), _enc_itemset(q.itemset),
            _enc_media(q.media), _enc_map(q.attributes),
        ]  # fmt: skip

    def body(self, nodes: tuple[BodyNode, ...]) -> Json:
        out: list[Json] = []
        for node in nodes:
            if isinstance(node, Question):
                out.append(self.questions[id(node)])
            elif isinstance(node, Group):
                out.append(
                    ["g", node.path, _enc_ref(node.label), node.appearance, node.relevant,
                     self.body(node.children)]
                )  # fmt: skip
            else:
                out.append(
                    ["r", node.path, _enc_ref(node.label), node.count, node.no_add_remove,
                     node.appearance, node.relevant, self.body(node.children)]
                )  # fmt: skip
        return out

    def data(self) -> Json:
        f = self.form
        itext_ids, translations = _enc_translations(f.translations)
        questions: list[Json] = []
        for key, q in f.questions.items():
            index = self.questions[id(q)]
            questions.append(index if q.path == key else {"k": key, "v": index})
        return {
            "format": FORMAT,
            "v": FORMAT_VERSION,
            "schema": SCHEMA,
            "form": [
                f.form_id,
                f.version,
                f.title,
                f.default_language,
                list(f.languages),
                f.root_name,
                f.instance_xml,
                f.source_hash,
                list(f.conversion_warnings),
                _enc_map(f.root_attributes),
                {k: list(v) for k, v in f.media.items()},
            ],
            "itext_ids": itext_ids,
            "translations": translations,
            "binds": _enc_keyed(f.binds, _nodeset_of, _enc_bind),
            "choice_lists": _enc_keyed(f.choice_lists, _name_of, _enc_choice_list),
            "secondary_instances": _enc_keyed(f.secondary_instances, _id_of, _enc_secondary),
            "question_table": [self.question(q) for q in self.table],
            "questions": questions,
            "body": self.body(f.body),
            "actions": [_enc_action(a) for a in f.actions],
            "instance": _enc_instance(f.instance),
        }


def _nodeset_of(b: Bind) -> str:
    return b.nodeset


def _name_of(cl: ChoiceList) -> str:
    return cl.name


def _id_of(s: SecondaryInstance) -> str:
    return s.id


def form_to_data(form: Form) -> Json:
    """The form as JSON-compatible data (for embedding in a larger document)."""
    try:
        with paused_gc():
            return _Encoder(form).data()
    except RecursionError as exc:
        raise FormJsonError("the form is nested too deeply to be written") from exc


def dumps(data: Json) -> str:
    """Compact JSON text of ``data`` (as :func:`form_to_json` writes it)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def form_to_json(form: Form) -> str:
    """The form as compact JSON text; :func:`form_from_json` reads it back."""
    try:
        with paused_gc():
            return dumps(form_to_data(form))
    except RecursionError as exc:
        raise FormJsonError("the form is nested too deeply to be written") from exc


# -- decoding -------------------------------------------------------------------


def _dec_rich(x: Json) -> RichText:
    if type(x) is str:
        return (x,)
    if x == []:  # inline text of an itext label, the most common case
        return ()
    return tuple(p if type(p) is str else OutputRef(*p) for p in x)


def _dec_ref(x: Json) -> TextRef | None:
    if x is None:
        return None
    itext_id, inline = x
    return TextRef(itext_id, _dec_rich(inline))


def _dec_map(x: Json) -> Mapping[str, str]:
    # json.loads made the dict and nothing else holds it, so it is not copied.
    return MappingProxyType(x) if x else _EMPTY


def _dec_media(x: Json) -> Mapping[str, Mapping[str, str]]:
    if not x:
        return _EMPTY
    return MappingProxyType({lang: MappingProxyType(forms) for lang, forms in x.items()})


def _dec_keyed(x: Json, key_of: Callable[[_T], str], dec: Callable[[Json], _T]) -> dict[str, _T]:
    out: dict[str, _T] = {}
    for item in x:
        if type(item) is dict:
            out[item["k"]] = dec(item["v"])
        else:
            value = dec(item)
            out[key_of(value)] = value
    return out


# ItextEntry is the most numerous object (texts x languages); it is built
# without the generated __init__ (which sets each field through
# object.__setattr__ because the class is frozen) by setting its two slots.
_new = object.__new__
_set_entry_id: Callable[[ItextEntry, str], None] = vars(ItextEntry)["id"].__set__
_set_entry_forms: Callable[[ItextEntry, Mapping[str, RichText]], None] = vars(ItextEntry)[
    "forms"
].__set__


def _dec_forms(x: Json) -> Mapping[str, RichText]:
    if type(x) is str:
        return MappingProxyType({"default": (x,)})
    if type(x) is dict:
        return MappingProxyType({name: _dec_rich(text) for name, text in x.items()})
    return MappingProxyType({"default": _dec_rich(x)})


def _dec_translations(ids: Json, x: Json) -> dict[str, Translation]:
    """Translations as ``[lang, default, index, forms, (keys)]``: ``forms`` are
    the entries' forms in order, their ids are ``ids`` at ``index`` (all of
    ``ids`` for null), their keys in ``entries`` are their ids unless ``keys``
    is given. Ids come from the one table, so each id string exists once."""
    if type(ids) is not list:
        raise FormJsonError("itext_ids is not a list")
    out: dict[str, Translation] = {}
    for raw in x:
        item = raw["v"] if type(raw) is dict else raw
        lang, default, index, forms, *rest = item
        entry_ids = ids if index is None else [ids[i] for i in index]
        keys = rest[0] if rest else entry_ids
        if len(rest) > 1 or len(keys) != len(entry_ids):
            raise FormJsonError("malformed translation")
        entries: dict[str, ItextEntry] = {}
        for key, entry_id, text in zip(keys, entry_ids, forms, strict=True):
            entry = _new(ItextEntry)
            _set_entry_id(entry, entry_id)
            if type(text) is str:  # by far the most common: one plain default text
                _set_entry_forms(entry, MappingProxyType({"default": (text,)}))
            else:
                _set_entry_forms(entry, _dec_forms(text))
            entries[key] = entry
        out[raw["k"] if type(raw) is dict else lang] = Translation(
            lang, default, MappingProxyType(entries)
        )
    return out


def _dec_bind(x: Json) -> Bind:
    (nodeset, type_, relevant, required, required_message, constraint, constraint_message,
     calculate, readonly, default, preload, preload_params, extra) = x  # fmt: skip
    return Bind(
        nodeset, type_, relevant, required, _dec_ref(required_message), constraint,
        _dec_ref(constraint_message), calculate, readonly, default, preload, preload_params,
        _dec_map(extra),
    )  # fmt: skip


def _dec_choice(x: Json) -> Choice:
    value, labels, media, extra = x
    return Choice(
        value,
        MappingProxyType({lang: _dec_rich(t) for lang, t in labels.items()}),
        _dec_media(media),
        _dec_map(extra),
    )


def _dec_choice_list(x: Json) -> ChoiceList:
    name, choices, inline = x
    return ChoiceList(name, tuple(_dec_choice(c) for c in choices), inline)


def _dec_itemset(x: Json) -> Itemset | None:
    if x is None:
        return None
    nodeset, value_ref, label_ref, instance_id, filter_ = x
    return Itemset(nodeset, value_ref, label_ref, instance_id, filter_)


def _dec_secondary(x: Json) -> SecondaryInstance:
    inst_id, src, xml, items = x
    return SecondaryInstance(inst_id, src, xml, tuple(MappingProxyType(i) for i in items))


def _dec_action(x: Json) -> SetValue:
    ref, event, value, action, control = x
    return SetValue(ref, tuple(event), value, action, control)


def _dec_instance(x: Json) -> InstanceNode:
    name, path, text, attributes, children, repeat = x
    return InstanceNode(
        name, path, text, _dec_map(attributes), tuple(map(_dec_instance, children)), repeat
    )


class _Decoder:
    def __init__(self, binds: list[Bind], lists: list[ChoiceList]) -> None:
        self.binds = binds
        self.lists = lists
        self.table: list[Question] = []

    def question(self, x: Json) -> Question:
        (path, name, type_, control, bind, label, hint, appearance, choices, itemset, media,
         attributes) = x  # fmt: skip
        return Question(
            path,
            name,
            type_,
            control,
            None if bind is None else self.binds[bind] if type(bind) is int else _dec_bind(bind),
            _dec_ref(label),
            _dec_ref(hint),
            appearance,
            (
                None
                if choices is None
                else self.lists[choices]
                if type(choices) is int
                else _dec_choice_list(choices)
            ),
            _dec_itemset(itemset),
            _dec_media(media),
            _dec_map(attributes),
        )

    def body(self, x: Json) -> tuple[BodyNode, ...]:
        out: list[BodyNode] = []
        table = self.table
        for node in x:
            if type(node) is int:
                out.append(table[node])
            elif node[0] == "g":
                _g, path, label, appearance, relevant, children = node
                out.append(Group(path, _dec_ref(label), appearance, relevant, self.body(children)))
            elif node[0] == "r":
                _r, path, label, count, no_add_remove, appearance, relevant, children = node
                out.append(
                    Repeat(
                        path,
                        _dec_ref(label),
                        count,
                        no_add_remove,
                        appearance,
                        relevant,
                        self.body(children),
                    )
                )
            else:
                raise FormJsonError(f"unknown body node {node[0]!r}")
        return tuple(out)


def form_from_data(data: Json) -> Form:
    """The form from :func:`form_to_data`'s data; :class:`FormJsonError` if it
    is malformed or of another format version.

    The form takes over the dicts and lists of ``data`` (they are not copied),
    so ``data`` must not be changed afterwards: pass what ``json.loads`` made.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FormJsonError("not a fieldkit form model")
    if data.get("v") != FORMAT_VERSION or data.get("schema") != SCHEMA:
        raise FormJsonError(
            f"form model version {data.get('v')!r}/{data.get('schema')!r} is not "
            f"{FORMAT_VERSION}/{SCHEMA}"
        )
    try:
        with paused_gc():
            return _decode(data)
    except FormJsonError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise FormJsonError(f"malformed form model ({type(exc).__name__}: {exc})") from exc


def _decode(data: dict[str, Json]) -> Form:
    (form_id, version, title, default_language, languages, root_name, instance_xml,
     source_hash, warnings, root_attributes, media) = data["form"]  # fmt: skip
    binds = _dec_keyed(data["binds"], _nodeset_of, _dec_bind)
    lists = _dec_keyed(data["choice_lists"], _name_of, _dec_choice_list)
    d = _Decoder(list(binds.values()), list(lists.values()))
    d.table = [d.question(q) for q in data["question_table"]]
    questions: dict[str, Question] = {}
    for item in data["questions"]:
        if type(item) is dict:
            questions[item["k"]] = d.table[item["v"]]
        else:
            q = d.table[item]
            questions[q.path] = q
    if type(languages) is not list:
        raise FormJsonError("languages is not a list")
    return Form(
        form_id=form_id,
        version=version,
        title=title,
        default_language=default_language,
        languages=languages,
        root_name=root_name,
        instance_xml=instance_xml,
        instance=_dec_instance(data["instance"]),
        body=d.body(data["body"]),
        questions=MappingProxyType(questions),
        binds=MappingProxyType(binds),
        choice_lists=MappingProxyType(lists),
        secondary_instances=MappingProxyType(
            _dec_keyed(data["secondary_instances"], _id_of, _dec_secondary)
        ),
        translations=MappingProxyType(_dec_translations(data["itext_ids"], data["translations"])),
        actions=tuple(_dec_action(a) for a in data["actions"]),
        media=MappingProxyType({lang: tuple(uris) for lang, uris in media.items()}),
        source_hash=source_hash,
        conversion_warnings=tuple(warnings),
        root_attributes=_dec_map(root_attributes),
    )


def loads(text: str | bytes) -> Json:
    """:func:`json.loads` with every failure as :class:`FormJsonError`."""
    try:
        return json.loads(text)
    except (ValueError, TypeError, RecursionError) as exc:
        raise FormJsonError(f"not JSON ({exc})") from exc


def form_from_json(text: str | bytes) -> Form:
    """The form :func:`form_to_json` wrote; :class:`FormJsonError` for text that
    is not JSON, not a form model, or a model of another format version."""
    with paused_gc():
        return form_from_data(loads(text))
