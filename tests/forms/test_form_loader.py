"""load_form: caching, and a clear one-line FormError for every kind of bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, NoReturn

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.forms import (
    DirectoryFormCache,
    FormCache,
    FormError,
    MemoryFormCache,
    check_form,
    load_form,
    loader,
    parse_xform,
)
from fieldkit.forms.model_json import FORMAT_VERSION, form_to_json
from fieldkit.forms.xlsform import convert_xlsform

DATA = Path(__file__).parent / "data" / "pyxform"

SIMPLE_MD = """
| survey |
| | type    | name | label   |
| | text    | name | Name?   |
| | integer | age  | Age?    |
"""


def _no_pyxform(*_args: object, **_kwargs: object) -> NoReturn:
    raise AssertionError("pyxform must not be called on a cache hit")


def _forbid_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyxform.xls2xform

    monkeypatch.setattr(loader, "convert_xlsform", _no_pyxform)
    monkeypatch.setattr(pyxform.xls2xform, "convert", _no_pyxform)


def _one_line(error: FormError, path: Path) -> str:
    text = str(error)
    assert "\n" not in text
    assert str(path) in text
    return text


# -- cache ------------------------------------------------------------------


def test_memory_cache_second_load_skips_pyxform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "simple.md"
    path.write_text(SIMPLE_MD, encoding="utf-8")
    cache = MemoryFormCache()
    first = load_form(path, cache=cache)
    assert len(cache) == 1
    _forbid_conversion(monkeypatch)
    second = load_form(path, cache=cache)
    assert second.leaf_paths == first.leaf_paths == ("/data/name", "/data/age")
    assert second.source_hash == first.source_hash


def test_directory_cache_survives_a_new_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form_path = tmp_path / "loop.xlsx"
    shutil.copy(DATA / "loop.xlsx", form_path)
    first = load_form(form_path, cache=DirectoryFormCache(tmp_path / "cache"))
    assert first.conversion_warnings  # pyxform warns about or_other + translations
    _forbid_conversion(monkeypatch)
    # A fresh cache object over the same folder, as after a restart.
    second = load_form(form_path, cache=DirectoryFormCache(tmp_path / "cache"))
    assert second.conversion_warnings == first.conversion_warnings
    assert second.leaf_paths == first.leaf_paths
    result = check_form(form_path, cache=DirectoryFormCache(tmp_path / "cache"))
    assert result.ok and result.warnings[: len(first.conversion_warnings)] == list(
        first.conversion_warnings
    )


def test_changed_bytes_miss_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "simple.md"
    path.write_text(SIMPLE_MD, encoding="utf-8")
    cache = MemoryFormCache()
    load_form(path, cache=cache)
    path.write_text(SIMPLE_MD + "| | note | done | Done |\n", encoding="utf-8")
    form = load_form(path, cache=cache)
    assert "/data/done" in form.questions
    assert len(cache) == 2


def test_damaged_cache_entry_is_converted_again(tmp_path: Path) -> None:
    path = tmp_path / "simple.md"
    path.write_text(SIMPLE_MD, encoding="utf-8")
    cache = MemoryFormCache()
    cache.put(loader.cache_key(path.read_bytes(), path.name), "<not xml")
    form = load_form(path, cache=cache)
    assert form.leaf_paths == ("/data/name", "/data/age")
    assert cache.get(loader.cache_key(path.read_bytes(), path.name)) != "<not xml"


def test_caches_satisfy_the_protocol(tmp_path: Path) -> None:
    assert isinstance(MemoryFormCache(), FormCache)
    assert isinstance(DirectoryFormCache(tmp_path), FormCache)


def test_memory_cache_is_bounded() -> None:
    cache = MemoryFormCache(max_entries=2)
    for key in "abc":
        cache.put(key, key)
    assert cache.get("a") is None and cache.get("c") == "c"


def test_form_id_falls_back_to_the_file_name(tmp_path: Path) -> None:
    # Same bytes, two names: pyxform uses the name as the id, so both are right.
    cache = MemoryFormCache()
    for name in ("first.md", "second.md"):
        (tmp_path / name).write_text(SIMPLE_MD, encoding="utf-8")
        assert load_form(tmp_path / name, cache=cache).form_id == Path(name).stem


def _legacy_entry(xform: str, warnings: tuple[str, ...]) -> str:
    """A cache entry as fieldkit wrote it before the model was cached."""
    if not warnings:
        return xform
    payload = json.dumps(list(warnings)).replace("-", "\\u002d")
    return f"{xform.rstrip()}\n<!--fieldkit-pyxform-warnings:{payload}-->"


def _entry(cache: FormCache, path: Path) -> dict[str, Any]:
    text = cache.get(loader.cache_key(path.read_bytes(), path.name))
    assert text is not None
    entry: dict[str, Any] = json.loads(text)
    return entry


def _no_xml_parse(*_args: object, **_kwargs: object) -> NoReturn:
    raise AssertionError("the XForm must not be parsed when the model is cached")


def test_cache_entry_holds_the_model_and_the_xform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "loop.xlsx"
    shutil.copy(DATA / "loop.xlsx", path)
    cache = MemoryFormCache()
    first = load_form(path, cache=cache)
    entry = _entry(cache, path)
    assert (entry["format"], entry["v"]) == ("fieldkit-form-cache", 1)
    assert entry["model"]["v"] == FORMAT_VERSION
    assert entry["warnings"] == list(first.conversion_warnings)
    conversion = convert_xlsform(path.read_bytes(), filename=path.name)
    text = cache.get(loader.cache_key(path.read_bytes(), path.name))
    assert text is not None
    assert loader.entry_xform(text) == entry["xform"] == conversion.xform
    _forbid_conversion(monkeypatch)
    monkeypatch.setattr(loader, "parse_xform", _no_xml_parse)
    second = load_form(path, cache=cache)
    assert second == first and form_to_json(second) == form_to_json(first)
    assert second.conversion_warnings == first.conversion_warnings


@pytest.mark.parametrize("kind", ["memory", "directory"])
@pytest.mark.parametrize("name", ["loop.xlsx", "group.md"])
def test_entries_of_earlier_fieldkit_load_and_are_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, name: str
) -> None:
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    fresh = load_form(path)
    conversion = convert_xlsform(path.read_bytes(), filename=path.name)
    cache: FormCache = (
        MemoryFormCache() if kind == "memory" else DirectoryFormCache(tmp_path / "cache")
    )
    key = loader.cache_key(path.read_bytes(), path.name)
    cache.put(key, _legacy_entry(conversion.xform, conversion.warnings))
    assert (cache.get(key) or "").startswith("<")
    _forbid_conversion(monkeypatch)
    form = load_form(path, cache=cache)
    assert form_to_json(form) == form_to_json(fresh)
    assert form.conversion_warnings == conversion.warnings
    assert (name == "loop.xlsx") == bool(form.conversion_warnings)
    # Rewritten in the current format: the next load decodes the model.
    assert _entry(cache, path)["model"] is not None
    monkeypatch.setattr(loader, "parse_xform", _no_xml_parse)
    assert form_to_json(load_form(path, cache=cache)) == form_to_json(fresh)


@pytest.mark.parametrize(
    "change",
    [
        {"v": FORMAT_VERSION + 1},
        {"schema": "00000000"},
        {"questions": "damaged"},
        {"form": None},
        {"source_hash": "0" * 64},
    ],
)
def test_an_unreadable_model_falls_back_to_the_cached_xform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, Any]
) -> None:
    path = tmp_path / "loop.xlsx"
    shutil.copy(DATA / "loop.xlsx", path)
    cache = MemoryFormCache()
    first = load_form(path, cache=cache)
    entry = _entry(cache, path)
    if "source_hash" in change:  # a model of other bytes: not this form
        entry["model"]["form"][7] = change["source_hash"]
    else:
        entry["model"].update(change)
    key = loader.cache_key(path.read_bytes(), path.name)
    cache.put(key, json.dumps(entry))
    _forbid_conversion(monkeypatch)
    form = load_form(path, cache=cache)
    assert form_to_json(form) == form_to_json(first)
    assert _entry(cache, path)["model"] == json.loads(form_to_json(first))


@pytest.mark.parametrize(
    "damage",
    [
        "{",
        "{}",
        "[]",
        "{" + "[" * 100_000,
        '{"format": "fieldkit-form-cache", "v": 2, "warnings": [], "model": null, "xform": ""}',
        '{"format": "fieldkit-form-cache", "v": 1, "warnings": [1], "model": null, "xform": ""}',
        '{"format": "fieldkit-form-cache", "v": 1, "warnings": [], "model": null, "xform": 5}',
        '{"format": "fieldkit-form-cache", "v": 1, "warnings": [], "model": null, "xform": "<a"}',
        "<h:html/>",
        "<h:html/><!--fieldkit-pyxform-warnings:{}-->",
    ],
)
def test_a_damaged_entry_is_converted_again_and_replaced(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "simple.md"
    path.write_text(SIMPLE_MD, encoding="utf-8")
    cache = MemoryFormCache()
    key = loader.cache_key(path.read_bytes(), path.name)
    cache.put(key, damage)
    form = load_form(path, cache=cache)
    assert form.leaf_paths == ("/data/name", "/data/age")
    assert _entry(cache, path)["model"] is not None


# -- bad input --------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.xlsx"
    with pytest.raises(FormError) as info:
        load_form(path)
    assert "does not exist" in _one_line(info.value, path)


@pytest.mark.parametrize("name", ["form.txt", "form.docx", "form"])
def test_wrong_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form(path)
    text = _one_line(info.value, path)
    assert ".xlsx" in text and ".xml" in text  # says what would work


def test_folder(tmp_path: Path) -> None:
    path = tmp_path / "forms.xlsx"
    path.mkdir()
    with pytest.raises(FormError) as info:
        load_form(path)
    _one_line(info.value, path)


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.md", "empty.xml"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(FormError) as info:
        load_form(path)
    assert "empty" in _one_line(info.value, path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("garbage.xlsx", bytes(range(256)) * 20),
        ("zip.xlsx", b"PK\x03\x04" + b"\x00" * 200),
        ("garbage.xls", b"\xd0\xcf\x11\xe0" + b"\xff" * 600),
        (
            "latin1.md",
            "| survey |\n| | type | name | label |\n| | text | a | Zażółć |\n".encode("cp1250"),
        ),
        ("garbage.csv", b"\xff\xfe\x00garbage,,,,\n"),
        ("words.md", b"just some words, not a table\n"),
    ],
)
def test_garbage_xlsform(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FormError) as info:
        load_form(path)
    _one_line(info.value, path)
    result = check_form(path)
    assert not result.ok and len(result.errors) == 1


def test_xls_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "widgets.xlsx"
    shutil.copy(DATA / "widgets.xls", path)
    with pytest.raises(FormError) as info:
        load_form(path)
    assert "wrong extension" in _one_line(info.value, path)


@pytest.mark.parametrize(
    "xml",
    [
        "<h:html><unclosed>",
        "not xml at all",
        '<?xml version="1.0"?><a></b>',
    ],
)
def test_invalid_xml(tmp_path: Path, xml: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form(path)
    assert "XML" in _one_line(info.value, path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:head><h:title>&lol9;</h:title></h:head></h:html>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:head><h:title>&secret;</h:title></h:head></h:html>
"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_attacks_are_refused(tmp_path: Path, xml: str) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form(path)
    assert "DTD or entities" in _one_line(info.value, path)
    assert not check_form(path).ok


def test_error_fields(tmp_path: Path) -> None:
    path = tmp_path / "noname.md"
    path.write_text(
        "| survey |\n| | type | name | label |\n| | text | | Name? |\n", encoding="utf-8"
    )
    with pytest.raises(FormError) as info:
        load_form(path)
    error = info.value
    assert isinstance(error, ValueError)
    assert (error.path, error.sheet, error.row, error.column) == (
        str(path),
        "survey",
        2,
        "name",
    )
    assert error.message
    assert str(error).startswith(f"{path}: sheet 'survey', row 2, column 'name': ")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.sampled_from(["<h:html/>", "<a><b>", "<?xml?>", "&x;"]))
def test_any_text_is_a_form_or_a_form_error(xml: str) -> None:
    try:
        parse_xform(xml)
    except FormError as error:
        assert "\n" not in str(error)
