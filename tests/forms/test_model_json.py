"""model_json: the whole Form model to JSON and back, exactly, or a FormJsonError."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.forms import AnswerError, FormSession, SessionError, load_form
from fieldkit.forms.model import (
    Bind,
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
    SecondaryInstance,
    SetValue,
    TextRef,
    Translation,
    iter_body,
)
from fieldkit.forms.model_json import (
    FORMAT_VERSION,
    MODEL_CLASSES,
    SCHEMA,
    FormJsonError,
    form_from_data,
    form_from_json,
    form_to_data,
    form_to_json,
)
from fieldkit.forms.session import QuestionState

DATA = Path(__file__).parent / "data" / "pyxform"
RESOURCES = Path(__file__).parents[2] / "resources" / "forms"
INVALID = {"LICENSE", "duplicate_columns.xlsx", "group_name_test.xls"}
FORM_FILES = sorted(p for p in DATA.iterdir() if p.name not in INVALID) + sorted(
    p for p in RESOURCES.glob("*.md") if p.name != "README.md"
)
NOW_DATE = "2024-05-17"


@cache
def _load(path: Path) -> Form:
    return load_form(path)


def shape(value: object) -> object:
    """A value as nested tuples that also records types and mapping order, so
    that equal shapes mean equal forms in every respect the model has
    (dataclass ``==`` ignores the order of mappings and the kind of sequence)."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(shape(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, Mapping):
        return (type(value).__name__, tuple((k, shape(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(shape(v) for v in value))
    assert value is None or isinstance(value, str | bool | int), value
    return value


def assert_same(restored: Form, form: Form) -> None:
    assert restored == form
    assert shape(restored) == shape(form)
    # What the parser shares is shared again (same objects, not equal copies).
    for path, q in restored.questions.items():
        if q.bind is not None and q.bind.nodeset in restored.binds:
            assert (q.bind is restored.binds[q.bind.nodeset]) == (
                form.questions[path].bind is form.binds[q.bind.nodeset]
            )
    body_questions = [n for n in iter_body(restored.body) if isinstance(n, Question)]
    original_body = [n for n in iter_body(form.body) if isinstance(n, Question)]
    for new, old in zip(body_questions, original_body, strict=True):
        assert (restored.questions.get(new.path) is new) == (form.questions.get(old.path) is old)
        if new.choices is not None:
            name = new.choices.name
            assert (restored.choice_lists.get(name) is new.choices) == (
                form.choice_lists.get(name) is old.choices
            )


# -- round trips of real forms --------------------------------------------------


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.name)
def test_every_form_round_trips(path: Path) -> None:
    form = _load(path)
    text = form_to_json(form)
    assert_same(form_from_json(text), form)
    # Writing the restored form gives the same text: nothing drifts on re-caching.
    assert form_to_json(form_from_json(text)) == text
    json.loads(text)  # plain JSON


CANDIDATES: dict[str, list[object]] = {
    "integer": [3, 1, 12],
    "decimal": [12.5, 1.5],
    "date": [NOW_DATE],
    "time": ["09:30:00.000+01:00"],
    "dateTime": ["2024-05-17T09:30:00.000+01:00"],
    "geopoint": ["51.5 -0.12 10 5"],
    "acknowledge": [True],
}


def _answer(session: FormSession, state: QuestionState) -> None:
    if state.readonly or state.value:
        return
    if state.choices:
        options: list[object] = [state.choices[-1].value]
        if state.type == "select_multiple":
            options = [[c.value for c in state.choices[:2]]]
    else:
        options = CANDIDATES.get(state.type, [f"text for {state.name}"])
    for option in options:
        try:
            session.answer(state.path, option)
        except AnswerError:
            continue
        if session.constraint_message(state.path) is None:
            return
    session.clear(state.path)


def _fill(session: FormSession) -> list[object]:
    """Answer every page in order; what each page looked like on the way."""
    seen: list[object] = []
    page = session.current_page
    while page is not None and len(seen) < 300:
        seen.append(page)
        for state in page.questions:
            _answer(session, state)
        for repeat in [n for n in iter_body(session.form.body) if isinstance(n, Repeat)]:
            # A second instance of each top-level repeat the respondent may add to.
            try:
                if session.repeat_count(repeat.path) == 1:
                    session.add_repeat(repeat.path)
            except SessionError:
                pass  # fixed count, or inside another repeat
        page = session.next_page()
    return seen


def _clock() -> datetime:
    return datetime(2024, 5, 17, 10, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.name)
def test_a_session_on_the_restored_form_behaves_the_same(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # instanceID and uuid() must not differ between the two sessions.
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=7))
    form = _load(path)
    restored = form_from_json(form_to_json(form))
    assert restored is not form
    assert restored.leaf_paths == form.leaf_paths
    original = FormSession(form, clock=_clock)
    again = FormSession(restored, clock=_clock)
    assert _fill(again) == _fill(original)
    assert any(original.to_dict().values())
    assert again.to_xml() == original.to_xml()
    assert again.to_dict() == original.to_dict()
    assert again.validate() == original.validate()
    for language in original.languages:
        original.set_language(language)
        again.set_language(language)
        assert again.pages() == original.pages()
    # A filled session of one form reads into a session of the other.
    xml = original.to_xml()
    assert FormSession.from_xml(restored, xml, clock=_clock).to_xml() == xml


# -- every field of every class -------------------------------------------------


def _mp(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(d))


def synthetic_form() -> Form:
    """A form using every field with a non-default value, and the irregular
    cases a parser never makes (keys that are not ids, unshared objects)."""
    rich = ("Hello ", OutputRef("/d/name"), "!")
    entry = ItextEntry("/d/name:label", _mp({"default": rich, "image": ("a.jpg",)}))
    plain = ItextEntry("/d/age:label", _mp({"default": ("Age",)}))
    odd = ItextEntry("real-id", _mp({"long": (OutputRef("x"),), "short": ()}))
    translations = {
        "English (en)": Translation(
            "English (en)", True, _mp({e.id: e for e in (entry, plain)} | {"odd-key": odd})
        ),
        "Polski (pl)": Translation("Polski (pl)", False, _mp({"/d/age:label": plain})),
        "other-key": Translation("default", False, _mp({})),
    }
    msg = TextRef("/d/age:constraintMsg", ("inline", OutputRef(".")))
    bind = Bind(
        "/d/age", "int", "true()", "true()", TextRef(None, ("Required!",)), ". > 0", msg,
        "1 + 1", "false()", "5", "timestamp", "start", _mp({"odk:length": "3"}),
    )  # fmt: skip
    loose_bind = Bind("/d/loose", extra=_mp({}))
    binds = {"/d/age": bind, "odd-bind-key": Bind("/d/x")}
    c1 = Choice(
        "a",
        _mp({"English (en)": rich, "": ("A",)}),
        _mp({"English (en)": _mp({"image": "a.jpg"})}),
        _mp({"cf": "1"}),
    )
    c2 = Choice("b", _mp({}))
    shared_list = ChoiceList("list", (c1, c2))
    inline_list = ChoiceList("/d/pick", (c2,), inline=True)
    choice_lists = {"list": shared_list, "odd-list-key": inline_list}
    itemset = Itemset(
        "instance('list')/root/item[cf = 1]", "name", "jr:itext(itextId)", "list", "cf = 1"
    )
    age = Question(
        "/d/age", "age", "integer", "input", bind, TextRef("/d/age:label", ("Age",)),
        TextRef(None, ()), "numbers", None, None,
        _mp({"English (en)": _mp({"image": "a.jpg"})}), _mp({"start": "0"}),
    )  # fmt: skip
    pick = Question("/d/pick", "pick", "select_one", "select1", None, choices=shared_list,
                    itemset=itemset)  # fmt: skip
    pick_inline = Question("/d/pick2", "pick2", "select_multiple", "select", loose_bind,
                           choices=inline_list)  # fmt: skip
    hidden = Question("/d/h", "h", "hidden", None, None)
    dup = Question("/d/age", "age", "note", "input", None)  # same path, body only
    stray = ChoiceList("stray", ())
    body_only = Question("/d/grp", "grp", "text", "input", None, choices=stray)
    body = (
        age,
        Group(None, None, "field-list", None, (pick, dup)),
        Group("/d/grp", TextRef("g", ()), None, "x = 1", (body_only,)),
        Repeat("/d/r", TextRef(None, ("R",)), "3", True, "a b", "true()", (pick_inline,)),
        Repeat("/d/r2", None, None, False, None, None, ()),
    )
    leaf = InstanceNode("age", "/d/age", "5", _mp({"kind": "k"}), ())
    inner = InstanceNode("x", "/d/r/x", None, _mp({}), ())
    rep = InstanceNode("r", "/d/r", None, _mp({}), (inner,), repeat=True)
    instance = InstanceNode("d", "/d", None, _mp({"id": "f"}), (leaf, rep))
    secondary = {
        "list": SecondaryInstance("list", None, "<root/>", (_mp({"name": "a", "cf": "1"}),)),
        "ext": SecondaryInstance("ext", "jr://file-csv/x.csv", None),
        "odd-secondary-key": SecondaryInstance("s", None, None),
    }
    return Form(
        form_id="f", version="2024", title="Title", default_language="English (en)",
        languages=["English (en)", "Polski (pl)"], root_name="d",
        instance_xml='<d id="f"><age>5</age></d>', instance=instance, body=body,
        questions=_mp({"/d/age": age, "/d/pick": pick, "/d/h": hidden, "odd-q-key": pick_inline}),
        binds=_mp(binds), choice_lists=_mp(choice_lists), secondary_instances=_mp(secondary),
        translations=_mp(translations),
        actions=(SetValue("/d/age", ("odk-instance-first-load", "x"), None),
                 SetValue("/d/h", (), "now()", "setgeopoint", "/d/age")),
        media=_mp({"English (en)": ("a.jpg", "b.mp3")}), source_hash="0" * 64,
        conversion_warnings=("one", "two"), root_attributes=_mp({"orx:version": "1"}),
    )  # fmt: skip


def test_every_field_of_every_class_round_trips() -> None:
    form = synthetic_form()
    restored = form_from_json(form_to_json(form))
    assert_same(restored, form)
    seen = {type(o) for o in _objects(restored)}
    assert seen >= set(MODEL_CLASSES)


def _objects(value: object) -> Iterator[object]:
    yield value
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _objects(getattr(value, f.name))
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _objects(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _objects(v)


# The codec writes fields by position: a new field must be added there too (and
# then here). SCHEMA changes by itself, so old cache entries are refused.
EXPECTED_FIELDS = {
    "OutputRef": ["value"],
    "TextRef": ["itext_id", "inline"],
    "ItextEntry": ["id", "forms"],
    "Translation": ["lang", "default", "entries"],
    "Bind": ["nodeset", "type", "relevant", "required", "required_message", "constraint",
             "constraint_message", "calculate", "readonly", "default", "preload",
             "preload_params", "extra"],
    "SetValue": ["ref", "event", "value", "action", "control"],
    "Choice": ["value", "labels", "media", "extra"],
    "ChoiceList": ["name", "choices", "inline"],
    "Itemset": ["nodeset", "value_ref", "label_ref", "instance_id", "filter"],
    "SecondaryInstance": ["id", "src", "xml", "items"],
    "InstanceNode": ["name", "path", "text", "attributes", "children", "repeat"],
    "Question": ["path", "name", "type", "control", "bind", "label", "hint", "appearance",
                 "choices", "itemset", "media", "attributes"],
    "Group": ["path", "label", "appearance", "relevant", "children"],
    "Repeat": ["path", "label", "count", "no_add_remove", "appearance", "relevant",
               "children"],
    "Form": ["form_id", "version", "title", "default_language", "languages", "root_name",
             "instance_xml", "instance", "body", "questions", "binds", "choice_lists",
             "secondary_instances", "translations", "actions", "media", "source_hash",
             "conversion_warnings", "root_attributes"],
}  # fmt: skip


def test_the_codec_knows_every_field_of_the_model() -> None:
    actual = {cls.__name__: [f.name for f in fields(cls)] for cls in MODEL_CLASSES}
    assert actual == EXPECTED_FIELDS, "update fieldkit/forms/model_json.py for the model"
    # ItextEntry is built by setting its slots: nothing may run in __init__.
    assert not hasattr(ItextEntry, "__post_init__")


# -- refusing what it cannot read -----------------------------------------------


SMALL = DATA / "yes_or_no_question.md"


def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(form_to_json(_load(SMALL)))
    return data


@pytest.mark.parametrize(
    "change",
    [
        {"v": FORMAT_VERSION + 1},
        {"v": 0},
        {"v": None},
        {"schema": "00000000"},
        {"format": "something-else"},
    ],
)
def test_another_version_is_refused(change: dict[str, Any]) -> None:
    data = _data() | change
    with pytest.raises(FormJsonError):
        form_from_json(json.dumps(data))
    assert form_from_data(_data()) == _load(SMALL)
    assert _data()["schema"] == SCHEMA


def test_missing_keys_are_refused() -> None:
    for key in _data():
        data = _data()
        del data[key]
        with pytest.raises(FormJsonError):
            form_from_data(data)


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", "null", "1", '"x"', "{}", "[" * 100_000, '{"format": 1}']
)
def test_malformed_text_is_refused(text: str) -> None:
    with pytest.raises(FormJsonError):
        form_from_json(text)


def test_truncated_text_is_refused() -> None:
    text = form_to_json(_load(SMALL))
    for end in range(0, len(text) - 1, max(1, len(text) // 97)):
        with pytest.raises(FormJsonError):
            form_from_json(text[:end])


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_damage_is_a_form_or_a_form_json_error(data: st.DataObject) -> None:
    model = _data()
    paths = [p for p in _paths(model) if p[:1] not in {("format",), ("v",), ("schema",)} and p]
    path = data.draw(st.sampled_from(paths))
    target = model
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(JSON_VALUES)
    try:
        form = form_from_json(json.dumps(model))
    except FormJsonError:
        return
    assert isinstance(form, Form)


def test_to_data_and_from_data_embed_in_other_json() -> None:
    form = synthetic_form()
    outer = json.loads(json.dumps({"model": form_to_data(form), "other": 1}))
    assert form_from_data(outer["model"]) == form


def test_a_changed_form_is_not_the_same() -> None:
    form = synthetic_form()
    changed = replace(form, title="Other")
    assert form_from_json(form_to_json(changed)) != form
